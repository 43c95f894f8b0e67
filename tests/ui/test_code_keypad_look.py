"""The certificate-code keypad in high contrast: dark keys with light outlines, the theme's one accent only
on the primary "check" key once the code is whole; in elder mode four rows of keys fit under the code."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.certify.code_check import CODE_LENGTH
from ui import theme
from ui.widgets.code_keypad import KEY_PX, CodeKeypad

HC = theme.pick(elder=True, high_contrast=True)


def _keypad(qtbot) -> tuple[QWidget, CodeKeypad]:
    window = QWidget()
    window.setStyleSheet(theme.stylesheet(HC))
    layout = QVBoxLayout(window)
    keypad = CodeKeypad()
    layout.addWidget(keypad)
    window.resize(1400, 700)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, keypad


def _colour(window: QWidget, widget: QWidget, point: QPoint) -> QColor:
    return QColor(window.grab().toImage().pixel(widget.mapTo(window, point)))


def test_keys_are_dark_with_light_outlines_and_only_check_carries_the_accent(qtbot):
    window, keypad = _keypad(qtbot)
    key = keypad.keys["7"]
    assert key.height() == KEY_PX and key.width() >= KEY_PX
    inside = _colour(window, key, QPoint(12, key.height() // 2))
    edge = _colour(window, key, QPoint(1, key.height() // 2))
    assert inside.lightness() < 40 and edge.lightness() > 200  # no large white fill; a light outline
    accent = QColor(HC.primary)
    assert _colour(window, keypad.check, QPoint(12, keypad.check.height() // 2)) != accent  # not yet whole
    for ch in "3WX5F8AWVKC5"[:CODE_LENGTH]:
        keypad.keys[ch].click()
    assert keypad.check.isEnabled()
    assert _colour(window, keypad.check, QPoint(12, keypad.check.height() // 2)) == accent
    others = [b for b in (*keypad.keys.values(), keypad.delete)
              if _colour(window, b, QPoint(12, b.height() // 2)) == accent]
    assert not others  # one accent, for the primary key alone
    typed = keypad.display
    assert _colour(window, typed, QPoint(1, typed.height() // 2)).lightness() > 200  # the code's box shows
