"""A slow link on loopback for ``kiosk bench sync``: a TCP proxy that carries bytes (TLS passes through
untouched, end to end) at a set rate with a set one-way delay in each direction, as a 10 Mbit/s community
line with 40 ms latency does. It counts the bytes it carries: what was on the wire."""

from __future__ import annotations

import asyncio
import socket
import threading
import time


class ThrottledLink:
    def __init__(self, upstream_port: int, *, mbit_s: float = 10.0, latency_s: float = 0.040):
        self.upstream_port = upstream_port
        self.rate = mbit_s * 1_000_000 / 8  # bytes per second
        self.latency_s = latency_s
        self.down_bytes = 0  # gateway → kiosk
        self.up_bytes = 0
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="throttled-link", daemon=True)
        self._server: asyncio.base_events.Server | None = None

    def start(self) -> int:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._serve, sock=self._sock), self._loop).result(10)
        return self.port

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def reset_counts(self) -> None:
        self.down_bytes = self.up_bytes = 0

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            client_w.close()
            return
        await asyncio.gather(self._pump(client_r, server_w, up=True), self._pump(server_r, client_w, up=False),
                             return_exceptions=True)

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, up: bool) -> None:
        """Each chunk leaves ``latency_s`` after it arrived, and no sooner than the rate allows."""
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def send() -> None:
            free_at = 0.0
            while True:
                arrived, data = await queue.get()
                if not data:
                    break
                start = max(arrived + self.latency_s, free_at, time.monotonic())
                free_at = start + len(data) / self.rate
                await asyncio.sleep(max(0.0, free_at - time.monotonic()))
                writer.write(data)
                await writer.drain()
            writer.close()

        sender = asyncio.create_task(send())
        try:
            while data := await reader.read(16384):
                if up:
                    self.up_bytes += len(data)
                else:
                    self.down_bytes += len(data)
                queue.put_nowait((time.monotonic(), data))
        finally:
            queue.put_nowait((time.monotonic(), b""))
            await sender
