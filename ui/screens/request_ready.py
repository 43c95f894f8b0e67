"""Requests that came back, shown when the resident next taps their card (就近出证).

Once per visit, on the first arrival at HOME, the flow asks the request service what came back for this
card and shows it on a card laid over the screen: a certificate with a "print it now" button, or a
rejection with the owner's reason and an "understood" button, and "close" for later. Laid over, not put
into the window's column: the screens are made to fit 1080 lines, and a column that grows would squeeze
them. The lookup and the printing run off the UI thread; an answer for a finished visit is dropped (the
controller's visit token).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.errors import KioskError
from kiosk.requests.notice import ReadyNotice
from kiosk.session_states import State
from ui.controller import Controller
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton

log = logging.getLogger("ui.requests")

#: Marks the visit whose results were already looked up (session data: wiped with the visit).
CHECKED = "ready_requests_checked"


def _zh() -> bool:
    return Screen.language() == "zh_CN"


class ReadyRequestsPanel(QFrame):
    """One line per result; a button per line. Emits nothing itself: the flow connects the buttons."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ReadyRequestsPanel")
        self.setFrameShape(QFrame.Shape.Box)
        self.setLineWidth(4)
        self.setAutoFillBackground(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.setSpacing(16)
        self._rows = QVBoxLayout()
        self._rows.setSpacing(16)
        outer.addLayout(self._rows)
        self.close_button = BigButton("", "secondary", self)
        self.close_button.setObjectName("btn_ready_close")
        self.close_button.clicked.connect(self.hide)  # nothing is lost: the results wait for the next tap
        outer.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self.lines: dict[str, QLabel] = {}
        self.buttons: dict[str, BigButton] = {}
        self.hide()

    def place(self) -> None:
        """Across the window under its top bar, as tall as the rows need."""
        host = self.parentWidget()
        if host is None:
            return
        bar = getattr(host, "top_bar", None)
        top = bar.geometry().bottom() + 16 if isinstance(bar, QWidget) else 16
        width = host.width() - 96
        self.setGeometry(48, top, width, self.heightForWidth(width) if self.hasHeightForWidth()
                         else self.sizeHint().height())
        self.raise_()

    def show_notices(self, notices: list[ReadyNotice], on_print: Callable[[str], None],
                     on_understood: Callable[[str], None]) -> None:
        self.forget()
        language = Screen.language()
        self.close_button.setText("关闭" if _zh() else "Close")
        for n in notices:
            row = QHBoxLayout()
            text = QLabel(n.text(language), self)
            text.setObjectName(f"ready_{n.request_id}")
            text.setWordWrap(True)
            row.addWidget(text, 1)
            if n.printable:
                b = BigButton("现在打印" if _zh() else "Print it now", "primary", self)
                b.setObjectName(f"btn_print_ready_{n.request_id}")
                b.clicked.connect(lambda _=False, rid=n.request_id: on_print(rid))
            else:
                b = BigButton("知道了" if _zh() else "Understood", "secondary", self)
                b.setObjectName(f"btn_understood_{n.request_id}")
                b.clicked.connect(lambda _=False, rid=n.request_id: on_understood(rid))
            row.addWidget(b)
            self._rows.addLayout(row)
            self.lines[n.request_id] = text
            self.buttons[n.request_id] = b
        self.setVisible(bool(notices))
        if notices:
            self.place()

    def settle(self, request_id: str, text: str) -> None:
        """A line is done with (printed, read): its words change and its button goes."""
        if request_id in self.lines:
            self.lines[request_id].setText(text)
        button = self.buttons.pop(request_id, None)
        if button is not None:
            button.hide()
            button.deleteLater()

    def say(self, request_id: str, text: str) -> None:
        if request_id in self.lines:
            self.lines[request_id].setText(text)

    def forget(self) -> None:
        for widget in [*self.lines.values(), *self.buttons.values()]:
            widget.hide()
            widget.deleteLater()
        self.lines.clear()
        self.buttons.clear()
        while self._rows.count():
            row = self._rows.takeAt(0).layout()
            if row is not None:
                row.deleteLater()
        self.hide()


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
        if card is None or self.session.data.extra.get(CHECKED):
            return
        self.session.data.extra[CHECKED] = True
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
        self.panel.say(request_id, "正在打印，请稍候……" if _zh() else "Printing, please wait…")

        def printed(outcome: Any) -> None:
            if getattr(outcome, "printed", False):
                # On the visit's list of printed copies: the receipt names its verification code and the
                # statistics count it.
                notice = self._shown.get(request_id)
                self.session.data.printed.append({"request_id": request_id, "copies": 1, "verification_code":
                                                  notice.verification_code if notice else ""})
                self.c.changed()
                self.panel.settle(request_id, "已打印，请在打印机出纸口取走证明。" if _zh()
                                  else "Printed: take the certificate from the printer.")
            else:  # still on the printer (a paused queue): the journal follows it to its end
                self.panel.say(request_id, "打印机暂未完成，工作人员会协助您。" if _zh()
                               else "The printer has not finished; staff will help you.")

        def failed(err: KioskError) -> None:
            log.warning("returned certificate not printed: %s", err.code)
            self.panel.say(request_id, err.message)
            if button is not None:
                button.setEnabled(True)  # the job waits in the journal; a later tap prints that same job

        self.c.run(lambda: self.print_ready(request_id), printed, failed)

    def understood(self, request_id: str) -> None:
        def done(_result: object) -> None:
            self.panel.settle(request_id, "已告知。" if _zh() else "Noted.")

        self.c.run(lambda: self.acknowledge(request_id), done)
