"""Rating in words on the government-service 好差评 scale (非常满意 … 非常不满意), not stars: each choice says
what it means, the chosen one carries a tick, and the visit's summary is said before the end."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from ui.widgets.buttons import BigButton

#: Score (5 best) in the order shown, best first.
SCORES = (5, 4, 3, 2, 1)


def score_words(score: int) -> str:
    t = QCoreApplication.translate
    return {5: t("RatingChoices", "Very satisfied"), 4: t("RatingChoices", "Satisfied"),
            3: t("RatingChoices", "Fairly satisfied"), 2: t("RatingChoices", "Dissatisfied"),
            1: t("RatingChoices", "Very dissatisfied")}[score]


def visit_summary(copies_printed: int, requests_sent: int) -> str:
    """"本次打印 1 份，调档 1 件" — what this visit did, before the resident leaves."""
    if not copies_printed and not requests_sent:
        return QCoreApplication.translate("RatingChoices", "Nothing was printed or requested this time.")
    parts = []
    if copies_printed:
        parts.append(QCoreApplication.translate("RatingChoices", "%n copy printed", "", copies_printed))
    if requests_sent:
        parts.append(QCoreApplication.translate("RatingChoices", "%n record requested", "", requests_sent))
    return QCoreApplication.translate("RatingChoices", "This visit: %1").replace(
        "%1", QCoreApplication.translate("RatingChoices", ", ").join(parts))


class RatingChoices(QWidget):
    rated = Signal(int)

    def __init__(self, parent: QWidget | None = None, rows: int = 1):
        super().__init__(parent)
        self.setObjectName("rating_choices")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(16)
        per_row = -(-len(SCORES) // rows)
        self.buttons: dict[int, BigButton] = {}
        for i, score in enumerate(SCORES):
            b = BigButton("", "secondary", self)
            b.setObjectName(f"rate_{score}")
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, s=score: self.choose(s))
            grid.addWidget(b, i // per_row, i % per_row)
            self.buttons[score] = b
        self.chosen: int | None = None
        self._retranslate()

    def choose(self, score: int) -> None:
        self.show_choice(score)
        self.rated.emit(score)

    def show_choice(self, score: int | None) -> None:
        self.chosen = score
        self._retranslate()

    def _retranslate(self) -> None:
        for score, b in self.buttons.items():
            b.setChecked(score == self.chosen)
            b.setText(("✓ " if score == self.chosen else "") + score_words(score))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
