"""A small QMP client, written from QEMU's QMP specification
(docs/interop/qmp-spec): greeting, capabilities negotiation, commands with
"execute"/"arguments"/"id", replies with "return" or "error", and
asynchronous events with "event"/"data"/"timestamp".

It talks to any QMP server on a unix or TCP stream socket.  Every wait is
bounded.  Events that arrive while waiting for a reply are kept in order
and can be taken with get_event()/wait_event().
"""

import json
import socket
import time


class QMPError(Exception):
    """The server's reply was {"error": {"class": ..., "desc": ...}}."""

    def __init__(self, reply):
        self.reply = reply
        err = reply.get("error", {})
        self.error_class = err.get("class")
        self.desc = err.get("desc")
        super().__init__(f"{self.error_class}: {self.desc}")


class QMPTimeout(Exception):
    """Nothing (complete) arrived in time."""


class QMPClient:
    """One QMP connection.

    address: a filesystem path (unix socket) or a (host, port) pair.
    """

    def __init__(self, address, timeout=5.0):
        self.timeout = timeout
        self.events = []
        self._buf = b""
        if isinstance(address, tuple):
            self.sock = socket.create_connection(address, timeout=timeout)
        else:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.settimeout(timeout)
            self.sock.connect(address)
        self.greeting = None

    # ------------------------------------------------------------ framing

    def send_raw(self, data):
        """Send bytes as they are (for tests of malformed input)."""
        if isinstance(data, str):
            data = data.encode()
        self.sock.sendall(data)

    def send(self, obj):
        """Send one JSON object followed by a newline."""
        self.send_raw(json.dumps(obj) + "\n")

    def _fill(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise QMPTimeout("no complete message in time")
        self.sock.settimeout(remaining)
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            raise QMPTimeout("no complete message in time") from None
        if not chunk:
            raise EOFError("server closed the connection")
        self._buf += chunk

    def read_message(self, timeout=None):
        """The next JSON object from the server (one per line)."""
        deadline = time.monotonic() + (timeout or self.timeout)
        decoder = json.JSONDecoder()
        while True:
            text = self._buf.decode("utf-8", "replace").lstrip()
            if text:
                try:
                    obj, end = decoder.raw_decode(text)
                except ValueError:
                    obj = None
                if obj is not None:
                    rest = text[end:]
                    self._buf = rest.encode()
                    return obj
            self._fill(deadline)

    def read_raw_line(self, timeout=None):
        """The next line of raw text (for byte-exact checks)."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while b"\n" not in self._buf:
            self._fill(deadline)
        line, self._buf = self._buf.split(b"\n", 1)
        return line + b"\n"

    # ------------------------------------------------------------ protocol

    def read_greeting(self):
        """The server's greeting {"QMP": {"version": ..., "capabilities": [...]}}."""
        msg = self.read_message()
        if "QMP" not in msg:
            raise ValueError(f"not a QMP greeting: {msg!r}")
        self.greeting = msg
        return msg

    def negotiate(self, enable=None):
        """Read the greeting and leave capabilities negotiation mode."""
        if self.greeting is None:
            self.read_greeting()
        args = {"enable": list(enable)} if enable else None
        return self.command("qmp_capabilities", args)

    def execute(self, name, arguments=None, id=None, timeout=None):
        """Send a command and return the full reply object ("return" or
        "error"); events seen meanwhile are kept."""
        request = {"execute": name}
        if arguments is not None:
            request["arguments"] = arguments
        if id is not None:
            request["id"] = id
        self.send(request)
        return self.read_reply(timeout)

    def read_reply(self, timeout=None):
        """The next non-event message."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            msg = self.read_message(max(deadline - time.monotonic(), 0.01))
            if "event" in msg:
                self.events.append(msg)
                continue
            return msg

    def command(self, name, arguments=None, timeout=None):
        """Run a command; its "return" value, or QMPError."""
        reply = self.execute(name, arguments, timeout=timeout)
        if "error" in reply:
            raise QMPError(reply)
        return reply["return"]

    def get_event(self, name=None):
        """A kept event (the first one called @name), removed, or None."""
        for i, ev in enumerate(self.events):
            if name is None or ev.get("event") == name:
                return self.events.pop(i)
        return None

    def wait_event(self, name, timeout=None):
        """Wait (bounded) for an event called @name."""
        ev = self.get_event(name)
        deadline = time.monotonic() + (timeout or self.timeout)
        while ev is None:
            msg = self.read_message(max(deadline - time.monotonic(), 0.01))
            if msg.get("event") == name:
                return msg
            if "event" in msg:
                self.events.append(msg)
        return ev

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
