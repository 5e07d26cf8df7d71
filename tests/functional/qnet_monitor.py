"""A small driver for qnet's HMP monitor on stdio, for qnet-only tests."""

import os
import subprocess

PROMPT = "(qemu) "


def run_session(qnet, args, commands, timeout=10):
    """Run qnet with -monitor stdio, send commands, return (outputs, stderr, rc).

    outputs[i] is the text the monitor printed for commands[i] (its echo
    removed); "quit" is appended.  Every run is bounded by @timeout.
    """
    argv = [qnet, "-nodefaults", "-S", "-display", "none",
            "-monitor", "stdio"] + list(args)
    stdin = "".join(c + "\n" for c in list(commands) + ["quit"])
    proc = subprocess.run(argv, input=stdin.encode(), capture_output=True,
                          timeout=timeout, start_new_session=True)
    out = proc.stdout.decode().replace("\r\n", "\n")
    chunks = out.split(PROMPT)[1:]          # text after each prompt
    outputs = []
    for cmd, chunk in zip(commands, chunks):
        outputs.append(chunk[len(cmd) + 1:] if chunk.startswith(cmd)
                       else chunk)
    return outputs, proc.stderr.decode(), proc.returncode


def qnet_binary(argv):
    """The qnet binary from argv[1], or build/qnet."""
    path = argv[1] if len(argv) > 1 else "build/qnet"
    if not os.access(path, os.X_OK):
        raise SystemExit(f"qnet binary not found: {path}")
    return path
