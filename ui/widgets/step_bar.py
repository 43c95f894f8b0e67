"""Where the resident is in the visit: ① 放身份证 ② 核验 ③ 选档案 ④ 打印 ⑤ 取回执.

Steps are labels, so the style sheet sizes and colours them like every other text (and the walkthrough
measures them): a done step carries a tick, the current one the accent and bold type, the ones to come
a plain outline. Which step a session state belongs to is decided here, once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from kiosk.session_states import State

NUMBERS = "①②③④⑤"

#: The step each visit state belongs to (0-based); states not listed show no step bar (the attract screen
#: gives its room to the picture of the card going onto the reader).
STEP_OF: dict[State, int] = {
    State.READING_CARD: 0,
    State.CONSENT: 1, State.FACE_CHECK: 1, State.ASSISTED_VERIFY: 1,
    State.HOME: 2, State.RECORDS: 2, State.RECORD_VIEW: 2, State.SEARCH: 2, State.REQUEST: 2, State.GUIDE: 2,
    State.PRINT: 3, State.CERTIFY: 3,
    State.CHECKOUT: 4,
}


class StepBar(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("step_bar")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout(self)
        row.setContentsMargins(48, 12, 48, 0)
        row.setSpacing(12)
        self.labels: list[QLabel] = []
        for i in range(len(NUMBERS)):
            label = QLabel(self)
            label.setObjectName(f"step_{i + 1}")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            row.addWidget(label, 1)
            self.labels.append(label)
        self.current = 0
        self._retranslate()

    def names(self) -> list[str]:
        return [self.tr("Your card"), self.tr("Check"), self.tr("Choose"), self.tr("Print"), self.tr("Receipt")]

    def show_state(self, state: State | None) -> None:
        """Shows the bar at the step of ``state``, or hides it for a state outside the visit's steps."""
        step = STEP_OF.get(state) if state is not None else None
        self.setVisible(step is not None)
        if step is not None:
            self.set_step(step)

    def set_step(self, step: int) -> None:
        self.current = step
        self._retranslate()

    def _retranslate(self) -> None:
        for i, (label, name) in enumerate(zip(self.labels, self.names())):
            state = "done" if i < self.current else "current" if i == self.current else "todo"
            label.setText(f"{'✓' if state == 'done' else NUMBERS[i]} {name}")
            if label.property("step") != state:
                label.setProperty("step", state)
                label.style().unpolish(label)
                label.style().polish(label)
            label.setAccessibleName(f"{i + 1}/{len(self.labels)} {name}")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
