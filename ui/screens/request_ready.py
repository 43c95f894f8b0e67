"""Requests that came back, shown when the resident next taps their card (就近出证).

Once per visit, on the first arrival at HOME, the flow asks the request service what came back for this
card and shows it on a card laid over the screen: a certificate with a "print it now" button, or a
rejection with the owner's reason and an "understood" button, and "close" for later. Laid over, not put
into the window's column: the screens are made to fit 1080 lines, and a column that grows would squeeze
them. The lookup and the printing run off the UI thread; an answer for a finished visit is dropped (the
controller's visit token).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.requests.notice import ReadyNotice
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton


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
        self.close_button.setText(self.tr("Close"))
        for n in notices:
            row = QHBoxLayout()
            text = QLabel(n.text(language), self)
            text.setObjectName(f"ready_{n.request_id}")
            text.setWordWrap(True)
            row.addWidget(text, 1)
            if n.printable:
                b = BigButton(self.tr("Print it now"), "primary", self)
                b.setObjectName(f"btn_print_ready_{n.request_id}")
                b.clicked.connect(lambda _=False, rid=n.request_id: on_print(rid))
            else:
                b = BigButton(self.tr("Understood"), "secondary", self)
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

    # The flow's words for a line, here with the panel's other texts (one place, one catalogue context).
    def printing_text(self) -> str:
        return self.tr("Printing, please wait…")

    def printed_text(self) -> str:
        return self.tr("Printed: take the certificate from the printer.")

    def unfinished_text(self) -> str:
        return self.tr("The printer has not finished; staff will help you.")

    def noted_text(self) -> str:
        return self.tr("Noted.")

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
