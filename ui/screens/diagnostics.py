"""The technician's screens: sign-in (own ID card + PIN) and diagnostics, all by touch.

Diagnostics shows each device with its state, last error and a self-test button, plus the device's own
tool (read a card and show its masked fields, the camera preview with face box and fps, a test receipt,
a test page), versions and the config in force. The screens only show; the flow runs the tests.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QStackedWidget, QVBoxLayout,
                               QWidget)

from kiosk.diag.model import DEVICE_TITLES, DEVICES, CheckResult
from ui.screens.base import Screen
from ui.screens.staff_pin import StaffPinScreen
from ui.widgets.buttons import BigButton

#: Each device's own tool beside its self-test: (action, button text).
_TOOLS: dict[str, tuple[str, str]] = {
    "idcard": ("diag_read_card", "Read a card"),
    "camera": ("diag_camera", "Preview"),
    "receipt": ("diag_test_receipt", "Test receipt"),
    "docprinter": ("diag_test_page", "Test page"),
}
#: Device rows per page: three rows of elder-mode buttons leave room for the card's fields and the message.
_DEVICES_PER_PAGE = 3


class TechnicianLoginScreen(StaffPinScreen):
    prompt_key = "technician_login"
    sign_in_action = "technician_sign_in"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Technician sign-in"))
        self.add_button(lambda: self.tr("Cancel"), "technician_cancel")
        sign_in = BigButton("", "primary", self)
        sign_in.setObjectName("btn_technician_sign_in")
        self.translated(sign_in.setText, lambda: self.tr("Sign in"))
        sign_in.clicked.connect(self._submit)
        self.buttons.addWidget(sign_in)

    def not_staff_text(self) -> str:
        return self.tr("This card is not registered for technician service.")


class DiagnosticsScreen(Screen):
    prompt_key = "diagnostics"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("staff", True)
        self.set_title(lambda: self.tr("Diagnostics"))
        # Pages, turned by ◀ ▶ at the bottom: six device rows of big buttons, the card's fields,
        # the camera preview and the versions do not fit one 1080-line screen in elder mode.
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("diag_pages")
        self.states: dict[str, QLabel] = {}
        self.details: dict[str, QLabel] = {}
        self.page_of: dict[str, int] = {}
        for first in range(0, len(DEVICES), _DEVICES_PER_PAGE):
            page, column = self._page()
            row = QHBoxLayout()
            row.addLayout(self._device_grid(DEVICES[first:first + _DEVICES_PER_PAGE], page), 1)
            column.addLayout(row)
            if first == 0:
                # The card reader's and the camera's tools show their results on the page they are on.
                self.card_fields = self._label("card_fields", "")
                self.card_fields.setWordWrap(True)
                column.addWidget(self.card_fields)
                self.preview = self._label("camera_preview", "")
                self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self.preview.hide()
                row.addWidget(self.preview)
            column.addStretch(1)
        page, column = self._page()
        self.info = QPlainTextEdit(page)
        self.info.setObjectName("info")
        self.info.setReadOnly(True)
        column.addWidget(self.info, 1)
        # The kiosk-wide actions sit with the versions and config; the bottom row keeps the daily ones.
        system = QHBoxLayout()
        system.setSpacing(32)
        for text, action in ((lambda: self.tr("Support bundle"), "diag_export"),
                             (lambda: self.tr("Out of service"), "diag_out_of_service")):
            system.addWidget(self.make_button(text, action))
        system.addStretch(1)
        column.addLayout(system)
        self.body.addWidget(self.pages, 1)
        self.message = self._label("message", "")
        self.message.setProperty("role", "small")
        self.message.setWordWrap(True)
        self.body.addWidget(self.message)
        self.add_button(lambda: self.tr("Test all"), "diag_run_all", "primary")
        self.add_button(lambda: self.tr("Leave the kiosk"), "diag_leave")
        self.add_button(lambda: self.tr("Back to service"), "diag_done")
        self.buttons.addStretch(1)
        self.prev = self._turn_button("btn_diag_prev", -1)
        self.page_no = QLabel(self)
        self.page_no.setObjectName("diag_page_no")
        self.buttons.addWidget(self.page_no)
        self.next = self._turn_button("btn_diag_next", 1)
        # Arrows without words: with the page number between them they say enough, and the row has room.
        self.prev.setText("◀")
        self.next.setText("▶")
        self.turn(0)

    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget(self.pages)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        self.pages.addWidget(page)
        return page, column

    def _device_grid(self, devices: tuple[str, ...] | list[str], page: QWidget) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        for row, device in enumerate(devices):
            self.page_of[device] = self.pages.indexOf(page)
            name = QLabel(DEVICE_TITLES[device], page)
            name.setProperty("role", "small")
            self.states[device] = self._label(f"state_{device}", "…")
            self.details[device] = self._label(f"detail_{device}", "")
            self.details[device].setWordWrap(True)
            grid.addWidget(name, row, 0)
            grid.addWidget(self.states[device], row, 1)
            grid.addWidget(self.details[device], row, 2)
            grid.addWidget(self._tool_button(f"btn_test_{device}", "Self-test", "diag_test", device), row, 3)
            if device in _TOOLS:
                action, text = _TOOLS[device]
                grid.addWidget(self._tool_button(f"btn_{action}", text, action, None), row, 4)
        grid.setColumnStretch(2, 1)
        return grid

    def _turn_button(self, name: str, delta: int) -> BigButton:
        b = BigButton("", "secondary", self)
        b.setObjectName(name)
        b.clicked.connect(lambda: self.turn(delta))
        self.buttons.addWidget(b)
        return b

    def turn(self, delta: int) -> None:
        """Show the next (1) or previous (-1) page, or, with 0, keep the page and refresh the buttons."""
        index = max(0, min(self.pages.count() - 1, self.pages.currentIndex() + delta))
        self.pages.setCurrentIndex(index)
        self.page_no.setText(f"{index + 1} / {self.pages.count()}")
        self.prev.setEnabled(index > 0)
        self.next.setEnabled(index < self.pages.count() - 1)

    def _label(self, name: str, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        return label

    def _tool_button(self, name: str, text: str, action: str, payload: object) -> BigButton:
        b = BigButton("", "tool", self)
        b.setObjectName(name)
        self.translated(b.setText, lambda: self.tr(text))
        b.clicked.connect(lambda: self.action.emit(action, payload))
        return b

    # --- what the flow tells it ---------------------------------------------------------------------
    def show_running(self, device: str) -> None:
        self.states[device].setText(self.tr("testing…"))

    def show_result(self, result: CheckResult) -> None:
        shown = result.to_dict()  # redacted
        mark = "✔" if result.ok else "✘"
        self.states[result.device].setText(f"{mark} {shown['state']}")
        self.states[result.device].setProperty("ok", result.ok)
        # The last error stays beside the device until a later test passes.
        self.details[result.device].setText(shown["detail"])

    def show_card(self, fields: Mapping[str, Any]) -> None:
        self.card_fields.setText("  ".join(f"{k}: {v}" for k, v in fields.items()))

    def show_info(self, info: Mapping[str, Any]) -> None:
        self.info.setPlainText(json.dumps(info, ensure_ascii=False, indent=2, default=str))

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def show_frame(self, image: QImage, fps: float, face_box: tuple[int, int, int, int] | None) -> None:
        """A camera frame with the face found in it outlined (box as top, right, bottom, left)."""
        pixmap = QPixmap.fromImage(image)
        if face_box is not None:
            top, right, bottom, left = face_box
            painter = QPainter(pixmap)
            painter.setPen(QPen(QColor("#00c853"), 4))
            painter.drawRect(left, top, right - left, bottom - top)
            painter.end()
        self.preview.setPixmap(pixmap.scaledToHeight(240, Qt.TransformationMode.SmoothTransformation))
        self.preview.setProperty("fps", fps)
        self.preview.setProperty("face", face_box is not None)
        self.preview.setToolTip(f"{fps:.1f} fps")
        self.details["camera"].setText(self.tr("live: %1 fps, %2").replace("%1", f"{fps:.1f}").replace(
            "%2", self.tr("face found") if face_box is not None else self.tr("no face")))
        self.preview.show()

    def hide_preview(self) -> None:
        self.preview.clear()
        self.preview.hide()

    def forget(self) -> None:
        self.card_fields.clear()
        self.hide_preview()
        self.message.clear()
        self.pages.setCurrentIndex(0)
        self.turn(0)
