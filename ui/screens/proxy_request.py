"""An agent files a request for a resident who cannot come: who, what, why, which archive, the two
photographs (authorisation letter, the resident's ID) and, where a material is missing, the resident's
signed commitment (告知承诺) on the pad."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QStackedWidget, QVBoxLayout,
                               QWidget)

from kiosk.archive.types import RECORD_TYPES, label
from kiosk.guides.purposes import PURPOSES, purpose_label
from kiosk.session import Session
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.signature_pad import SignaturePad

RELATIONSHIPS = ("配偶", "子女", "父母", "兄弟姐妹", "其他亲属", "社区代办员")
COMMON_MATERIALS = ("户口簿", "结婚证", "死亡证明", "亲属关系证明", "房产证")


class ProxyRequestScreen(Screen):
    prompt_key = "proxy_request"

    def __init__(self, archives: Iterable[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Request for an absent resident"))
        # Two steps, turned by the buttons at the bottom: who, what and the photographs; then the missing
        # materials and the signature. All of it at once needs 1700 px, far more than a 1080-line display.
        self.steps = QStackedWidget(self)
        self.steps.setObjectName("proxy_steps")
        # Wide enough for the title on one line: a window is as tall as its wrapped lines at its least width.
        self.steps.setMinimumWidth(1400)
        first = QWidget(self.steps)
        columns = QHBoxLayout(first)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(48)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)  # captions beside, as the rows are tall
        form.setVerticalSpacing(12)
        self.subject_name = self._line("subject_name")
        self.subject_id = self._line("subject_id")
        self.record_type = self._combo("record_type", [(k, label(k)) for k in RECORD_TYPES])
        self.purpose = self._combo("purpose", [(k, purpose_label(k)) for k in PURPOSES])
        self.owner = self._combo("owner", [(code, f"{name} ({code})") for code, name in archives])
        self.relationship = self._combo("relationship", [(r, r) for r in RELATIONSHIPS])
        for text, widget in ((lambda: self.tr("Resident's name"), self.subject_name),
                             (lambda: self.tr("Resident's ID number"), self.subject_id),
                             (lambda: self.tr("Record"), self.record_type),
                             (lambda: self.tr("Purpose"), self.purpose),
                             (lambda: self.tr("Owning archive"), self.owner),
                             (lambda: self.tr("Your relationship"), self.relationship)):
            caption = QLabel(self)
            self.translated(caption.setText, text)
            form.addRow(caption, widget)
        columns.addLayout(form, 3)
        photos = QVBoxLayout()
        photos.setSpacing(16)
        # Short labels: beside the form in elder mode, a longer English one was cut at the button's edge.
        photos.addWidget(self.make_button(lambda: self.tr("Photo: authorisation letter"), "capture_letter"))
        photos.addWidget(self.make_button(lambda: self.tr("Photo: resident's ID"), "capture_id"))
        self.captured = self.add_text(role="small", name="captured")
        self.body.removeWidget(self.captured)
        photos.addWidget(self.captured)
        photos.addStretch(1)
        columns.addLayout(photos, 2)
        self.steps.addWidget(first)
        second = QWidget(self.steps)
        column = QVBoxLayout(second)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        hint = self.add_text(lambda: self.tr("Missing a material? Tick it; the resident's signed commitment lets "
                                             "the request go ahead now (告知承诺)."), "small")
        self.body.removeWidget(hint)
        column.addWidget(hint)
        ticks = QHBoxLayout()
        # Toggle buttons rather than check boxes: a finger finds them on the touchscreen.
        self.missing: dict[str, BigButton] = {}
        for m in COMMON_MATERIALS:
            box = BigButton(m, "secondary", self)
            box.setCheckable(True)
            box.setObjectName(f"missing_{m}")
            ticks.addWidget(box)
            self.missing[m] = box
        column.addLayout(ticks)
        pad_row = QHBoxLayout()
        pad_row.setSpacing(32)
        self.pad = SignaturePad(self)
        pad_row.addWidget(self.pad, 1)
        pad_row.addWidget(self.make_button(lambda: self.tr("Clear the signature"), "signature_clear"))
        column.addLayout(pad_row)
        column.addStretch(1)
        self.steps.addWidget(second)
        self.body.addWidget(self.steps, 1)
        self.add_button(lambda: self.tr("Back"), "proxy_back")
        # What became of "Send" (or what is still needed) reads between the buttons, on either step.
        self.result = self.add_text(role="small", name="result")
        self.body.removeWidget(self.result)
        self.buttons.addWidget(self.result, 1)
        self.previous_step = self.make_button(lambda: self.tr("◀ Previous step"), "proxy_previous_step")
        self.next_step = self.make_button(lambda: self.tr("Next step ▶"), "proxy_next_step", "primary")
        self.send = self.make_button(lambda: self.tr("Send the request"), "proxy_submit", "primary")
        self.send.clicked.disconnect()
        self.send.clicked.connect(lambda: self.action.emit("proxy_submit", self.form()))
        for b, step in ((self.previous_step, 0), (self.next_step, 1)):
            b.clicked.disconnect()
            b.clicked.connect(lambda _=False, step=step: self.show_step(step))
            self.buttons.addWidget(b)
        self.buttons.addWidget(self.send)
        self.show_step(0)

    def show_step(self, step: int) -> None:
        """0: who, what and the photographs; 1: missing materials, the signature and Send."""
        self.steps.setCurrentIndex(step)
        self.previous_step.setVisible(step == 1)
        self.next_step.setVisible(step == 0)
        self.send.setVisible(step == 1)

    def _line(self, name: str) -> QLineEdit:
        w = QLineEdit(self)
        w.setObjectName(name)
        return w

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        w = QComboBox(self)
        w.setObjectName(name)
        for key, text in items:
            w.addItem(text, key)
        return w

    def form(self) -> dict[str, Any]:
        missing = [m for m, box in self.missing.items() if box.isChecked()]
        return {"subject_name": self.subject_name.text().strip(), "subject_id": self.subject_id.text().strip().upper(),
                "record_type": self.record_type.currentData(), "purpose": self.purpose.currentData(),
                "owner_archive": self.owner.currentData(), "relationship": self.relationship.currentData(),
                "missing": missing, "signature": self.pad.signature() if missing and not self.pad.is_empty() else None}

    # --- what the flow tells it ---------------------------------------------------------------------
    def show_captured(self, kinds: Iterable[str]) -> None:
        names = {"authorisation_letter": self.tr("authorisation letter"), "id_photo": self.tr("resident's ID")}
        done = [names.get(k, k) for k in kinds]
        self.captured.setText(self.tr("Photographed: %1").replace("%1", "、".join(done)) if done else "")

    def set_archives(self, archives: Iterable[tuple[str, str]]) -> None:
        """The directory as last synced; the archive chosen stays chosen when it is still listed."""
        chosen = self.owner.currentData()
        self.owner.clear()
        for code, name in archives:
            self.owner.addItem(f"{name} ({code})", code)
        if chosen is not None and self.owner.findData(chosen) >= 0:
            self.owner.setCurrentIndex(self.owner.findData(chosen))

    def show_result(self, text: str) -> None:
        self.result.setText(text)

    def render(self, session: Session) -> None:
        self.show_captured(self.view.proxy_captured)

    def forget(self) -> None:
        for w in (self.subject_name, self.subject_id):
            w.clear()
        for box in self.missing.values():
            box.setChecked(False)
        self.pad.clear()
        self.captured.clear()
        self.result.clear()
        self.show_step(0)
