"""Checkout: the receipt (previewed in the demo), what the visit did, a rating in words, and the end."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.session import Session
from ui.images import PictureSlot
from ui.screens.base import Screen
from ui.widgets.rating import RatingChoices, score_words, visit_summary


class CheckoutScreen(Screen):
    prompt_key = "checkout"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Thank you"))
        row = QHBoxLayout()
        self.receipt = QLabel(self)
        self.receipt.setObjectName("receipt_preview")
        self.receipt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.receipt.setMinimumSize(360, 480)
        self.picture = PictureSlot(self.receipt)
        row.addWidget(self.receipt, 2)
        side = QVBoxLayout()
        self.receipt_state = QLabel(self)
        self.receipt_state.setObjectName("receipt_state")
        self.receipt_state.setWordWrap(True)
        side.addWidget(self.receipt_state)
        # What this visit did, said before the end ("本次打印 1 份，调档 1 件").
        self.summary = QLabel(self)
        self.summary.setObjectName("visit_summary")
        self.summary.setWordWrap(True)
        self.summary.setProperty("role", "notice")
        side.addWidget(self.summary)
        self.ask = QLabel(self)
        self.ask.setWordWrap(True)
        self.translated(self.ask.setText, lambda: self.tr("How was this service?"))
        side.addWidget(self.ask)
        # The 好差评 scale in words, two rows so that each word fits its button in elder mode.
        self.rating = RatingChoices(self, rows=2)
        self.rating.rated.connect(lambda score: self.action.emit("rate", score))
        side.addWidget(self.rating)
        # The thanks replace the question in its place: one line less on a full elder-mode screen.
        self.thanks = self.ask
        self.ask.setObjectName("rating_thanks")
        side.addStretch(1)
        row.addLayout(side, 3)
        self.body.addLayout(row, 1)
        self.add_button(lambda: self.tr("Finish"), "logout", "primary")

    def render(self, session: Session) -> None:
        # Decoded by the printing flow's worker; drawn again only when it is a new picture.
        self.picture.show(self.view.receipt_preview_image)
        state = self.view.receipt_status or "printing"
        self.receipt_state.setText({"printing": self.tr("Printing your receipt…"),
                                    "done": self.tr("✔ Take your receipt and your ID card."),
                                    "failed": self.tr("The receipt could not be printed; staff can give you one.")
                                    }.get(state, ""))
        rating = session.data.rating
        self.rating.show_choice(rating)
        copies = sum(p.copies for p in session.data.printed)
        self.summary.setText(visit_summary(copies, len(session.data.requests)))
        self.ask.setText(self.tr("✔ Thank you: %1").replace("%1", score_words(rating)) if rating
                         else self.tr("How was this service?"))

    def forget(self) -> None:
        self.picture.clear()
        self.receipt_state.clear()
        self.ask.setText(self.tr("How was this service?"))
        self.summary.clear()
        self.rating.show_choice(None)
