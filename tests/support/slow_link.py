"""A slow phone link on loopback: a TCP proxy in front of a server that paces what it sends.

DevTools' network throttling does not reach a service worker's own fetches, so the link is
made slow where every request crosses it: each new connection waits one round trip (the TCP
handshake), what the browser sends arrives half a round trip later, and what the server sends
leaves through one shared pipe of `bytes_per_second` (every connection together, as on one
phone), then arrives half a round trip later. `cut()` takes the link away: every connection is
closed and new ones are refused, as when the signal is lost.
"""

import asyncio
import threading
import time

CHUNK = 4096


def _quiet_when_cancelled(loop, context):
    # stop() cancels every connection's task: that is how they end, not an error to print.
    if not isinstance(context.get("exception"), asyncio.CancelledError):
        loop.default_exception_handler(context)


class SlowLink:
    def __init__(self, upstream_port: int, bytes_per_second: float, round_trip_seconds: float):
        self.upstream_port = upstream_port
        self.rate = bytes_per_second
        self.half_trip = round_trip_seconds / 2
        self.port = None
        self.sent = 0  # bytes the server sent through the link
        self.requests: list[tuple[float, str]] = []  # (when, request line), as they left
        self.connections = 0
        self._loop = asyncio.new_event_loop()
        self._loop.set_exception_handler(_quiet_when_cancelled)
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._pipe_free_at = 0.0
        self._writers = set()
        self._server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "SlowLink":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(timeout=10)
        return self

    async def _listen(self):
        self._server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def cut(self) -> None:
        """The signal is lost: no connection open, none accepted."""
        asyncio.run_coroutine_threadsafe(self._cut(), self._loop).result(timeout=10)

    async def _cut(self):
        self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()

    def stop(self) -> None:
        if self._server is not None:
            self.cut()
        asyncio.run_coroutine_threadsafe(self._settle(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    async def _settle(self):
        """Every connection's tasks ended, so the loop closes with nothing pending."""
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _connection(self, client_reader, client_writer):
        self.connections += 1
        self._writers.add(client_writer)
        try:
            await asyncio.sleep(2 * self.half_trip)  # the handshake
            server_reader, server_writer = await asyncio.open_connection(
                "127.0.0.1", self.upstream_port
            )
        except OSError:
            client_writer.transport.abort()
            return
        self._writers.add(server_writer)
        try:
            await asyncio.gather(
                self._carry(client_reader, server_writer, paced=False),
                self._carry(server_reader, client_writer, paced=True),
            )
        finally:
            for writer in (client_writer, server_writer):
                self._writers.discard(writer)
                writer.transport.abort()

    def _leaves_at(self, size: int) -> float:
        """When a chunk of `size` bytes has gone through the shared pipe (loop time)."""
        now = self._loop.time()
        self._pipe_free_at = max(self._pipe_free_at, now) + size / self.rate
        return self._pipe_free_at

    async def _carry(self, reader, writer, paced: bool):
        # Chunks are delivered in order, each at its own arrival time, by one task per
        # direction, so a slow chunk never lets a later one overtake it.
        arrivals: asyncio.Queue = asyncio.Queue()

        async def deliver():
            while True:
                at, data = await arrivals.get()
                if data is None:
                    break
                delay = at - self._loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                writer.write(data)
                await writer.drain()
            if writer.can_write_eof():
                writer.write_eof()

        delivering = asyncio.ensure_future(deliver())
        try:
            while True:
                data = await reader.read(CHUNK)
                if not data:
                    break
                if paced:
                    self.sent += len(data)
                    at = self._leaves_at(len(data)) + self.half_trip
                else:
                    at = self._loop.time() + self.half_trip
                    if data[:4] in (b"GET ", b"HEAD", b"POST"):
                        self.requests.append((time.monotonic(), data.split(b"\r\n", 1)[0].decode()))
                arrivals.put_nowait((at, data))
        except (ConnectionError, OSError):
            pass
        arrivals.put_nowait((0, None))
        try:
            await delivering
        except (ConnectionError, OSError):
            pass


# The links the benchmark and the issue measure on.
LINKS = {
    "slow 4G (200 KB/s, 150 ms round trip)": (200 * 1024, 0.150),
    "3G (50 KB/s, 400 ms round trip)": (50 * 1024, 0.400),
}


def slow_link(upstream_port: int, bytes_per_second: float, round_trip: float) -> SlowLink:
    return SlowLink(upstream_port, bytes_per_second, round_trip).start()
