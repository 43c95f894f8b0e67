"""The resident's choices of language, text size and contrast, applied to the running application.

The choices belong to one visit: :meth:`Appearance.reset` puts back the configured defaults at WIPE, so the
next resident does not inherit a stranger's settings. Switching language installs a Qt translator, which
sends every widget a LanguageChange event; screens re-set their texts in ``retranslate``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTranslator, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from ui import theme

LANGUAGES = ("zh_CN", "en")


class Appearance(QObject):
    changed = Signal()

    def __init__(self, app: QApplication, translations_dir: Path, *, language: str = "zh_CN",
                 elder: bool = False, high_contrast: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        self.app = app
        self.translations_dir = translations_dir
        self.defaults = (language, elder, high_contrast)
        self.language, self.elder, self.high_contrast = self.defaults
        self._translator: QTranslator | None = None
        self._applied_theme: theme.Theme | None = None
        self._applied_language: str | None = None

    @property
    def theme(self) -> theme.Theme:
        return theme.pick(elder=self.elder, high_contrast=self.high_contrast)

    @property
    def mode(self) -> str:
        """The walkthrough's name for the current look: normal, elder, high_contrast, english, or a mix."""
        parts = [p for p, on in (("elder", self.elder), ("high_contrast", self.high_contrast),
                                 ("english", self.language == "en")) if on]
        return "+".join(parts) or "normal"

    def set(self, *, language: str | None = None, elder: bool | None = None,
            high_contrast: bool | None = None) -> None:
        if language is not None:
            if language not in LANGUAGES:
                raise ValueError(f"unknown language {language!r}")
            self.language = language
        if elder is not None:
            self.elder = elder
        if high_contrast is not None:
            self.high_contrast = high_contrast
        self.apply()

    def toggle_language(self) -> None:
        self.set(language="en" if self.language == "zh_CN" else "zh_CN")

    def toggle_elder(self) -> None:
        self.set(elder=not self.elder)

    def toggle_contrast(self) -> None:
        self.set(high_contrast=not self.high_contrast)

    def reset(self) -> None:
        language, elder, high_contrast = self.defaults
        self.set(language=language, elder=elder, high_contrast=high_contrast)

    def apply(self) -> None:
        """Restyle and retranslate only what changed: a full restyle re-polishes every widget."""
        t = self.theme
        if t != self._applied_theme:
            self.app.setFont(QFont(theme.FONT_FAMILIES[0], t.body_px))
            # Style sheets cannot colour placeholder text; Qt's default grey fails 7:1.
            palette = self.app.palette()
            palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(t.muted_text))
            self.app.setPalette(palette)
            self.app.setStyleSheet(theme.stylesheet(t))
            self._applied_theme = t
        if self.language != self._applied_language:
            self._install_translator()
            self._applied_language = self.language
        self.changed.emit()

    def close(self) -> None:
        """Take this kiosk's translator out of the application (tests build many kiosks in one app)."""
        if self._translator is not None:
            self.app.removeTranslator(self._translator)
            self._translator = None
        self._applied_language = None

    def _install_translator(self) -> None:
        if self._translator is not None:
            self.app.removeTranslator(self._translator)
            self._translator = None
        # The source strings are English; English's catalogue holds only its plural forms (%n).
        translator = QTranslator(self)
        if translator.load(str(self.translations_dir / f"kiosk_{self.language}.qm")):
            self.app.installTranslator(translator)
            self._translator = translator
