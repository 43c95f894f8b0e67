"""Simulated printers for the demo and the tests, until the printing service is wired in.

They behave like the devices the kiosk meets: a printer can run out of paper (``paper_out``); the job
that could not print waits and comes out when paper is back. The receipt is drawn as a PNG preview.
"""

from __future__ import annotations

import hashlib
import threading
import time
from typing import Any

from kiosk.archive.types import label
from kiosk.errors import PrinterNotReady
from ui.services import PrintOrder
from ui.standins.pages import draw_text_page


class SimulatedPrinters:
    def __init__(self, point_name: str):
        self.point_name = point_name
        self.paper_out = False
        self.waiting: list[PrintOrder] = []
        self.printed: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        #: While set, a job stays "printing" (the walkthrough photographs the progress screen).
        self.hold = threading.Event()

    # control (demo panel, tests)
    def set_paper_out(self, out: bool) -> None:
        self.paper_out = out

    def precheck(self) -> None:
        if self.paper_out:
            raise PrinterNotReady("document printer: paper out", code="PRINTER_PAPER_OUT",
                                  detail={"device": "docprinter"})

    def _code(self, order: PrintOrder) -> str:
        return hashlib.sha256(f"{order.record.record_id}:{order.purpose}".encode()).hexdigest()[:12].upper()

    def preview_certified_copy(self, order: PrintOrder) -> bytes:
        r = order.record
        return draw_text_page("档案证明", [
            f"档案名称：{r.title}", f"档号：{r.reference}", f"类别：{label(r.record_type)} · {r.year}",
            f"当事人：{order.masked_subject}", f"用途：{order.purpose}", f"份数：{order.copies}",
            f"验证码：{self._code(order)}"], self.point_name)

    def print_certified_copy(self, order: PrintOrder) -> dict[str, Any]:
        while self.hold.is_set():
            time.sleep(0.02)  # a worker thread waiting for the walkthrough, never the UI thread
        with self._lock:
            if self.paper_out:
                if order not in self.waiting:
                    self.waiting.append(order)
                self.precheck()
            if order in self.waiting:
                self.waiting.remove(order)
            job = {"record_id": order.record.record_id, "copies": order.copies,
                   "verification_code": self._code(order), "status": "done"}
            self.printed.append(job)
            return job

    def print_receipt(self, lines: list[str]) -> bytes | None:
        self.precheck()
        return draw_text_page("服务回执", lines, self.point_name)
