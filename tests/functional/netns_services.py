"""netns_services.py: host-side servers (HTTP, TCP sink, DNS) for test_user_netns.py.

They are threads on 127.0.0.1 of the test's private host namespace, where
qnet's user backend forwards the guest's connections to 10.0.2.2 and its
queries to 10.0.2.3 (libslirp sends DNS queries to the first nameserver of
/etc/resolv.conf).
"""

import functools
import hashlib
import http.server
import socket
import socketserver
import struct
import threading


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def start_http(directory, port):
    """Serves @directory over HTTP on 127.0.0.1:@port; the server."""
    handler = functools.partial(_QuietHandler, directory=directory)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


class _SinkHandler(socketserver.BaseRequestHandler):
    """Reads to EOF, then answers "LENGTH SHA256\\n"."""

    def handle(self):
        self.request.settimeout(60)
        h, n = hashlib.sha256(), 0
        while True:
            d = self.request.recv(1 << 16)
            if not d:
                break
            h.update(d)
            n += len(d)
        self.request.sendall(f"{n} {h.hexdigest()}\n".encode())


def start_sink(port):
    """A TCP upload sink on 127.0.0.1:@port; the server."""
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    srv = socketserver.ThreadingTCPServer(("127.0.0.1", port), _SinkHandler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


# ---------------------------------------------------------------- DNS

TYPE_A, CLASS_IN = 1, 1
RCODE_NXDOMAIN = 3


def _qname(msg, off):
    """The query name at @off (no compression in questions) and the offset
    after it; RFC 1035 4.1.2."""
    labels = []
    while True:
        if off >= len(msg):
            raise ValueError("truncated name")
        n = msg[off]
        off += 1
        if n == 0:
            return ".".join(labels).lower(), off
        if n & 0xC0 or off + n > len(msg):
            raise ValueError("bad label")
        labels.append(msg[off:off + n].decode("ascii", "replace"))
        off += n


class DnsServer:
    """A UDP DNS server on 127.0.0.1:@port answering A queries from
    @names (name -> IPv4 text); other names get NXDOMAIN, other types of
    known names an empty answer.  @queries lists (name, qtype) seen."""

    def __init__(self, names, port=53):
        self.names = {k.lower(): v for k, v in names.items()}
        self.queries = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", port))
        threading.Thread(target=self._loop, daemon=True).start()

    def _answer(self, msg):
        ident, flags, qd = struct.unpack_from("!HHH", msg)
        if qd != 1 or flags & 0x8000:
            return None
        name, off = _qname(msg, 12)
        if off + 4 > len(msg):
            return None
        qtype, qclass = struct.unpack_from("!HH", msg, off)
        question = msg[12:off + 4]
        self.queries.append((name, qtype))
        rd = flags & 0x0100
        addr = self.names.get(name)
        # RFC 1035 4.1.1: QR, RD copied, RA; RCODE 3 = name error.
        out_flags = 0x8080 | rd | (0 if addr else RCODE_NXDOMAIN)
        answers = b""
        if addr and qtype == TYPE_A and qclass == CLASS_IN:
            answers = (struct.pack("!HHHIH", 0xC00C, TYPE_A, CLASS_IN, 60, 4)
                       + socket.inet_aton(addr))
        return (struct.pack("!HHHHHH", ident, out_flags, 1,
                            1 if answers else 0, 0, 0) + question + answers)

    def _loop(self):
        while True:
            try:
                msg, peer = self.sock.recvfrom(4096)
            except OSError:
                return
            try:
                reply = self._answer(msg) if len(msg) >= 12 else None
            except ValueError:
                reply = None
            if reply:
                self.sock.sendto(reply, peer)

    def close(self):
        self.sock.close()
