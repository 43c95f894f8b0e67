""""还没打印，确定结束吗？" — asked when a resident presses Finish before anything was printed, so that a
mistaken touch does not end the visit (and wipe it) before she has what she came for."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.widgets.buttons import BigButton


class FinishConfirm(QWidget):
    #: As a screen's: the controller serves it ("checkout" with "confirmed", or "finish_keep").
    action = Signal(str, object)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("finish_confirm")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAutoFillBackground(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(96, 96, 96, 96)
        column.addStretch(1)
        self.question = QLabel(self)
        self.question.setObjectName("finish_question")
        self.question.setProperty("role", "title")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question.setWordWrap(True)
        column.addWidget(self.question)
        row = QHBoxLayout()
        row.setSpacing(48)
        self.keep = BigButton("", "secondary", self)
        self.keep.setObjectName("btn_finish_keep")
        self.keep.clicked.connect(lambda: self.action.emit("finish_keep", None))
        self.end = BigButton("", "primary", self)
        self.end.setObjectName("btn_finish_confirmed")
        self.end.clicked.connect(lambda: self.action.emit("checkout", "confirmed"))
        row.addWidget(self.keep)
        row.addWidget(self.end)
        column.addLayout(row)
        column.addStretch(1)
        self._retranslate()
        self.hide()

    def show_over(self, window: QWidget) -> None:
        self.setGeometry(window.rect())
        self.show()
        self.raise_()

    def _retranslate(self) -> None:
        self.question.setText(self.tr("Nothing has been printed yet. Finish anyway?"))
        self.keep.setText(self.tr("◀ Go on"))
        self.end.setText(self.tr("Yes, finish"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
