"""Service guides: what to bring and where to go for common errands. Public: no card needed."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from kiosk.session import Session
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton

TOPICS = ("pension", "marriage", "housing", "request")


class GuideScreen(Screen):
    prompt_key = "guide"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Service guides"))
        column = QGridLayout()
        self.topic_buttons: dict[str, BigButton] = {}
        for i, t in enumerate(TOPICS):
            b = self.make_button(lambda t=t: self._topic_title(t), "guide_topic", payload=t)
            b.setCheckable(True)
            column.addWidget(b, i // 2, i % 2)
            self.topic_buttons[t] = b
        self.body.addLayout(column)
        self.text = QLabel(self)
        self.text.setObjectName("guide_text")
        self.text.setWordWrap(True)
        self.text.setProperty("role", "notice")
        self.body.addWidget(self.text, 1)
        self.add_button(lambda: self.tr("◀ Back"), "guide_back")

    def _topic_title(self, t: str) -> str:
        return {"pension": self.tr("Pension certificates"), "marriage": self.tr("Marriage records"),
                "housing": self.tr("Real estate records"), "request": self.tr("Records held elsewhere")}[t]

    def _topic_text(self, t: str) -> str:
        return {
            "pension": self.tr("Bring your ID card. Print the social insurance payment record here as a certified "
                               "copy; the pension office accepts it with its verification code."),
            "marriage": self.tr("Marriage registrations since 1980 are held by the civil affairs archive. "
                                "Older ones can be requested here."),
            "housing": self.tr("Real estate registrations are shown to the owner only. Agents need a signed "
                               "authorisation."),
            "request": self.tr("Records held by another archive are requested here and sent to this point, "
                               "usually within five working days."),
        }[t]

    def render(self, session: Session) -> None:
        topic = session.data.extra.get("guide_topic", TOPICS[0])
        for t, b in self.topic_buttons.items():
            b.setChecked(t == topic)
            b.setText(("✔ " if t == topic else "") + self._topic_title(t))
        self.text.setText(self._topic_text(topic))
