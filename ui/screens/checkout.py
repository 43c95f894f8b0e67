"""Checkout: the receipt (previewed in the demo), a 1–5 rating, and the end of the visit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.session import Session
from ui.images import PictureSlot
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton


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
        self.ask = QLabel(self)
        self.ask.setWordWrap(True)
        self.translated(self.ask.setText, lambda: self.tr("How was this service? 1 = poor, 5 = very good"))
        side.addWidget(self.ask)
        stars = QHBoxLayout()
        self.stars: list[BigButton] = []
        for n in range(1, 6):
            b = self.make_button(lambda n=n: str(n), "rate", payload=n)
            b.setObjectName(f"rate_{n}")
            b.setCheckable(True)
            stars.addWidget(b)
            self.stars.append(b)
        side.addLayout(stars)
        self.thanks = QLabel(self)
        self.thanks.setObjectName("rating_thanks")
        side.addWidget(self.thanks)
        side.addStretch(1)
        row.addLayout(side, 3)
        self.body.addLayout(row, 1)
        self.add_button(lambda: self.tr("Finish"), "logout", "primary")

    def render(self, session: Session) -> None:
        # Decoded by the printing flow's worker; drawn again only when it is a new picture.
        self.picture.show(session.data.extra.get("receipt_preview_image"))
        state = session.data.extra.get("receipt_status", "printing")
        self.receipt_state.setText({"printing": self.tr("Printing your receipt…"),
                                    "done": self.tr("✔ Take your receipt and your ID card."),
                                    "failed": self.tr("The receipt could not be printed; staff can give you one.")
                                    }.get(state, ""))
        rating = session.data.rating
        for n, b in enumerate(self.stars, start=1):
            b.setChecked(rating == n)
            # Stars filled up to the choice, and the number stays: the choice reads without colour.
            b.setText(("★" if rating and n <= rating else "☆") + str(n))
        self.thanks.setText(self.tr("✔ Thank you for rating: %1 of 5").replace("%1", str(rating)) if rating else "")

    def forget(self) -> None:
        self.picture.clear()
        self.receipt_state.clear()
        self.thanks.clear()
        for b in self.stars:
            b.setChecked(False)
