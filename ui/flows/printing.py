"""Certified copies and the receipt: options, preview, printing (with paper-out), checkout and rating."""

from __future__ import annotations

from typing import Any

from kiosk.archive.types import label
from kiosk.clock import PeopleClock
from kiosk.errors import KioskError
from kiosk.privacy import mask_name
from kiosk.session_states import State
from ui.controller import Controller
from ui.images import decode_png
from ui.screens.print_options import MAX_COPIES, PURPOSE_ZH
from ui.services import PrintOrder


class PrintFlow:
    def __init__(self, controller: Controller, point_name: str, clock: PeopleClock | None = None):
        self.c = controller
        self.clock = clock or PeopleClock()
        self.session = controller.session
        self.point_name = point_name
        for name, handler in {
            "open_print": self.open_print,
            "copies_less": lambda _p: self._copies(-1),
            "copies_more": lambda _p: self._copies(1),
            "purpose": self.purpose,
            "back_to_record": lambda _p: self.session.transition(State.RECORD_VIEW, "back"),
            "preview_copy": self.preview_copy,
            "print_copy": self.print_copy,
            "checkout": self.checkout,
            "rate": lambda stars: (self.session.rate(int(stars)), self.c.changed()),  # type: ignore[call-overload]
        }.items():
            controller.register(name, handler)

    @property
    def extra(self) -> dict[str, Any]:
        return self.session.data.extra

    def open_print(self, _payload: object) -> None:
        self.extra.setdefault("print_options", {"copies": 1, "purpose": None})
        self.extra.pop("print_job", None)
        self.session.transition(State.PRINT, "print options")

    def _copies(self, delta: int) -> None:
        options = self.extra.setdefault("print_options", {"copies": 1, "purpose": None})
        options["copies"] = max(1, min(MAX_COPIES, options["copies"] + delta))
        self.c.changed()

    def purpose(self, purpose: object) -> None:
        self.extra.setdefault("print_options", {"copies": 1})["purpose"] = str(purpose)
        self.c.changed()

    def _order(self) -> PrintOrder:
        card = self.session.data.card
        options = self.extra["print_options"]
        return PrintOrder(self.session.data.current_record, options["copies"],
                          PURPOSE_ZH.get(options["purpose"], options["purpose"]),
                          mask_name(card.name) if card else "")

    def preview_copy(self, _payload: object) -> None:
        order = self._order()
        self.extra["copy_preview"] = self.extra["copy_preview_image"] = None
        self.session.transition(State.CERTIFY, "preview")

        def shown(preview: tuple[bytes, Any]) -> None:
            self.extra["copy_preview"], self.extra["copy_preview_image"] = preview
            self.c.changed()

        printing = self.c.services.printing
        self.c.run(lambda: _with_image(printing.preview_certified_copy(order)), shown, self.c.fault("printer"))

    def print_copy(self, _payload: object = None) -> None:
        order = self._order()
        job = self.extra["print_job"] = {"status": "printing"}
        self.c.changed()

        def printed(summary: dict) -> None:
            job.update(summary, status="done")
            self.session.data.printed.append({"record_id": order.record.record_id, "copies": order.copies,
                                              "verification_code": summary.get("verification_code", "")})
            self.c.changed()

        def failed(err: KioskError) -> None:
            # The job is kept by the printing service and waits; "Try again" sends it once paper is in.
            job["status"] = "waiting"
            self.c.fault("printer", remedy="retry", retry=self.print_copy)(err)

        printing = self.c.services.printing
        self.c.run(lambda: printing.print_certified_copy(order), printed, failed)

    def checkout(self, _payload: object) -> None:
        self.session.transition(State.CHECKOUT, "checkout")
        self._print_receipt()

    def _print_receipt(self) -> None:
        self.extra["receipt_status"] = "printing"
        lines = self.receipt_lines()

        def printed(preview: tuple[bytes | None, Any]) -> None:
            self.extra["receipt_status"] = "done"
            self.extra["receipt_preview"], self.extra["receipt_preview_image"] = preview
            self.c.changed()

        def failed(err: KioskError) -> None:
            self.extra["receipt_status"] = "failed"
            self.c.fault("receipt", remedy="retry", retry=self._print_receipt)(err)

        printing = self.c.services.printing
        self.c.run(lambda: _with_image(printing.print_receipt(lines)), printed, failed)

    def receipt_lines(self) -> list[str]:
        data = self.session.data
        # The point's local time, as on the certified copy printed in this visit.
        lines = [f"时间：{self.clock.minutes()}"]
        if data.card is not None:
            lines.append(f"办事人：{mask_name(data.card.name)}")
        lines.append(f"查阅档案：{len(data.viewed)} 件")
        for job in data.printed:
            lines.append(f"档案证明 {job['copies']} 份，验证码 {job['verification_code']}")
        for req in data.requests:
            lines.append(f"调档申请 {req['request_id']}（{label(req['record_type'])} {req.get('year', '')}），"
                         f"取件码 {req['pickup']}")
        # The service guides the resident put on the receipt: the next step, what to bring, where to go.
        lines += data.extra.get("receipt_guide_lines", [])
        return lines


def _with_image(png: bytes | None) -> tuple[bytes | None, Any]:
    """On the worker: the PNG and its decoded image, so that the screen does not decode it."""
    return png, decode_png(png)
