"""The agent is signed in: help a resident who is here (they tap their card), or file for one who is not."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.session import Session
from ui.screens.base import Screen


class AgentSessionScreen(Screen):
    prompt_key = "agent_session"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Agent service (代办)"))
        self.who = self.add_text(name="who")
        self.add_text(lambda: self.tr("Resident here: ask them to place their ID card on the reader. They still "
                                      "confirm who they are; large text is on."))
        self.add_text(lambda: self.tr("Resident cannot come: file a request for them with their authorisation "
                                      "letter and ID."), "small")
        self.body.addStretch(1)
        self.add_button(lambda: self.tr("Sign out"), "logout")
        self.add_button(lambda: self.tr("Request for an absent resident"), "proxy_request", "primary")

    def render(self, session: Session) -> None:
        agent = session.agent.display_name if session.agent else ""
        self.who.setText(self.tr("Signed in: %1").replace("%1", agent))

    def forget(self) -> None:
        self.who.clear()
