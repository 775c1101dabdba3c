"""A small SMTP server on loopback, for the mail a test sends through a real socket: it offers
SMTPUTF8 or not, refuses the recipients it is told to, and keeps every mail it takes.

Only what smtplib's client says is spoken (EHLO, HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT); a
server that never answers is tests/support/frozen.py's silent_server()."""

import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from tests.support.frozen import listening_socket


@dataclass(frozen=True)
class Received:
    sender: str
    recipients: tuple[str, ...]
    options: tuple[str, ...]  # MAIL FROM's parameters: SMTPUTF8, BODY=8BITMIME...
    data: bytes


@dataclass
class SMTPServer:
    port: int
    smtputf8: bool
    refused: frozenset[str]
    received: list[Received] = field(default_factory=list)


def path_of(argument: str) -> tuple[str, list[str]]:
    """`FROM:<a@b> SMTPUTF8` -> ("a@b", ["SMTPUTF8"])."""
    address, _, rest = argument.partition(":")[2].strip().partition(">")
    return address.lstrip("<"), rest.split()


def converse(connection: socket.socket, server: SMTPServer) -> None:
    reader = connection.makefile("rb")

    def say(line: str) -> None:
        connection.sendall(line.encode() + b"\r\n")

    say("220 test.invalid ESMTP")
    sender, recipients, options = "", [], []
    for raw in reader:
        line = raw.rstrip(b"\r\n").decode("utf-8", "replace")
        verb, _, argument = line.partition(" ")
        verb = verb.upper()
        if verb == "EHLO":
            extensions = ["8BITMIME", *(["SMTPUTF8"] if server.smtputf8 else [])]
            for extension in extensions:
                say(f"250-{extension}")
            say("250 HELP")
        elif verb in ("HELO", "NOOP"):
            say("250 OK")
        elif verb == "RSET":
            sender, recipients, options = "", [], []
            say("250 OK")
        elif verb == "MAIL":
            sender, options = path_of(argument)
            if "SMTPUTF8" in options and not server.smtputf8:
                say("555 SMTPUTF8 is not offered here")
            else:
                say("250 OK")
        elif verb == "RCPT":
            recipient = path_of(argument)[0]
            if recipient in server.refused:
                say("550 No such mailbox")
            else:
                recipients.append(recipient)
                say("250 OK")
        elif verb == "DATA":
            say("354 Go on")
            lines = []
            for data_line in reader:
                if data_line in (b".\r\n", b".\n"):
                    break
                lines.append(data_line[1:] if data_line.startswith(b".") else data_line)
            server.received.append(
                Received(sender, tuple(recipients), tuple(options), b"".join(lines))
            )
            say("250 Taken")
        elif verb == "QUIT":
            say("221 Bye")
            return
        else:
            say("502 Not here")


@contextmanager
def smtp_server(smtputf8: bool = True, refused=()):
    """A running server; yields its SMTPServer, whose `received` fills as mail arrives."""
    listener = listening_socket()
    server = SMTPServer(listener.getsockname()[1], smtputf8, frozenset(refused))
    connections: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                connection = listener.accept()[0]
            except OSError:
                return
            connections.append(connection)
            threading.Thread(target=serve_one, args=(connection,), daemon=True).start()

    def serve_one(connection: socket.socket) -> None:
        with connection:
            try:
                converse(connection, server)
            except OSError:
                pass

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield server
    finally:
        listener.shutdown(socket.SHUT_RDWR)  # wakes the thread waiting in accept()
        listener.close()
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


@contextmanager
def closed_port():
    """A loopback port taken but not listening: every connection to it is refused at once."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        yield taken.getsockname()[1]
