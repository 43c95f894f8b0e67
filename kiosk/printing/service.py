"""One object for the screens: the journal and the two printers, with the calls a session needs.

Every method talks to a device and may block for a while: call them off the UI thread.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.printing.certified_copy import CertifiedCopy, render_certified_copy
from kiosk.printing.devices import DocumentPrinter, ReceiptPrinter
from kiosk.printing.jobs import JobOutcome, print_document, resume_queued, run_receipt_job
from kiosk.printing.journal import JobState, PrintJob, PrintJournal
from kiosk.storage import StorageKey
from kiosk.printing.receipt_content import SessionSummary, compose_receipt
from kiosk.printing.recovery import RecoveryReport, recover
from kiosk.printing.status import PrinterStatus


class PrintService:
    def __init__(self, journal: PrintJournal, receipt: ReceiptPrinter, docprinter: DocumentPrinter, *,
                 receipt_columns: int = 48, document_timeout_s: float = 120.0):
        self.journal = journal
        self.receipt = receipt
        self.docprinter = docprinter
        self.receipt_columns = receipt_columns
        self.document_timeout_s = document_timeout_s
        #: The checkout receipt that met a printer not ready (queued in the journal), until it is replaced.
        self._waiting_receipt: str | None = None

    @classmethod
    def open(cls, data_dir: Path | str, receipt: ReceiptPrinter, docprinter: DocumentPrinter, *, key: StorageKey,
             **kw: float) -> PrintService:
        return cls(PrintJournal.open(data_dir, key=key), receipt, docprinter, **kw)  # type: ignore[arg-type]

    def receipt_status(self) -> PrinterStatus:
        """Ask before promising a receipt: ``.ready``, ``.reason`` (stable code), ``.alerts`` for staff."""
        return self.receipt.status()

    def document_status(self) -> PrinterStatus:
        """Ask before promising a certified copy."""
        return self.docprinter.status()

    def print_session_receipt(self, summary: SessionSummary) -> JobOutcome:
        """The receipt at checkout. Raises PrinterNotReady (nothing sent; the job waits in the journal) or
        PrintJobFailed.

        A receipt that waited for paper is printed again as a whole, with what the visit holds now: the
        older job is voided first, so it can never come out as well."""
        self._void_waiting_receipt()
        layout = compose_receipt(summary, self.receipt_columns)
        job = self.journal.enqueue("receipt", self.receipt.name, "凭条", layout.to_json().encode("utf-8"))
        self._waiting_receipt = job.id
        outcome = run_receipt_job(self.journal, self.receipt, job.id)
        self._waiting_receipt = None
        return outcome

    def _void_waiting_receipt(self) -> None:
        waiting, self._waiting_receipt = self._waiting_receipt, None
        if waiting is not None and self.journal.get(waiting).state is JobState.QUEUED:
            self.journal.transition(waiting, JobState.VOIDED, reason="RECEIPT_SUPERSEDED",
                                    message="printed again with the visit's latest content")

    def print_certified_copy(self, copy: CertifiedCopy, certificate_id: str) -> JobOutcome:
        """Renders and prints the copy at most once per certificate id; ``.job.state`` tells the end."""
        pdf = render_certified_copy(copy)
        return print_document(self.journal, self.docprinter, pdf, title=f"档案证明 {copy.reference}",
                              certificate_id=certificate_id, timeout_s=self.document_timeout_s)

    def resume(self) -> list[JobOutcome]:
        """After staff loaded paper / closed the cover / resumed the queue: print what waits."""
        return resume_queued(self.journal, self.receipt, self.docprinter, self.document_timeout_s)

    def recover_on_start(self) -> RecoveryReport:
        return recover(self.journal, self.docprinter, self.document_timeout_s)

    def jobs(self, limit: int = 200) -> list[PrintJob]:
        return self.journal.jobs(limit=limit)

    def close(self) -> None:
        self.journal.close()
