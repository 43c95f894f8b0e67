"""The frame every screen shares: a title, a body, a row of big buttons, texts that follow the language.

A screen shows the session; it keeps no truth of its own. ``render(session)`` draws the session's data,
``forget()`` drops everything personal (called at WIPE), ``retranslate()`` re-sets every text when the
language changes. Fixed texts are registered once as functions that call ``self.tr`` so that a language
switch re-evaluates them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.session import Session
from ui.view_model import VisitView
from ui.widgets.buttons import BigButton

TextFn = Callable[[], str]


class Screen(QWidget):
    """Subclasses fill ``body`` and ``buttons`` and override ``render``/``forget``."""

    #: Something on this screen asks the controller to act: (action name, payload).
    action = Signal(str, object)
    #: The key of the spoken prompt (``ui.speech.prompts``); also the screen's name in the walkthrough.
    prompt_key = ""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(type(self).__name__)
        self._texts: list[tuple[Callable[[str], None], TextFn]] = []
        self.session: Session | None = None
        #: What the flows prepared for display (the controller hands in the kiosk's one view model).
        self.view = VisitView()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 16, 48, 16)
        outer.setSpacing(16)
        self.title = QLabel(self)
        self.title.setObjectName("title")
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        self.body = QVBoxLayout()
        self.body.setSpacing(16)
        outer.addLayout(self.body, 1)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(32)
        outer.addLayout(self.buttons)

    # --- building ---------------------------------------------------------------------------------
    def translated(self, setter: Callable[[str], None], text: TextFn) -> None:
        self._texts.append((setter, text))
        setter(text())

    def set_title(self, text: TextFn) -> None:
        self.translated(self.title.setText, text)

    def add_text(self, text: TextFn | None = None, role: str = "", name: str = "") -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        if role:
            label.setProperty("role", role)
        if name:
            label.setObjectName(name)
        if text is not None:
            self.translated(label.setText, text)
        self.body.addWidget(label)
        return label

    def add_preview_row(self, width: int, height: int, side: Sequence[tuple[str, str]]) -> tuple[QLabel, list[QLabel]]:
        """A camera preview with word-wrapped texts stacked on its right (face check, certificate check);
        ``side`` names each text and its role."""
        row = QHBoxLayout()
        preview = QLabel(self)
        preview.setObjectName("preview")
        preview.setFixedSize(width, height)
        preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        preview.setProperty("role", "notice")
        row.addWidget(preview)
        column = QVBoxLayout()
        texts = []
        for name, role in side:
            label = QLabel(self)
            label.setObjectName(name)
            label.setWordWrap(True)
            if role:
                label.setProperty("role", role)
            column.addWidget(label)
            texts.append(label)
        column.addStretch(1)
        row.addLayout(column, 1)
        self.body.addLayout(row, 1)
        return preview, texts

    def make_button(self, text: TextFn, action: str, kind: str = "secondary", payload: object = None) -> BigButton:
        b = BigButton("", kind, self)
        b.setObjectName(f"btn_{action}")
        self.translated(b.setText, text)
        b.clicked.connect(lambda: self.action.emit(action, payload))
        return b

    def add_button(self, text: TextFn, action: str, kind: str = "secondary") -> BigButton:
        b = self.make_button(text, action, kind)
        self.buttons.addWidget(b)
        return b

    @staticmethod
    def language() -> str:
        """The running UI language, as the installed translator says: it is the one source of truth."""
        return "zh_CN" if QCoreApplication.translate("Screen", "language-code") == "zh_CN" else "en"

    # --- life cycle -------------------------------------------------------------------------------
    def prompt(self) -> str:
        """The prompt spoken when this screen shows (a screen with phases may pick one per phase)."""
        return self.prompt_key

    def enter(self, session: Session) -> None:
        """Called each time the screen is shown, and again when the session's data change."""
        self.session = session
        self.render(session)

    def render(self, session: Session) -> None:
        """Draw what the session holds."""

    def clear(self) -> None:
        self.session = None
        self.forget()

    def forget(self) -> None:
        """Drop everything personal this screen shows."""

    def retranslate(self) -> None:
        for setter, text in self._texts:
            setter(text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.session is not None:
                self.render(self.session)
        super().changeEvent(event)
