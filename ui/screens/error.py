"""The error screen: what happened, what to do now, and always "call staff".

Shown over whatever state the session is in while ``session.fault`` is set. Words are chosen by the
device and the fault code; an unknown code still gets the device's general words, never a raw code alone.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.fault_codes import short_code
from kiosk.session import Fault, Session
from ui.screens.base import Screen


class ErrorScreen(Screen):
    prompt_key = "error"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Something went wrong"))
        self.what = self.add_text(name="what")
        self.todo = self.add_text(role="notice", name="todo")
        self.code = self.add_text(role="small", name="code")
        self.staff_called = self.add_text(name="staff_called")
        self.body.addStretch(1)
        self.back = self.add_button(lambda: self.tr("Back"), "fault_back")
        self.retry = self.add_button(lambda: self.tr("Try again"), "fault_retry")
        self.assisted = self.add_button(lambda: self.tr("Ask staff to confirm my identity"), "fault_assisted")
        self.add_button(lambda: self.tr("Call staff"), "call_staff", "primary")

    def prompt(self) -> str:
        """The words spoken name the part that failed (a printer fault and a camera fault differ)."""
        fault = self.session.fault if self.session is not None else None
        if fault is None:
            return "error"
        if fault.device in ("printer", "receipt", "docprinter"):
            return "error_printer"
        return {"camera": "error_camera", "idcard": "error_idcard", "network": "error_network"}.get(
            fault.device, "error")

    def render(self, session: Session) -> None:
        fault = session.fault
        if fault is None:
            return
        what, todo = self.words(fault)
        self.what.setText(what)
        self.todo.setText(todo)
        # Staff read the short code; the full one is in the log and the diagnostics.
        self.code.setText(self.tr("For staff: [%1]").replace("%1", short_code(fault.code, fault.device)))
        self.retry.setVisible(fault.remedy == "retry")
        self.assisted.setVisible(fault.remedy == "assisted")
        self.back.setVisible(fault.remedy != "assisted")
        called = self.view.staff_called
        self.staff_called.setText(self.tr("✔ Staff have been called. Please wait here.") if called else "")

    def words(self, fault: Fault) -> tuple[str, str]:
        code, device = fault.code, fault.device
        if code in ("PRINTER_PAPER_OUT", "DOCPRINTER_MEDIA_EMPTY"):
            return (self.tr("The printer has run out of paper."),
                    self.tr("Your print is kept and waits. Staff will add paper; then press Try again."))
        if code in ("PRINTER_COVER_OPEN", "DOCPRINTER_DOOR_OPEN"):
            return (self.tr("The printer cover is open."), self.tr("Please call staff to close it, then try again."))
        if code == "DOCPRINTER_JAMMED":
            return (self.tr("Paper is stuck in the printer."), self.tr("Please call staff. Do not open the printer."))
        if device in ("printer", "receipt", "docprinter"):
            return (self.tr("The printer is not working."),
                    self.tr("Your print is kept and waits. Please call staff."))
        if device == "camera":
            return (self.tr("The camera is not working."),
                    self.tr("A member of staff can confirm who you are instead."))
        if device == "idcard":
            return (self.tr("The card reader is not working."),
                    self.tr("Please take your card and call staff."))
        if code in ("CACHE_INCOMPLETE", "CACHE_NOT_SYNCED"):  # the cache is (re)filled from the gateway
            return (self.tr("The archive is being updated."),
                    self.tr("Please try again in a few minutes, or ask staff for help."))
        if device == "network":
            return (self.tr("The connection to the district archive is down."),
                    self.tr("Records kept at this point can still be seen. Please try again later or call staff."))
        return (self.tr("A part of this kiosk is not working."), self.tr("Please call staff."))

    def forget(self) -> None:
        for label in (self.what, self.todo, self.code, self.staff_called):
            label.clear()
