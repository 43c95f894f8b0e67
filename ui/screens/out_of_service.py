"""Out of service: a critical device is down. Residents are told where to go and whom to call.

No device names or error codes for residents (they cannot act on them); staff see the reason on the
diagnostics screen after signing in from here.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.screens.base import Screen


class OutOfServiceScreen(Screen):
    prompt_key = "out_of_service"

    def __init__(self, point_name: str, phone: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.phone = phone
        self.set_title(lambda: self.tr("This kiosk is out of service"))
        self.add_text(lambda: self.tr("We are sorry. Please ask at the service window of %1.").replace("%1", point_name),
                      name="where")
        self.add_text(lambda: self.tr("Phone: %1").replace("%1", phone), role="notice", name="phone")
        self.add_text(lambda: self.tr("Staff have been told and will repair it as soon as possible."), "small")
        self.body.addStretch(1)
        self.add_button(lambda: self.tr("Staff sign-in"), "technician_start")
