"""The kiosk window: a stack of screens showing whatever state the session is in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from kiosk.session_states import AUTHENTICATED, State
from ui.screens.base import Screen
from ui.session_model import SessionModel


class MainWindow(QWidget):
    def __init__(self, model: SessionModel, screens: dict[State, Screen], fallback: Screen):
        super().__init__()
        self.setObjectName("MainWindow")
        self.model = model
        self.screens = screens
        self.fallback = fallback
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel(self)
        self.banner.setProperty("role", "banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)
        for screen in {id(s): s for s in [*screens.values(), fallback]}.values():
            self.stack.addWidget(screen)
        model.stateChanged.connect(self._show_state)
        model.wiped.connect(self._wipe)
        self._show(model.state)

    def screen_for(self, state: State) -> Screen:
        if state in self.screens:
            return self.screens[state]
        if state in AUTHENTICATED and State.HOME in self.screens:
            return self.screens[State.HOME]
        return self.fallback

    def current_screen(self) -> Screen:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def _show_state(self, _old: str, new: str, _reason: str) -> None:
        self._show(State(new))

    def _show(self, state: State) -> None:
        screen = self.screen_for(state)
        screen.enter(self.model.session)
        self.stack.setCurrentWidget(screen)

    def _wipe(self) -> None:
        for i in range(self.stack.count()):
            w = self.stack.widget(i)
            if isinstance(w, Screen):
                w.clear()

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
