"""``cups://Queue``: a CUPS queue, driven over IPP on the local CUPS server (localhost:631)."""

from __future__ import annotations

import getpass
import itertools
import threading
import time

import httpx

from hardware.docprinter import ipp
from hardware.docprinter.reasons import job_reason_codes, printer_status
from kiosk.errors import PrinterError, PrinterNotReady
from kiosk.printing.devices import DocJob, DocJobState
from kiosk.printing.status import PrinterCondition, PrinterStatus

_JOB_STATES = {3: DocJobState.PENDING, 4: DocJobState.HELD, 5: DocJobState.PROCESSING, 6: DocJobState.HELD,
               7: DocJobState.CANCELLED, 8: DocJobState.ABORTED, 9: DocJobState.COMPLETED}
NOT_FOUND = 0x0406
POLL_S = 0.25


class CupsQueue:
    def __init__(self, queue: str, name: str, server: str = "localhost:631", *, http_timeout_s: float = 5.0,
                 user: str | None = None):
        self.queue = queue
        self.name = name
        self.server = server
        self._http = httpx.Client(timeout=http_timeout_s)
        # cups-pdf writes into the home of the user a job belongs to; the kiosk's own user.
        self._user = user or getpass.getuser()
        self._ids = itertools.count(1)
        #: Set to give up waiting early (the UI's cancel button, shutdown).
        self.stop_waiting = threading.Event()

    @property
    def printer_uri(self) -> str:
        return f"ipp://{self.server}/printers/{self.queue}"

    # --- DocumentPrinter ------------------------------------------------------------------------

    def status(self) -> PrinterStatus:
        try:
            attrs = self._call(ipp.GET_PRINTER_ATTRIBUTES, [
                (ipp.KEYWORD, "requested-attributes",
                 ["printer-state", "printer-state-reasons", "printer-is-accepting-jobs"])]).group(ipp.PRINTER_GROUP)
        except PrinterNotReady as e:
            return PrinterStatus(self.name, (PrinterCondition(e.code),), raw={"error": e.message})
        reasons = [str(r) for r in attrs.get("printer-state-reasons", []) if r != "none"]
        state = attrs.get("printer-state", [None])[0]
        accepting = bool(attrs.get("printer-is-accepting-jobs", [True])[0])
        return printer_status(self.name, state if isinstance(state, int) else None, reasons, accepting)

    def submit(self, pdf: bytes, title: str) -> str:
        response = self._call(ipp.PRINT_JOB, [(ipp.NAME, "job-name", title),
                                              (ipp.MIME, "document-format", "application/pdf")], data=pdf)
        job_id = response.group(ipp.JOB_GROUP).get("job-id", [None])[0]
        if not isinstance(job_id, int):
            raise PrinterError("CUPS accepted the job but gave no job id", code="DOCPRINTER_PROTOCOL")
        return str(job_id)

    def job(self, job_id: str) -> DocJob:
        response = self._call(ipp.GET_JOB_ATTRIBUTES, [(ipp.INTEGER, "job-id", int(job_id)),
                                                       (ipp.KEYWORD, "requested-attributes",
                                                        ["job-id", "job-state", "job-state-reasons", "job-name"])])
        return self._job(response.group(ipp.JOB_GROUP))

    def find_job(self, title: str) -> DocJob | None:
        response = self._call(ipp.GET_JOBS, [(ipp.KEYWORD, "which-jobs", "all"),
                                             (ipp.KEYWORD, "requested-attributes",
                                              ["job-id", "job-state", "job-state-reasons", "job-name"])])
        for attrs in response.all(ipp.JOB_GROUP):
            if attrs.get("job-name", [None])[0] == title:
                return self._job(attrs)
        return None

    def wait(self, job_id: str, timeout_s: float) -> DocJob:
        deadline = time.monotonic() + timeout_s
        while True:
            job = self.job(job_id)
            if job.state.finished:
                return job
            printer = self.status()
            if not printer.ready:
                # A paused or jammed printer is reported, not waited on: the job stays on the queue.
                return DocJob(job.job_id, job.state, job_reason_codes(list(job.reasons), printer), job.title)
            if time.monotonic() >= deadline or self.stop_waiting.wait(POLL_S):
                return job

    def cancel(self, job_id: str) -> None:
        self._call(ipp.CANCEL_JOB, [(ipp.INTEGER, "job-id", int(job_id))])

    def close(self) -> None:
        self._http.close()

    # --- IPP ------------------------------------------------------------------------------------

    def _job(self, attrs: dict) -> DocJob:
        state = _JOB_STATES.get(attrs.get("job-state", [3])[0], DocJobState.PENDING)
        reasons = [str(r) for r in attrs.get("job-state-reasons", []) if r != "none"]
        return DocJob(str(attrs.get("job-id", ["?"])[0]), state, job_reason_codes(reasons),
                      str(attrs.get("job-name", [""])[0]))

    def _call(self, operation: int, attributes: list, data: bytes = b"") -> ipp.IppResponse:
        request = ipp.IppRequest(operation, next(self._ids), [
            (ipp.CHARSET, "attributes-charset", "utf-8"),
            (ipp.LANGUAGE, "attributes-natural-language", "en"),
            (ipp.URI, "printer-uri", self.printer_uri),
            (ipp.NAME, "requesting-user-name", self._user),
            *attributes], data)
        url = f"http://{self.server}/printers/{self.queue}"
        try:
            reply = self._http.post(url, content=request.encode(), headers={"Content-Type": "application/ipp"})
        except httpx.HTTPError as e:
            raise PrinterNotReady(f"cannot reach the CUPS server at {self.server}: {e}",
                                  code=PrinterCondition.UNREACHABLE.value) from None
        if reply.status_code == 404:
            raise _missing(self.queue)
        if reply.status_code != 200:
            raise PrinterError(f"CUPS answered HTTP {reply.status_code}", code="DOCPRINTER_PROTOCOL")
        try:
            response = ipp.decode_response(reply.content)
        except (ValueError, IndexError) as e:
            raise PrinterError(f"CUPS sent an unreadable IPP answer: {e}", code="DOCPRINTER_PROTOCOL") from None
        if response.status == NOT_FOUND:
            if operation in (ipp.GET_JOB_ATTRIBUTES, ipp.CANCEL_JOB):
                raise PrinterError("CUPS no longer knows this job", code="DOCPRINTER_JOB_UNKNOWN")
            raise _missing(self.queue)
        if not response.ok:
            raise PrinterNotReady(f"CUPS refused: IPP status 0x{response.status:04x}",
                                  code=PrinterCondition.NOT_ACCEPTING.value, detail={"ipp_status": response.status})
        return response


def _missing(queue: str) -> PrinterNotReady:
    return PrinterNotReady(f"there is no CUPS queue named {queue!r}", code=PrinterCondition.QUEUE_MISSING.value)
