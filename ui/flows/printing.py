"""Certified copies and the receipt: options, preview, printing (with paper-out), checkout and rating."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from kiosk.clock import PeopleClock
from kiosk.config import PointConfig
from kiosk.errors import KioskError
from kiosk.printing.receipt_content import SessionSummary
from kiosk.printing.visit_receipt import visit_summary
from kiosk.privacy import mask_name
from kiosk.session_records import VisitCopy
from kiosk.session_states import State
from ui.controller import Controller
from ui.images import decode_png
from ui.screens.base import Screen
from ui.screens.print_options import MAX_COPIES, PURPOSE_ZH
from ui.services import PrintOrder
from ui.view_model import VisitView
from ui.widgets.top_bar import point_name


class PrintFlow:
    def __init__(self, controller: Controller, point: PointConfig, clock: PeopleClock | None = None):
        self.c = controller
        self.clock = clock or PeopleClock()
        self.session = controller.session
        self.point = point
        #: The summary of the receipt printed at this visit's checkout, until WIPE.
        self.printed_summary: SessionSummary | None = None
        self.session.on_wipe(lambda: setattr(self, "printed_summary", None))
        for name, handler in {
            "open_print": self.open_print,
            "copies_less": lambda _p: self._copies(-1),
            "copies_more": lambda _p: self._copies(1),
            "purpose": self.purpose,
            "back_to_record": lambda _p: self.session.transition(State.RECORD_VIEW, "back"),
            "preview_copy": self.preview_copy,
            "print_copy": self.print_copy,
            "checkout": self.checkout,
            "finish_keep": self.keep_going,
            "rate": lambda stars: (self.session.rate(int(stars)), self.c.changed()),  # type: ignore[call-overload]
        }.items():
            controller.register(name, handler)

    @property
    def view(self) -> VisitView:
        return self.c.view

    def open_print(self, _payload: object) -> None:
        if self.view.print_options is None:
            self.view.print_options = {"copies": 1, "purpose": None}
        self.view.print_job = None
        self.session.transition(State.PRINT, "print options")

    def keep_going(self, _payload: object) -> None:
        self.view.confirm_finish = False
        self.c.changed()

    def _copies(self, delta: int) -> None:
        options = self.view.print_options = self.view.print_options or {"copies": 1, "purpose": None}
        options["copies"] = max(1, min(MAX_COPIES, options["copies"] + delta))
        self.c.changed()

    def purpose(self, purpose: object) -> None:
        options = self.view.print_options = self.view.print_options or {"copies": 1, "purpose": None}
        options["purpose"] = str(purpose)
        self.c.changed()

    def _order(self) -> PrintOrder:
        card = self.session.data.card
        options = self.view.print_options or {"copies": 1, "purpose": None}
        return PrintOrder(self.session.data.current_record, options["copies"],
                          PURPOSE_ZH.get(options["purpose"], options["purpose"]),
                          mask_name(card.name) if card else "")

    def preview_copy(self, _payload: object) -> None:
        order = self._order()
        self.view.copy_preview = self.view.copy_preview_image = self.view.copy_sharp = None
        self.session.transition(State.CERTIFY, "preview")

        def shown(preview: tuple[bytes, Any]) -> None:
            self.view.copy_preview, self.view.copy_preview_image = preview
            self.view.copy_sharp = self.render_copy
            self.c.changed()

        printing = self.c.services.printing
        self.c.run(lambda: _with_image(printing.preview_certified_copy(order)), shown, self.c.fault("printer"))

    def render_copy(self, _index: int, scale: float, part: QRectF, deliver: Callable[[QImage | None], None]) -> None:
        """The copy's page, the part on screen, rendered from its PDF at the screen's pixels on the worker."""
        printing = self.c.services.printing

        def render() -> QImage | None:
            raw = printing.render_copy_part(scale, part.x(), part.y(), part.width(), part.height())
            if raw is None:
                return None
            width, height, rgb = raw
            return QImage(rgb, width, height, 3 * width, QImage.Format.Format_RGB888).copy()

        self.c.run(render, deliver, lambda _err: None)  # without it the page stays shown as it was

    def print_copy(self, _payload: object = None) -> None:
        order = self._order()
        job = self.view.print_job = {"status": "printing"}
        self.c.changed()

        def printed(summary: dict) -> None:
            job.update(summary, status="done")
            # What the receipt says of the copy: its title, reference, verification code and QR.
            self.session.data.printed.append(VisitCopy.from_print(summary))
            self.c.changed()

        def failed(err: KioskError) -> None:
            # The job is kept by the printing service and waits; "Try again" sends it once paper is in.
            job["status"] = "waiting"
            self.c.fault("printer", remedy="retry", retry=self.print_copy)(err)

        printing = self.c.services.printing
        self.c.run(lambda: printing.print_certified_copy(order), printed, failed)

    def checkout(self, payload: object) -> None:
        # Finish before anything was printed is asked once more: a stray touch must not end the visit.
        if not self.session.data.printed and payload != "confirmed":
            self.view.confirm_finish = True
            self.c.changed()
            return
        self.view.confirm_finish = False
        self.session.transition(State.CHECKOUT, "checkout")
        self._print_receipt()

    def _print_receipt(self) -> None:
        self.view.receipt_status = "printing"
        summary = self.printed_summary = self.receipt_summary()

        def printed(preview: tuple[bytes | None, Any]) -> None:
            self.view.receipt_status = "done"
            self.view.receipt_preview, self.view.receipt_preview_image = preview
            self.c.changed()

        def failed(err: KioskError) -> None:
            self.view.receipt_status = "failed"
            self.c.fault("receipt", remedy="retry", retry=self._print_receipt)(err)

        printing = self.c.services.printing
        self.c.run(lambda: _with_image(printing.print_receipt(summary)), printed, failed)

    def receipt_summary(self) -> SessionSummary:
        """What this visit's receipt says, decided in kiosk/printing (``kiosk print receipt --summary`` prints
        the same summary to the same bytes). The point's local time, as on the copies printed in this visit."""
        point = self.point
        language = Screen.language()  # the visit's language when it ends: its receipt reads the same
        return visit_summary(self.session.data, point_name=point_name(point.name, point.name_en, language),
                             kiosk_id=point.kiosk_id, printed_at=self.clock.minutes(), point_phone=point.phone,
                             language=language)


def _with_image(png: bytes | None) -> tuple[bytes | None, Any]:
    """On the worker: the PNG and its decoded image, so that the screen does not decode it."""
    return png, decode_png(png)
