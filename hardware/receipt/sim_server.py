"""The receipt simulator behind a real TCP port on 127.0.0.1, for ``escpos+tcp://`` end to end:
the same driver code that talks to a network printer on port 9100 talks to this peer.
"""

from __future__ import annotations

import socket
import socketserver
import threading

from hardware.receipt.simulator import ReceiptSimulator


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        conn: socket.socket = self.request
        while True:
            try:
                data = conn.recv(4096)
            except OSError:
                return
            if not data:
                return
            answer = self.server.simulator.receive(data)
            if answer:
                conn.sendall(answer)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, simulator: ReceiptSimulator):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.simulator = simulator


class ReceiptSimulatorServer:
    """``with ReceiptSimulatorServer(sim) as server: open_receipt(server.url)``."""

    def __init__(self, simulator: ReceiptSimulator | None = None):
        self.simulator = simulator or ReceiptSimulator()
        self._server = _Server(self.simulator)
        # A short poll interval: unplug() (shutdown) returns within it.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="receipt-sim", daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"escpos+tcp://127.0.0.1:{self.port}"

    def start(self) -> ReceiptSimulatorServer:
        self._thread.start()
        return self

    def unplug(self) -> None:
        """The cable is pulled: the port stops listening."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> ReceiptSimulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        if self._thread.is_alive():
            self.unplug()
