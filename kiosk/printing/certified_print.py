"""Printing a certified copy: its copies in one job, at most once per certificate, and what "Try again" does.

The rules a kiosk keeps for a certificate whatever screen or command asks: N copies go to the printer as
one document (one certificate, one job, each sheet the same); a job the printer aborted (a jam) never came
out whole, so asking again sends that same job again under the same certificate; a job still on the printer
is followed, never sent a second time; a finished one is reported, not printed again.
"""

from __future__ import annotations

import io

from kiosk.errors import PrinterNotReady, PrintJobFailed
from kiosk.printing.devices import DocumentPrinter
from kiosk.printing.jobs import JobOutcome, print_document
from kiosk.printing.journal import JobState, PrintJournal


def print_certified_copies(journal: PrintJournal, printer: DocumentPrinter, pdf: bytes, copies: int, *,
                           title: str, certificate_id: str, timeout_s: float) -> JobOutcome:
    """Prints ``copies`` of a certified copy. Raises PrinterNotReady when nothing was sent (the job waits in
    the journal under this certificate id) or the copy is still on the printer, PrintJobFailed when the
    printer ended the job."""
    document = copies_of(pdf, copies)
    requeue_failed(journal, certificate_id, document)
    outcome = print_document(journal, printer, document, title=title, certificate_id=certificate_id,
                             timeout_s=timeout_s)
    job = outcome.job
    if job.state is JobState.FAILED:
        raise PrintJobFailed(job.message or "the document printer ended the job",
                             code=job.reason or "DOCPRINTER_JOB_FAILED", detail={"job": job.id})
    if job.state is not JobState.DONE:
        # On the printer but stopped (queue paused, tray empty): it finishes there, never sent again.
        raise PrinterNotReady(job.message or "the copy waits on the printer",
                              code=job.reason or "DOCPRINTER_STILL_PRINTING", detail={"job": job.id})
    return outcome


def requeue_failed(journal: PrintJournal, certificate_id: str, document: bytes) -> None:
    """A copy whose job the printer aborted (a jam) never came out whole: asking again after staff cleared
    the printer sends that same job again (failed → queued), under the same certificate. The failed job
    dropped its document when it ended (the journal keeps none longer than needed): it is handed it again."""
    for job in journal.jobs(states=(JobState.FAILED,)):
        if job.certificate_id == certificate_id:
            journal.transition(job.id, JobState.QUEUED, reason="RETRY_AFTER_FAILURE", message=job.message,
                               payload=document)


def copies_of(pdf: bytes, copies: int) -> bytes:
    """``copies`` times the copy in one document."""
    if copies <= 1:
        return pdf
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(pdf)
    combined = pdfium.PdfDocument.new()
    try:
        for _ in range(copies):
            combined.import_pages(source)
        out = io.BytesIO()
        combined.save(out)
        return out.getvalue()
    finally:
        combined.close()
        source.close()
