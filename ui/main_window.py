"""The kiosk window: the top bar, the offline banner, and a stack showing the session's state.

Which screen shows is decided from the session alone: its state, or the error screen while it holds a
fault. Each time a screen shows, its prompt is spoken.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from kiosk.errors import UsageError
from kiosk.session_states import AUTHENTICATED, State
from ui.appearance import Appearance
from ui.screens.base import Screen
from ui.session_model import SessionModel
from ui.speech.speaker import Speaker
from ui.widgets.finish_confirm import FinishConfirm
from ui.widgets.step_bar import StepBar
from ui.widgets.top_bar import TopBar


class ScreenStack(QStackedWidget):
    """Sized by the screen on show: one tall screen must not stretch the window for all the others."""

    def sizeHint(self) -> QSize:
        current = self.currentWidget()
        return current.sizeHint() if current is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        current = self.currentWidget()
        return current.minimumSizeHint() if current is not None else super().minimumSizeHint()


class MainWindow(QWidget):
    def __init__(self, model: SessionModel, screens: dict[State, Screen], fallback: Screen, error: Screen,
                 top_bar: TopBar, appearance: Appearance, speaker: Speaker):
        super().__init__()
        self.setObjectName("MainWindow")
        self.model = model
        self.screens = screens
        self.fallback = fallback
        self.error = error
        self.top_bar = top_bar
        self.appearance = appearance
        self.speaker = speaker
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top_bar)
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setProperty("role", "banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        # Where the resident is in the visit (① card … ⑤ receipt), on the visit's screens only.
        self.step_bar = StepBar(self)
        layout.addWidget(self.step_bar)
        self.finish_confirm = FinishConfirm(self)
        self.stack = ScreenStack(self)
        layout.addWidget(self.stack, 1)
        for screen in {id(s): s for s in [*screens.values(), fallback, error]}.values():
            self.stack.addWidget(screen)
        model.stateChanged.connect(lambda *_: self.show_current())
        model.faultChanged.connect(lambda _f: self.show_current())
        model.dataChanged.connect(self.refresh)
        model.wiped.connect(self._wipe)
        top_bar.action.connect(self._bar_action)
        appearance.changed.connect(self._appearance_changed)
        speaker.mutedChanged.connect(lambda _m: self._appearance_changed())
        self._appearance_changed()
        self.show_current()

    def add_screens(self, screens: dict[State, Screen]) -> None:
        """The rest of the screen table (``ui/screen_registry.py`` STAFF_SCREENS), joined by the composition
        root once the first screen is up. A state keeps the screen it was given: none is replaced."""
        for state, screen in screens.items():
            if state in self.screens:
                raise UsageError(f"state {state.value} already has its screen", code="UI_SCREEN_DUPLICATE",
                                 detail={"state": state.value})
            self.screens[state] = screen
            self.stack.addWidget(screen)

    def screen_for(self, state: State) -> Screen:
        if state in self.screens:
            return self.screens[state]
        if state in AUTHENTICATED and State.HOME in self.screens:
            return self.screens[State.HOME]
        return self.fallback

    def current_screen(self) -> Screen:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def show_current(self) -> None:
        session = self.model.session
        screen = self.error if session.fault is not None else self.screen_for(session.state)
        previous = self.stack.currentWidget()
        screen.enter(session)
        self.stack.setCurrentWidget(screen)
        self._show_steps(screen, session.state if session.fault is None else None)
        self._ask_finish()
        self.stack.updateGeometry()
        if screen is not previous or session.fault is not None:
            self.speaker.say(screen.prompt())

    def _show_steps(self, screen: Screen, state: State | None) -> None:
        """The step bar shows where it fits: a screen that needs the whole height (a keyboard in elder
        mode) keeps it, rather than squeezing its own buttons."""
        self.step_bar.show_state(state)
        if not self.step_bar.isVisibleTo(self):
            return
        room = self.height() - self.top_bar.height() - (self.banner.height() if self.banner.isVisibleTo(self) else 0)
        # Wrapped lines count: a layout's minimum alone ignores them.
        own = max(screen.minimumSizeHint().height(),
                  screen.heightForWidth(self.width()) if screen.hasHeightForWidth() else 0)
        needed = own + self.step_bar.sizeHint().height()
        self.step_bar.setVisible(needed <= room)

    def _ask_finish(self) -> None:
        session = self.model.session
        view = getattr(self.finish_confirm, "view", None)  # the visit's view model, handed in by the controller
        if view is not None and view.confirm_finish and session.fault is None and session.state in AUTHENTICATED:
            self.finish_confirm.show_over(self)
        else:
            self.finish_confirm.hide()

    def refresh(self) -> None:
        """The session's data changed: redraw the screen in view (its prompt is not spoken again)."""
        self._ask_finish()
        screen = self.current_screen()
        before = screen.prompt()
        screen.enter(self.model.session)
        if screen.prompt() != before:
            self.speaker.say(screen.prompt())

    def _wipe(self) -> None:
        for i in range(self.stack.count()):
            w = self.stack.widget(i)
            if isinstance(w, Screen):
                w.clear()
        self.show_banner(self.banner.text() if self.banner.property("public") else "")
        # The next resident starts from the configured look, not the last one's.
        self.appearance.reset()

    def _bar_action(self, name: str) -> None:
        self.model.session.touch()
        if name == "language":
            self.appearance.toggle_language()
            self.speaker.say(self.current_screen().prompt())
        elif name == "elder":
            self.appearance.toggle_elder()
        elif name == "contrast":
            self.appearance.toggle_contrast()
        elif name == "mute":
            self.speaker.set_muted(not self.speaker.muted)
        elif name == "repeat":
            self.speaker.repeat()

    def _appearance_changed(self) -> None:
        a = self.appearance
        self.speaker.language = a.language
        self.top_bar.show_state(language=a.language, elder=a.elder, high_contrast=a.high_contrast,
                                muted=self.speaker.muted)

    def show_banner(self, text: str, *, public: bool = True) -> None:
        """A line over every screen (the offline notice). ``public`` banners survive WIPE."""
        self.banner.setText(text)
        self.banner.setProperty("public", public)
        self.banner.setVisible(bool(text))
