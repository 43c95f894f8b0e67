"""Out of service from the start: the kiosk cannot use its own storage (a full disk, a data folder it may
not open, a file where a folder belongs). Residents are told, in their words, what happened and where to
go; staff read the short code (「S-01」); the full message is in the log and the journal.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget

from kiosk.errors import KioskError
from kiosk.fault_codes import short_code
from ui.screens.base import Screen


class StartFaultScreen(Screen):
    prompt_key = "out_of_service"
    #: The window was closed: the kiosk is being stopped while out of service.
    closed = Signal()

    def __init__(self, point_name: str, phone: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.fault: KioskError | None = None
        self.set_title(lambda: self.tr("This kiosk is out of service"))
        self.what = self.add_text(name="what")
        self.add_text(lambda: self.tr("We are sorry. Please ask at the service window of %1.").replace("%1", point_name),
                      name="where")
        self.add_text(lambda: self.tr("Phone: %1").replace("%1", phone), role="notice", name="phone")
        self.code = self.add_text(role="small", name="code")
        self.body.addStretch(1)

    def show_fault(self, fault: KioskError) -> None:
        self.fault = fault
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        if self.fault is None:
            return
        if self.fault.code == "STORAGE_FULL":
            self.what.setText(self.tr("The kiosk's storage is full."))
        else:
            self.what.setText(self.tr("The kiosk cannot read or write its own data."))
        self.code.setText(self.tr("For staff: [%1]").replace("%1", short_code(self.fault.code, "storage")))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        super().closeEvent(event)
        self.closed.emit()
