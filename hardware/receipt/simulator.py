"""``sim://receipt``: a receipt printer in memory that parses the ESC/POS bytes it is sent, answers
status queries with the real status bytes, and can run out of paper or have its cover opened.

While paper is out or the cover is open it prints nothing, drops what it is sent (as a printer whose
buffer is cleared when the roll is changed) and leaves in-order status queries (GS r) unanswered;
real-time queries (DLE EOT) are always answered, unless it was told to be silent.
"""

from __future__ import annotations

import threading

from hardware.receipt.escpos_parser import EscposParser, Init, StatusRequest, Unknown
from hardware.receipt.paper import Paper, PrintedReceipt
from hardware.receipt.preview import render_preview


class ReceiptSimulator:
    def __init__(self, *, dots: int = 576) -> None:
        self.dots = dots
        self._lock = threading.Lock()
        self._parser = EscposParser()
        self._paper = Paper()
        self.received = bytearray()
        self.paper_out = False
        self.paper_near_end = False
        self.cover_open = False
        self.offline = False
        #: No answer to anything: a printer without status support, or a cable that only sends.
        self.silent = False
        self._lines_left: int | None = None
        #: Set whenever something printed or a fault changed; tests wait on it instead of sleeping.
        self.changed = threading.Condition(self._lock)

    # --- fault injection (demo panel, tests, technician training) -------------------------------

    def set_paper_out(self, out: bool = True) -> None:
        with self._lock:
            self.paper_out = out
            if not out:
                self._lines_left = None
            self.changed.notify_all()

    def load_paper(self) -> None:
        self.set_paper_out(False)
        with self._lock:
            self.paper_near_end = False

    def set_paper_near_end(self, near: bool = True) -> None:
        with self._lock:
            self.paper_near_end = near

    def set_cover_open(self, open_: bool = True) -> None:
        with self._lock:
            self.cover_open = open_
            self.changed.notify_all()

    def set_offline(self, offline: bool = True) -> None:
        with self._lock:
            self.offline = offline

    def set_silent(self, silent: bool = True) -> None:
        with self._lock:
            self.silent = silent

    def run_out_after(self, lines: int) -> None:
        """Paper ends after ``lines`` more printed lines: paper out in the middle of a job."""
        with self._lock:
            self._lines_left = lines

    # --- the printer side ----------------------------------------------------------------------

    @property
    def _stopped(self) -> bool:
        return self.paper_out or self.cover_open or self.offline

    def receive(self, data: bytes) -> bytes:
        """Takes bytes from the host; returns the bytes the printer sends back."""
        answer = bytearray()
        with self._lock:
            self.received += data
            for event in self._parser.feed(data):
                if isinstance(event, StatusRequest):
                    answer += self._answer(event)
                elif isinstance(event, Unknown):
                    continue
                elif isinstance(event, Init) or not self._stopped:
                    self._print(event)
            self.changed.notify_all()
        return bytes(answer)

    def _print(self, event: object) -> None:
        advanced = self._paper.apply(event)  # type: ignore[arg-type]
        if self._lines_left is not None and advanced:
            self._lines_left -= advanced
            if self._lines_left <= 0:
                self.paper_out = True

    def _answer(self, request: StatusRequest) -> bytes:
        if self.silent:
            return b""
        if request.command == "GS r":
            # Processed in order: a stopped printer never gets to it.
            if self._stopped:
                return b""
            return bytes([0x03 if self.paper_near_end else 0x00])
        n = request.n
        if n == 1:
            return bytes([0x12 | (0x08 if self._stopped else 0)])
        if n == 2:
            return bytes([0x12 | (0x04 if self.cover_open else 0) | (0x20 if self.paper_out else 0)])
        if n == 3:
            return b"\x12"
        if n == 4:
            return bytes([0x12 | (0x60 if self.paper_out else 0) | (0x0C if self.paper_near_end else 0)])
        return b""

    # --- what came out -------------------------------------------------------------------------

    def receipts(self) -> list[PrintedReceipt]:
        """Receipts that were printed and cut, oldest first."""
        with self._lock:
            return list(self._paper.finished_receipts())

    def last_receipt(self) -> PrintedReceipt | None:
        done = self.receipts()
        return done[-1] if done else None

    def preview_png(self, receipt: PrintedReceipt | None = None) -> bytes | None:
        """The last cut receipt (or the given one) as a PNG, kept in memory for the demo screen."""
        target = receipt or self.last_receipt()
        return render_preview(target, self.dots) if target else None

    def wait_for_receipts(self, count: int, timeout_s: float = 5.0) -> bool:
        with self._lock:
            return self.changed.wait_for(lambda: len(self._paper.finished_receipts()) >= count, timeout_s)
