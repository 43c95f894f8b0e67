"""On start, every open job of the journal is finished or voided, so nothing is lost or printed twice.

- receipts still open belong to a session that ended with the crash: voided (the resident has gone; a
  receipt reprinted for nobody is waste, and there is nothing on it they cannot get at the window);
- certified copies and documents: ``queued`` ones are printed (they were promised); ``sent`` ones are
  looked up on the printer by their unique title: found → followed to the end, not found → printed;
  ``printing`` ones are followed to the end. Nothing already on the printer is submitted again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.errors import PrinterError
from kiosk.printing.devices import DocumentPrinter
from kiosk.printing.jobs import follow_document_job, run_document_job
from kiosk.printing.journal import JobState, PrintJob, PrintJournal

SESSION_GONE = "RECOVERY_SESSION_ENDED"


@dataclass
class RecoveryReport:
    finished: list[PrintJob] = field(default_factory=list)
    voided: list[PrintJob] = field(default_factory=list)
    #: Jobs still open because the printer is not ready (the reason is on each job).
    waiting: list[PrintJob] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {name: [j.to_dict() for j in jobs] for name, jobs in
                (("finished", self.finished), ("voided", self.voided), ("waiting", self.waiting))}


def recover(journal: PrintJournal, docprinter: DocumentPrinter | None, timeout_s: float = 60.0) -> RecoveryReport:
    report = RecoveryReport()
    for job in journal.open_jobs():
        if job.kind == "receipt":
            report.voided.append(journal.transition(job.id, JobState.VOIDED, reason=SESSION_GONE,
                                                    message="open at start-up: the session it belonged to ended"))
            continue
        if docprinter is None:
            report.waiting.append(job)
            continue
        try:
            outcome = _finish_document(journal, docprinter, job, timeout_s)
        except PrinterError:
            report.waiting.append(journal.get(job.id))
            continue
        (report.finished if outcome.state not in (JobState.QUEUED, JobState.PRINTING, JobState.SENT)
         else report.waiting).append(outcome)
    return report


def _finish_document(journal: PrintJournal, printer: DocumentPrinter, job: PrintJob, timeout_s: float) -> PrintJob:
    if job.state is JobState.SENT:
        found = printer.find_job(job.device_title)
        if found is None:
            journal.transition(job.id, JobState.QUEUED, reason="RECOVERY_NOT_ON_PRINTER",
                               message="the crash came before the printer took the job")
            return run_document_job(journal, printer, job.id, timeout_s).job
        journal.transition(job.id, JobState.PRINTING, device_job_id=found.job_id)
        return follow_document_job(journal, printer, job.id, timeout_s).job
    if job.state is JobState.PRINTING:
        return follow_document_job(journal, printer, job.id, timeout_s).job
    return run_document_job(journal, printer, job.id, timeout_s).job
