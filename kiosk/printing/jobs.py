"""Running print jobs through the journal: each device call is bracketed by journal writes."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kiosk.errors import PrinterError, PrinterNotReady
from kiosk.printing.devices import DocJob, DocJobState, DocumentPrinter, ReceiptPrinter
from kiosk.printing.journal import JobState, PrintJob, PrintJournal
from kiosk.printing.receipt_layout import ReceiptLayout


@dataclass(frozen=True)
class JobOutcome:
    job: PrintJob
    #: Staff alerts raised while printing (PRINTER_PAPER_NEAR_END ...).
    alerts: tuple[str, ...] = field(default=())
    #: The certificate was already in the journal: this reports that job, nothing new was printed.
    already_in_journal: bool = False

    @property
    def printed(self) -> bool:
        return self.job.state is JobState.DONE

    def to_dict(self) -> dict:
        return {"printed": self.printed, "job": self.job.to_dict(), "alerts": list(self.alerts),
                "already_in_journal": self.already_in_journal}


def print_receipt(journal: PrintJournal, printer: ReceiptPrinter, layout: ReceiptLayout,
                  title: str = "凭条") -> JobOutcome:
    job = journal.enqueue("receipt", printer.name, title, layout.to_json().encode("utf-8"))
    return run_receipt_job(journal, printer, job.id)


def run_receipt_job(journal: PrintJournal, printer: ReceiptPrinter, job_id: str) -> JobOutcome:
    """Prints a queued receipt. On "not ready" (nothing sent) or paper running out mid-receipt the job
    goes back to ``queued`` with the reason and the error is raised; :func:`resume_queued` prints it
    again, whole, once the paper is fixed."""
    layout = ReceiptLayout.from_json(journal.payload(job_id).decode("utf-8"))
    journal.transition(job_id, JobState.SENT)
    try:
        after = printer.print_layout(layout)
    except PrinterNotReady as e:
        journal.transition(job_id, JobState.QUEUED, reason=e.code, message=e.message)
        raise
    except PrinterError as e:
        # Interrupted: part of it may be on paper. A receipt is not a certificate, so the remedy is the
        # whole receipt again once the printer is fixed; the journal keeps it waiting, not lost.
        journal.transition(job_id, JobState.PRINTING)
        journal.transition(job_id, JobState.QUEUED, reason=e.code, message=e.message)
        raise
    journal.transition(job_id, JobState.PRINTING)
    alerts = tuple(a.value for a in after.alerts)
    done = journal.transition(job_id, JobState.DONE, reason=alerts[0] if alerts else None)
    return JobOutcome(done, alerts)


def print_document(journal: PrintJournal, printer: DocumentPrinter, pdf: bytes, *, title: str,
                   certificate_id: str | None = None, timeout_s: float = 60.0) -> JobOutcome:
    """Prints a PDF; for a certificate, at most once: a second call for the same certificate id follows
    or reports the first job instead of printing again."""
    kind = "certified_copy" if certificate_id else "document"
    job = journal.enqueue(kind, printer.name, title, pdf, certificate_id=certificate_id)
    if job.state is JobState.QUEUED:
        return run_document_job(journal, printer, job.id, timeout_s)
    if job.state is JobState.PRINTING:
        return replace(follow_document_job(journal, printer, job.id, timeout_s), already_in_journal=True)
    return JobOutcome(job, already_in_journal=True)


def run_document_job(journal: PrintJournal, printer: DocumentPrinter, job_id: str,
                     timeout_s: float) -> JobOutcome:
    job = journal.get(job_id)
    status = printer.status()
    if not status.ready:
        journal.note(job_id, status.reason.value if status.reason else None, status.message)
        raise status.not_ready_error()
    journal.transition(job_id, JobState.SENT)
    try:
        device_job_id = printer.submit(journal.payload(job_id), job.device_title)
    except PrinterError as e:
        # The call failed, but it may have reached the device first: ask before deciding.
        found = printer.find_job(job.device_title) if not isinstance(e, PrinterNotReady) else None
        if found is None:
            journal.transition(job_id, JobState.QUEUED, reason=e.code, message=e.message)
            raise
        device_job_id = found.job_id
    journal.transition(job_id, JobState.PRINTING, device_job_id=device_job_id)
    return follow_document_job(journal, printer, job_id, timeout_s)


def follow_document_job(journal: PrintJournal, printer: DocumentPrinter, job_id: str,
                        timeout_s: float) -> JobOutcome:
    job = journal.get(job_id)
    assert job.device_job_id is not None, "a printing job always has its device job id"
    seen = printer.wait(job.device_job_id, timeout_s)
    return JobOutcome(record_device_outcome(journal, job_id, seen))


def record_device_outcome(journal: PrintJournal, job_id: str, seen: DocJob) -> PrintJob:
    reason = seen.reasons[0] if seen.reasons else None
    if seen.state is DocJobState.COMPLETED:
        return journal.transition(job_id, JobState.DONE)
    if seen.state in (DocJobState.ABORTED, DocJobState.CANCELLED):
        return journal.transition(job_id, JobState.FAILED, reason=reason or f"DOCPRINTER_JOB_{seen.state.upper()}",
                                  message=f"the printer ended the job: {seen.state}")
    # Still on the device (paused queue, held, slow): it stays "printing"; recovery or a later follow
    # finishes it. Never resubmitted, so never doubled.
    return journal.note(job_id, reason or "DOCPRINTER_STILL_PRINTING", f"job is {seen.state} on the printer")


def resume_queued(journal: PrintJournal, receipt: ReceiptPrinter | None = None,
                  docprinter: DocumentPrinter | None = None, timeout_s: float = 60.0) -> list[JobOutcome]:
    """Prints the jobs that wait (after paper was loaded, a cover closed, a queue resumed), and follows
    documents still on the printer (stopped there by a paused queue or empty tray) to their end."""
    outcomes: list[JobOutcome] = []
    for job in journal.jobs(states=(JobState.QUEUED, JobState.PRINTING)):
        try:
            if job.kind == "receipt" and receipt is not None and job.state is JobState.QUEUED:
                outcomes.append(run_receipt_job(journal, receipt, job.id))
            elif job.kind != "receipt" and docprinter is not None:
                run = run_document_job if job.state is JobState.QUEUED else follow_document_job
                outcomes.append(run(journal, docprinter, job.id, timeout_s))
        except PrinterError:
            # Still not ready: the journal says why; the rest waits as well.
            outcomes.append(JobOutcome(journal.get(job.id)))
            break
    return outcomes
