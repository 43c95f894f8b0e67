"""The agent confirms a resident's identity against their card, and records why the face check was not
used. Shown for ASSISTED_VERIFY; the reason goes into the session and the audit log."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QGridLayout, QWidget

from kiosk.privacy import mask_id, mask_name
from kiosk.session import Session
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton

REASONS = {
    "declined": "resident declined the face check",
    "failed": "face check failed; compared with the card by the agent",
    "cannot_use_camera": "resident cannot use the camera (sight, mobility)",
    "card_photo_unusable": "card photo too old or unreadable",
}


class AgentVerifyScreen(Screen):
    prompt_key = "assisted_verify"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Staff: confirm who the resident is"))
        self.card = self.add_text(name="card")
        self.why = self.add_text(role="small", name="why")
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        # Big checkable buttons, not radio dots: the agent taps them on a touchscreen.
        self.choices: dict[str, BigButton] = {}
        labels = {"declined": lambda: self.tr("Resident declined the face check"),
                  "failed": lambda: self.tr("Face check failed; I checked the card"),
                  "cannot_use_camera": lambda: self.tr("Resident cannot use the camera"),
                  "card_photo_unusable": lambda: self.tr("Card photo too old or unreadable")}
        # Two columns: four rows of elder-mode buttons do not fit a 1080-line screen.
        grid = QGridLayout()
        grid.setSpacing(16)
        self.body.addLayout(grid)
        for i, (key, text) in enumerate(labels.items()):
            b = BigButton("", "secondary", self)
            b.setCheckable(True)
            b.setObjectName(f"reason_{key}")
            self.translated(b.setText, text)
            self.group.addButton(b)
            grid.addWidget(b, i // 2, i % 2)
            self.choices[key] = b
        self.add_button(lambda: self.tr("Cancel"), "logout")
        confirm = self.make_button(lambda: self.tr("Identity confirmed"), "agent_confirm", "primary")
        confirm.clicked.disconnect()
        confirm.clicked.connect(lambda: self.action.emit("agent_confirm", self.reason()))
        self.buttons.addWidget(confirm)

    def reason(self) -> str:
        for key, b in self.choices.items():
            if b.isChecked():
                return REASONS[key]
        return REASONS["declined"]

    def render(self, session: Session) -> None:
        card = session.data.card
        if card is not None:
            self.card.setText(f"{mask_name(card.name)}  {mask_id(card.id_number)}")
        reason = session.data.assisted_reason or ""
        # The session records its reason in English for the audit log; the agent reads it in the screen's language.
        self.why.setText(self._shown_reason(reason))
        failed = "failed" in reason
        self.choices["failed" if failed else "declined"].setChecked(True)

    def _shown_reason(self, reason: str) -> str:
        if "declined" in reason:
            return self.tr("The resident declined the face check.")
        if "failed" in reason:
            return self.tr("The face check did not confirm the resident.")
        if "camera" in reason:
            return self.tr("The camera is not working.")
        return self.tr("The face check could not be used.") if reason else ""

    def forget(self) -> None:
        self.card.clear()
        self.why.clear()
