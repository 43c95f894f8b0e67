"""The bar above every screen: language, text size, contrast, sound and "say it again".

One bar for the whole window, so every screen has the switches in the same place.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from ui.widgets.buttons import BigButton, ToggleButton


class TopBar(QWidget):
    #: "language" | "elder" | "contrast" | "mute" | "repeat"
    action = Signal(str)

    def __init__(self, point_name: str, point_name_en: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("TopBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 8, 24, 8)
        layout.setSpacing(16)
        self._names = (point_name, point_name_en)
        self.point = QLabel(point_name, self)
        self.point.setObjectName("point_name")
        # The point's long name gives way to the switches, which must never be cut.
        self.point.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.point.setWordWrap(True)
        layout.addWidget(self.point, 1)
        self.language = BigButton("", "tool", self)
        self.elder = ToggleButton(parent=self)
        self.contrast = ToggleButton(parent=self)
        self.mute = ToggleButton(parent=self)
        self.repeat = BigButton("", "tool", self)
        for name, button in (("language", self.language), ("elder", self.elder), ("contrast", self.contrast),
                             ("mute", self.mute), ("repeat", self.repeat)):
            button.setObjectName(f"bar_{name}")
            button.clicked.connect(lambda _=False, n=name: self.action.emit(n))
            layout.addWidget(button)
        self._language = "zh_CN"
        self.retranslate()

    def show_state(self, *, language: str, elder: bool, high_contrast: bool, muted: bool) -> None:
        self._language = language
        self.elder.setChecked(elder)
        self.contrast.setChecked(high_contrast)
        self.mute.setChecked(muted)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        # The way back to a language is written in that language: a reader of it can always find it.
        self.language.setText("English" if self._language == "zh_CN" else "中文")
        self.point.setText(point_name(*self._names, self._language))
        on, off = self.tr("on"), self.tr("off")
        self.elder.setText(self.tr("Large text: %1").replace("%1", on if self.elder.isChecked() else off))
        self.contrast.setText(self.tr("Contrast: %1").replace("%1", on if self.contrast.isChecked() else off))
        self.mute.setText(self.tr("Sound: %1").replace("%1", off if self.mute.isChecked() else on))
        self.repeat.setText(self.tr("Say again"))


def point_name(name: str, name_en: str, language: str) -> str:
    """The service point's name in the screen's language (a point with no English name is described)."""
    if language == "zh_CN":
        return name
    return name_en or QCoreApplication.translate("TopBar", "Community archive service point")
