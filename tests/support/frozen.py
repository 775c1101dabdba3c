"""A dependency that hangs, as a frozen PostgreSQL, Redis or mail server does to its clients.

A process stopped with SIGSTOP keeps its sockets: the kernel still accepts connections and the
bytes sent to it, and nothing ever comes back. `Relay` puts that between the app and a real
server on loopback, at the flip of `freeze()`, without signalling a server other tests share;
`silent_server()` is one that never answers from the start.
"""

import socket
import threading
from contextlib import contextmanager

CHUNK = 64 * 1024


def listening_socket() -> socket.socket:
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(128)
    return server


class Relay:
    """Forwards loopback connections to `target_port` until frozen; frozen, it reads nothing
    more from either side and forwards nothing, for connections open and new alike."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.server = listening_socket()
        self.port = self.server.getsockname()[1]
        self.flowing = threading.Event()
        self.flowing.set()
        self.sockets: list[socket.socket] = []
        self.closed = False
        threading.Thread(target=self.accept, daemon=True).start()

    def freeze(self) -> None:
        self.flowing.clear()

    def thaw(self) -> None:
        self.flowing.set()

    def accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            self.flowing.wait()  # frozen: accepted by the kernel, never answered
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pump, args=(source, sink), daemon=True).start()

    def pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                self.flowing.wait()
                data = source.recv(CHUNK)
                if not data:
                    break
                self.flowing.wait()
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self.closed = True
        self.flowing.set()
        self.server.close()
        for end in self.sockets:
            end.close()


@contextmanager
def relay(target_port: int):
    running = Relay(target_port)
    try:
        yield running
    finally:
        running.close()


@contextmanager
def silent_server():
    """A port whose server takes every connection and never says a word: a mail server frozen
    before its greeting, a Redis that never replies. Yields the port."""
    server = listening_socket()
    held: list[socket.socket] = []
    stop = threading.Event()

    def hold() -> None:
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=hold, daemon=True).start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        server.close()
        for connection in held:
            connection.close()
