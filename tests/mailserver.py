"""Real SMTP endpoints for the tests: one that records what it receives (aiosmtpd), and
one that refuses every recipient.

Django's SMTP backend talks to them over a socket, as it would to a real mail server:
nothing in the mail client is replaced.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from aiosmtpd.controller import Controller


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


class _Recorder:
    """An aiosmtpd handler that keeps every message it accepts and refuses recipients
    whose address starts with "bounce", as a mail server refuses an unknown mailbox."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address.startswith("bounce"):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"


@contextmanager
def recording_smtp_server() -> Iterator[tuple[int, list[email.message.EmailMessage]]]:
    """A real SMTP server (aiosmtpd) on a free local port; yields the port and the list
    the messages it accepted arrive in, parsed."""
    recorder = _Recorder()
    port = closed_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, recorder.messages
    finally:
        controller.stop()
