"""Requests that came back, told at the resident's next card tap (就近出证): the flow behind the panel
(:class:`ui.screens.request_ready.ReadyRequestsPanel`).

Once per visit, on the first arrival at HOME, it asks the request service what came back for this card and
shows it on the panel laid over the screen. The lookup and the printing run off the UI thread; an answer for
a finished visit is dropped (the controller's visit token).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from kiosk.archive.types import label
from kiosk.errors import KioskError
from kiosk.requests.notice import ReadyNotice
from kiosk.session_records import VisitCopy
from kiosk.session_states import State
from ui.controller import Controller
from ui.screens.request_ready import ReadyRequestsPanel

log = logging.getLogger("ui.requests")

class ReadyRequestsFlow(QObject):
    def __init__(self, controller: Controller, *, notices: Callable[[str], list[ReadyNotice]],
                 print_ready: Callable[[str], Any], acknowledge: Callable[[str], None],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.c = controller
        self.session = controller.session
        self.notices = notices
        self.print_ready = print_ready
        self.acknowledge = acknowledge
        self.panel = ReadyRequestsPanel()
        self._shown: dict[str, ReadyNotice] = {}
        self.session.on_wipe(self._forget)

    def attach(self, window: QWidget) -> None:
        """Lay the panel over the main window (a child outside its layout), kept in place on resize."""
        self.panel.setParent(window)
        self.panel.hide()
        window.installEventFilter(self)
        self.c.model.stateChanged.connect(self._on_state)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and self.panel.isVisible():
            self.panel.place()
        return False

    def _on_state(self, _old: str, new: str, _reason: str) -> None:
        # Laid over HOME only: on any other screen it would hide what that screen is for. Back at HOME,
        # results not yet printed or read show again.
        if State(new) is not State.HOME:
            self.panel.hide()
            return
        if self.panel.buttons and not self.panel.isVisible():
            self.panel.show()
            self.panel.place()
        card = self.session.data.card
        if card is None or self.c.view.ready_requests_checked:
            return
        self.c.view.ready_requests_checked = True
        id_number = card.id_number
        self.c.run(lambda: self.notices(id_number), self._show, self._lookup_failed)

    def _show(self, notices: list[ReadyNotice]) -> None:
        self._shown = {n.request_id: n for n in notices}
        self.panel.show_notices(notices, self.print_now, self.understood)

    def _forget(self) -> None:
        self._shown = {}
        self.panel.forget()

    def _lookup_failed(self, err: KioskError) -> None:
        log.info("returned requests not looked up: %s", err.code)

    def print_now(self, request_id: str) -> None:
        button = self.panel.buttons.get(request_id)
        if button is not None:
            button.setEnabled(False)  # one tap, one job: a second tap must not queue a second print
        self.panel.say(request_id, self.panel.printing_text())

        def printed(outcome: Any) -> None:
            if getattr(outcome, "printed", False):
                # On the visit's list of printed copies: the receipt names its verification code and the
                # statistics count it.
                notice = self._shown.get(request_id)
                self.session.data.printed.append(VisitCopy(
                    request_id=request_id, verification_code=notice.verification_code if notice else "",
                    title=f"{label(notice.record_type)}（异地出证）" if notice else "档案证明（异地出证）"))
                self.c.changed()
                self.panel.settle(request_id, self.panel.printed_text())
            else:  # still on the printer (a paused queue): the journal follows it to its end
                self.panel.say(request_id, self.panel.unfinished_text())

        def failed(err: KioskError) -> None:
            log.warning("returned certificate not printed: %s", err.code)
            self.panel.say(request_id, err.message)
            if button is not None:
                button.setEnabled(True)  # the job waits in the journal; a later tap prints that same job

        self.c.run(lambda: self.print_ready(request_id), printed, failed)

    def understood(self, request_id: str) -> None:
        def done(_result: object) -> None:
            self.panel.settle(request_id, self.panel.noted_text())

        self.c.run(lambda: self.acknowledge(request_id), done)
