"""Real SMTP endpoints for tests of what happens when mail cannot be handed over.

Django's SMTP backend talks to them over a socket, as it would to a real mail server:
nothing in the mail client is replaced.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Session(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: greets, then refuses every recipient."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self.reply("220 refusing.test ESMTP")
        while line := self.rfile.readline():
            verb = line[:4].decode("ascii", "replace").upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 refusing.test")
            elif verb in ("MAIL", "RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "RCPT":
                self.reply("550 5.1.1 No such mailbox here")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 5.5.2 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def refusing_smtp_server() -> Iterator[int]:
    """An SMTP server on a free local port that answers 550 to every recipient."""
    server = _Server(("127.0.0.1", 0), _Session)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
