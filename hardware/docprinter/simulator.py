"""``sim://docprinter?dir=/path``: a document printer that "prints" by writing each PDF into a folder.

Jobs are files (``jobs/<id>.json``, ``out/<id>-<title>.pdf``), so a kiosk that crashed and restarted
finds on this printer what the previous process sent, as it would on a real one. Fault handles: paper
jam (now, or on the next job), paused queue, media empty, door open, and ``hold`` (jobs stay
"processing" until :meth:`release`: a slow printer, or a test that must catch a job mid-way).
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from pathlib import Path

from kiosk.errors import PrinterNotReady
from kiosk.printing.devices import DocJob, DocJobState
from kiosk.printing.status import PrinterCondition, PrinterStatus


class DocPrinterSimulator:
    def __init__(self, folder: Path | str, name: str = "sim://docprinter", *, hold: bool = False):
        self.folder = Path(folder)
        self.name = name
        (self.folder / "jobs").mkdir(parents=True, exist_ok=True)
        (self.folder / "out").mkdir(parents=True, exist_ok=True)
        self.hold = hold
        self.jammed = False
        self.paused = False
        self.media_empty = False
        self.door_open = False
        self._jam_next = False
        self._lock = threading.Lock()
        self.changed = threading.Condition(self._lock)

    # --- fault injection ----------------------------------------------------------------------

    def jam(self, now: bool = True) -> None:
        """``now``: the printer is jammed; otherwise the next job jams half-way."""
        with self._lock:
            if now:
                self.jammed = True
                for job in self._jobs():
                    if not DocJobState(job["state"]).finished:
                        self._write_job({**job, "state": DocJobState.ABORTED.value,
                                         "reasons": [PrinterCondition.JAMMED.value]})
            else:
                self._jam_next = True
            self.changed.notify_all()

    def clear_jam(self) -> None:
        with self._lock:
            self.jammed = False

    def pause(self, paused: bool = True) -> None:
        with self._lock:
            self.paused = paused
            self.changed.notify_all()

    def set_media_empty(self, empty: bool = True) -> None:
        with self._lock:
            self.media_empty = empty

    def set_door_open(self, open_: bool = True) -> None:
        with self._lock:
            self.door_open = open_

    def release(self) -> None:
        """Finishes every held job (the slow printer caught up)."""
        with self._lock:
            self.hold = False
            for job in self._jobs():
                self._finish_if_due(job)
            self.changed.notify_all()

    # --- DocumentPrinter ------------------------------------------------------------------------

    def status(self) -> PrinterStatus:
        with self._lock:
            return PrinterStatus(self.name, self._conditions(), raw={"folder": str(self.folder)})

    def submit(self, pdf: bytes, title: str) -> str:
        with self._lock:
            conditions = self._conditions()
            if PrinterCondition.PAUSED not in conditions and conditions:
                status = PrinterStatus(self.name, conditions)
                raise PrinterNotReady(status.message, code=status.reason.value)  # type: ignore[union-attr]
            job_id = f"{time.time_ns():x}-{uuid.uuid4().hex[:6]}"
            (self.folder / "jobs" / f"{job_id}.pdf.part").write_bytes(pdf)
            job = {"id": job_id, "title": title, "state": DocJobState.PENDING.value, "reasons": []}
            if self._jam_next:
                self._jam_next, self.jammed = False, True
                job.update(state=DocJobState.ABORTED.value, reasons=[PrinterCondition.JAMMED.value])
            self._write_job(job)
            self._finish_if_due(job)
            self.changed.notify_all()
            return job_id

    def job(self, job_id: str) -> DocJob:
        with self._lock:
            path = self.folder / "jobs" / f"{job_id}.json"
            if not path.exists():
                raise PrinterNotReady(f"the document printer has no job {job_id}", code="DOCPRINTER_JOB_UNKNOWN")
            job = self._finish_if_due(json.loads(path.read_text()))
            return _doc_job(job, self._conditions())

    def find_job(self, title: str) -> DocJob | None:
        with self._lock:
            for job in self._jobs():
                if job["title"] == title:
                    return _doc_job(self._finish_if_due(job), self._conditions())
        return None

    def wait(self, job_id: str, timeout_s: float) -> DocJob:
        deadline = time.monotonic() + timeout_s
        with self._lock:
            while True:
                job = self._finish_if_due(json.loads((self.folder / "jobs" / f"{job_id}.json").read_text()))
                conditions = self._conditions()
                if DocJobState(job["state"]).finished or conditions:
                    return _doc_job(job, conditions)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return _doc_job(job, conditions)
                self.changed.wait(remaining)

    # --- what came out ------------------------------------------------------------------------

    def printed(self) -> list[Path]:
        return sorted((self.folder / "out").glob("*.pdf"))

    # --- inside -------------------------------------------------------------------------------

    def _conditions(self) -> tuple[PrinterCondition, ...]:
        flags = ((self.paused, PrinterCondition.PAUSED), (self.jammed, PrinterCondition.JAMMED),
                 (self.media_empty, PrinterCondition.MEDIA_EMPTY), (self.door_open, PrinterCondition.DOOR_OPEN))
        return tuple(c for on, c in flags if on)

    def _finish_if_due(self, job: dict) -> dict:
        """A pending job prints as soon as nothing stops the printer (and it is not holding jobs)."""
        if DocJobState(job["state"]).finished or self.hold or self._conditions():
            return job
        part = self.folder / "jobs" / f"{job['id']}.pdf.part"
        safe_title = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in job["title"])[:80]
        out = self.folder / "out" / f"{job['id']}-{safe_title}.pdf"
        if part.exists():
            os.replace(part, out)
        job = {**job, "state": DocJobState.COMPLETED.value, "reasons": []}
        self._write_job(job)
        return job

    def _jobs(self) -> list[dict]:
        return [json.loads(p.read_text()) for p in sorted((self.folder / "jobs").glob("*.json"))]

    def _write_job(self, job: dict) -> None:
        path = self.folder / "jobs" / f"{job['id']}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(job))
        os.replace(tmp, path)


def _doc_job(job: dict, conditions: tuple[PrinterCondition, ...]) -> DocJob:
    state = DocJobState(job["state"])
    reasons = tuple(job.get("reasons", ())) or (tuple(c.value for c in conditions) if not state.finished else ())
    return DocJob(job["id"], state, reasons, job["title"])
