"""Request a record the point does not hold: which kind, which year; picked up here later."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from kiosk.archive.types import RECORD_TYPES, label
from kiosk.session import Session
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton


class RequestScreen(Screen):
    prompt_key = "request"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Request a record"))
        grid = QGridLayout()
        grid.setSpacing(16)
        self.type_buttons: dict[str, BigButton] = {}
        for i, rtype in enumerate(RECORD_TYPES):
            b = self.make_button(lambda t=rtype: label(t, self.language()), "request_type", payload=rtype)
            b.setCheckable(True)
            grid.addWidget(b, i // 3, i % 3)
            self.type_buttons[rtype] = b
        self.body.addLayout(grid)
        # The year steps share the bottom row with Back and Send: the screen keeps to one page at 1080 px.
        years = self.buttons
        years.addWidget(self.make_button(lambda: self.tr("− 10 years"), "request_year", payload=-10))
        years.addWidget(self.make_button(lambda: self.tr("− 1"), "request_year", payload=-1))
        self.year = QLabel(self)
        self.year.setObjectName("year")
        years.addWidget(self.year)
        years.addWidget(self.make_button(lambda: self.tr("+ 1"), "request_year", payload=1))
        years.addWidget(self.make_button(lambda: self.tr("+ 10 years"), "request_year", payload=10))
        years.addStretch(1)
        self.outcome = self.add_text(role="notice", name="outcome")
        # The pick-up code in large type: what the resident says at the counter (never the request's id).
        self.pickup = self.add_text(role="title", name="pickup_code")
        self.pickup.hide()  # until the request is sent
        self.body.addStretch(1)
        self.add_button(lambda: self.tr("◀ Back"), "home")
        self.submit = self.add_button(lambda: self.tr("Send the request"), "submit_request", "primary")

    def prompt(self) -> str:
        return "request_sent" if self.pickup.isVisibleTo(self) else "request"

    def render(self, session: Session) -> None:
        draft = self.view.request_draft
        chosen = draft.get("record_type")
        for rtype, b in self.type_buttons.items():
            b.setChecked(rtype == chosen)
            b.setText(("✔ " if rtype == chosen else "") + label(rtype, self.language()))
        self.year.setText(self.tr("Year: %1").replace("%1", str(draft.get("year", ""))))
        done = session.data.requests[-1] if session.data.requests else None
        sent = bool(done and done.request_id == draft.get("request_id"))
        self.pickup.setVisible(sent)
        # Once sent, the choices give their room to the pick-up code.
        for b in self.type_buttons.values():
            b.setVisible(not sent)
        if done and sent:
            self.outcome.setText(self.tr("✔ Your request is sent. It will be ready here in about %n working day(s).",
                                         "", done.days or 5))
            code = done.pickup  # in groups of four, as it is read out at the counter
            self.pickup.setText(self.tr("Pick-up code: %1").replace(
                "%1", " ".join(code[i:i + 4] for i in range(0, len(code), 4))))
        else:
            self.outcome.setText(self.tr("Choose the kind of record and the year, then send. The owning archive "
                                         "sends it here; you pick it up at this point."))
        self.submit.setEnabled(chosen is not None and not draft.get("request_id"))

    def forget(self) -> None:
        self.outcome.clear()
        self.pickup.clear()
        self.pickup.hide()
        self.year.clear()
