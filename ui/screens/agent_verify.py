"""The agent confirms a resident's identity against their card, and records why the face check was not
used. Shown for ASSISTED_VERIFY. When no agent has signed in in this visit, the screen first asks for the
agent's own ID card and PIN (the session refuses a confirmation without them); then the reasons show."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QGridLayout, QWidget

from kiosk.privacy import mask_id, mask_name
from kiosk.session import Session
from ui.screens.staff_pin import StaffPinScreen
from ui.widgets.buttons import BigButton

REASONS = {
    "declined": "resident declined the face check",
    "failed": "face check failed; compared with the card by the agent",
    "cannot_use_camera": "resident cannot use the camera (sight, mobility)",
    "card_photo_unusable": "card photo too old or unreadable",
}


class AgentVerifyScreen(StaffPinScreen):
    prompt_key = "assisted_verify"
    sign_in_action = "assisted_sign_in"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Staff: confirm who the resident is"))
        self.card = self.add_text(name="card")
        self.why = self.add_text(role="small", name="why")
        # Who the resident is and why staff are needed, above the agent's card line, beside the keypad.
        for i, w in enumerate((self.card, self.why)):
            self.body.removeWidget(w)
            self.left.insertWidget(i, w)
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
        self.sign_in = self.make_button(lambda: self.tr("Sign in"), "assisted_sign_in", "primary")
        self.sign_in.clicked.disconnect()
        self.sign_in.clicked.connect(self._submit)
        self.buttons.addWidget(self.sign_in)
        confirm = self.make_button(lambda: self.tr("Identity confirmed"), "agent_confirm", "primary")
        confirm.clicked.disconnect()
        confirm.clicked.connect(lambda: self.action.emit("agent_confirm", self.reason()))
        self.buttons.addWidget(confirm)
        self._keypad = [self.pin, *(b for b in self.findChildren(BigButton) if b.objectName().startswith("key_"))]
        self._show_sign_in(True)

    def reason(self) -> str:
        for key, b in self.choices.items():
            if b.isChecked():
                return REASONS[key]
        return REASONS["declined"]

    def _show_sign_in(self, needed: bool) -> None:
        """Before an agent signs in: their card and PIN; after: the reasons to choose from."""
        for w in self._keypad:
            w.setVisible(needed)
        self.sign_in.setVisible(needed)
        for b in self.choices.values():
            b.setVisible(not needed)

    def ask_to_sign_in(self) -> None:
        self.message.setText(self.tr("A member of staff signs in first: their own ID card, then their PIN."))

    def not_staff_text(self) -> str:
        return self.tr("This card is not registered for agent service.")

    def render(self, session: Session) -> None:
        card = session.data.card
        if card is not None:
            self.card.setText(f"{mask_name(card.name)}  {mask_id(card.id_number)}")
        reason = session.data.assisted_reason or ""
        # The session records its reason in English for the audit log; the agent reads it in the screen's language.
        self.why.setText(self._shown_reason(reason))
        agent = session.agent
        self._show_sign_in(agent is None)
        if agent is not None:
            self.card_line.setText(self.tr("Signed in: %1").replace("%1", agent.display_name))
            self.message.clear()
            failed = "failed" in reason
            if self.group.checkedButton() is None:
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
        checked = self.group.checkedButton()
        if checked is not None:
            self.group.setExclusive(False)
            checked.setChecked(False)
            self.group.setExclusive(True)
        self._show_sign_in(True)
        super().forget()
