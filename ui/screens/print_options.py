"""Print options for a certified copy: how many copies, and what for."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.archive.record_words import record_title
from kiosk.session import Session
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton

#: Purposes offered as buttons (the certificate records the Chinese wording).
PURPOSES = ("pension", "housing", "school", "court", "other")
PURPOSE_ZH = {"pension": "办理养老保险", "housing": "办理不动产业务", "school": "入学", "court": "诉讼",
              "other": "其他"}
MAX_COPIES = 5


class PrintOptionsScreen(Screen):
    prompt_key = "print"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Print a certified copy"))
        self.record = self.add_text(name="record")
        copies = QHBoxLayout()
        self.copies_label = QLabel(self)
        self.copies_label.setObjectName("copies")
        copies.addWidget(self.make_button(lambda: self.tr("− One fewer"), "copies_less"))
        copies.addWidget(self.copies_label)
        copies.addWidget(self.make_button(lambda: self.tr("+ One more"), "copies_more"))
        copies.addStretch(1)
        self.body.addLayout(copies)
        self.add_text(lambda: self.tr("What is the copy for?"))
        row = QHBoxLayout()
        self.purpose_buttons: dict[str, BigButton] = {}
        for p in PURPOSES:
            b = self.make_button(lambda p=p: self._purpose_name(p), "purpose", payload=p)
            b.setCheckable(True)
            row.addWidget(b)
            self.purpose_buttons[p] = b
        self.body.addLayout(row)
        self.body.addStretch(1)
        self.add_button(lambda: self.tr("◀ Back"), "back_to_record")
        self.next = self.add_button(lambda: self.tr("See the copy"), "preview_copy", "primary")

    def _purpose_name(self, p: str) -> str:
        return {"pension": self.tr("Pension"), "housing": self.tr("Housing"), "school": self.tr("School"),
                "court": self.tr("Court"), "other": self.tr("Other")}[p]

    def render(self, session: Session) -> None:
        r = session.data.current_record
        self.record.setText(record_title(r, self.language()) if r is not None else "")
        options = self.view.print_options or {}
        copies = options.get("copies", 1)
        self.copies_label.setText(self.tr("Copies: %1").replace("%1", str(copies)))
        chosen = options.get("purpose")
        for p, b in self.purpose_buttons.items():
            b.setChecked(p == chosen)
            # The chosen one also says so in words: a checked state is never shown by colour alone.
            b.setText(("✔ " if p == chosen else "") + self._purpose_name(p))
        self.next.setEnabled(chosen is not None)

    def forget(self) -> None:
        self.record.clear()
        for b in self.purpose_buttons.values():
            b.setChecked(False)
