"""The two printers as the journal sees them. Drivers and simulators in ``hardware/`` implement these;
kiosk code never imports a driver.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kiosk.printing.receipt_layout import ReceiptLayout
from kiosk.printing.status import PrinterStatus


class ReceiptPrinter(Protocol):
    #: The device URL, recorded with each job.
    name: str

    def status(self) -> PrinterStatus:
        """Asks the printer now. Silence is ``PRINTER_STATUS_UNKNOWN``, never "ready"."""
        ...

    def print_layout(self, layout: ReceiptLayout) -> PrinterStatus:
        """Checks status, sends the receipt, waits until the printer confirms it printed it.

        Raises ``PrinterNotReady`` when nothing was sent, ``PrintJobFailed`` when the printer stopped
        mid-receipt (``detail["interrupted"]``, ``code`` names why, e.g. PRINTER_PAPER_OUT). Returns the
        status after printing, whose ``alerts`` (paper near end) are for the staff.
        """
        ...


class DocJobState(StrEnum):
    PENDING = "pending"
    HELD = "held"
    PROCESSING = "processing"
    COMPLETED = "completed"
    ABORTED = "aborted"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (DocJobState.COMPLETED, DocJobState.ABORTED, DocJobState.CANCELLED)


@dataclass(frozen=True)
class DocJob:
    job_id: str
    state: DocJobState
    #: Stable codes for why it is not moving or why it ended (DOCPRINTER_PAUSED, DOCPRINTER_JAMMED ...).
    reasons: tuple[str, ...] = ()
    title: str = ""


class DocumentPrinter(Protocol):
    name: str

    def status(self) -> PrinterStatus: ...

    def submit(self, pdf: bytes, title: str) -> str:
        """Hands the PDF to the device; returns the device's job id. ``title`` is unique per journal job."""
        ...

    def job(self, job_id: str) -> DocJob: ...

    def find_job(self, title: str) -> DocJob | None:
        """The device's job with this title, finished or not; None if the device never got it."""
        ...

    def wait(self, job_id: str, timeout_s: float) -> DocJob:
        """Follows the job until it finishes, the printer stops (paused, jammed: reported, not waited
        on), or ``timeout_s`` passes. Returns the job as last seen."""
        ...
