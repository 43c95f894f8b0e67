"""The print journal: every print job as a row whose state is written before and after each device call.

States and moves::

    queued ──► sent ──► printing ──► done
      ▲  │       │  │       │
      │  │       │  └───────┼──► failed ──► queued (retry) | voided
      │  └──► voided        │
      └──────────────────────┘  (nothing reached paper, or paper ran out mid-job: the job waits)

``sent`` is written *before* the device is called, ``printing`` (with the device's job id) right after
it accepted the job, ``done``/``failed`` when the device reports the end. With ``synchronous=FULL`` each
of those writes is on disk before the next device call, so after a crash :mod:`kiosk.printing.recovery`
knows exactly which calls may have happened. A certificate id is unique: a second request for the same
certificate returns the existing job instead of printing it twice.

A job's document (the PDF of a certified copy, a receipt's lines) is kept only while the job may still
need it: when the job ends (done, failed or voided) it is overwritten and the row keeps the state and the
document's SHA-256. A failed copy sent again ("try again" after a jam) is handed its document anew.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from kiosk.errors import DataError
from kiosk.storage import StorageKey, open_db

JOURNAL_FILE = "print-journal.sqlite"


class JobState(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    PRINTING = "printing"
    DONE = "done"
    FAILED = "failed"
    VOIDED = "voided"


OPEN_STATES = (JobState.QUEUED, JobState.SENT, JobState.PRINTING)

TRANSITIONS: dict[JobState, frozenset[JobState]] = {
    JobState.QUEUED: frozenset({JobState.SENT, JobState.VOIDED}),
    # back to queued: the device refused before taking anything, or recovery found it never got the job
    JobState.SENT: frozenset({JobState.PRINTING, JobState.QUEUED, JobState.FAILED, JobState.VOIDED}),
    # back to queued: paper ran out mid-receipt; the whole receipt is printed again once paper is in
    JobState.PRINTING: frozenset({JobState.DONE, JobState.FAILED, JobState.QUEUED}),
    JobState.FAILED: frozenset({JobState.QUEUED, JobState.VOIDED}),
    JobState.DONE: frozenset(),
    JobState.VOIDED: frozenset(),
}


class IllegalJobTransition(DataError):
    code = "PRINT_JOURNAL_ILLEGAL_TRANSITION"


class UnknownJob(DataError):
    code = "PRINT_JOB_UNKNOWN"


class DocumentGone(DataError):
    """A job that ended no longer holds its document: to send it again, give the document again."""

    code = "PRINT_JOB_DOCUMENT_GONE"


#: States in which a job's document is no longer needed, and so no longer kept.
END_STATES = (JobState.DONE, JobState.FAILED, JobState.VOIDED)


@dataclass(frozen=True)
class PrintJob:
    id: str
    kind: str  # "receipt" | "certified_copy" | "document"
    device: str
    title: str
    certificate_id: str | None
    state: JobState
    device_job_id: str | None
    reason: str | None
    message: str | None
    attempts: int
    created_at: str
    updated_at: str

    @property
    def device_title(self) -> str:
        """The name the job carries on the device: how recovery finds it there after a crash."""
        return f"kiosk-{self.id}"

    def to_dict(self) -> dict[str, Any]:
        return {k: (v.value if isinstance(v, StrEnum) else v) for k, v in self.__dict__.items()}


_SCHEMA = """
CREATE TABLE IF NOT EXISTS print_jobs (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, device TEXT NOT NULL, title TEXT NOT NULL,
    certificate_id TEXT UNIQUE, state TEXT NOT NULL, device_job_id TEXT, reason TEXT, message TEXT,
    attempts INTEGER NOT NULL DEFAULT 0, payload BLOB NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS print_jobs_state ON print_jobs(state);
CREATE TABLE IF NOT EXISTS print_job_digests (job_id TEXT PRIMARY KEY REFERENCES print_jobs(id), sha256 TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS print_job_events (
    id INTEGER PRIMARY KEY, job_id TEXT NOT NULL REFERENCES print_jobs(id), at TEXT NOT NULL,
    from_state TEXT, to_state TEXT NOT NULL, reason TEXT);
"""
_COLUMNS = ("id, kind, device, title, certificate_id, state, device_job_id, reason, message, attempts, "
            "created_at, updated_at")


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class PrintJournal:
    def __init__(self, path: Path | str, *, key: StorageKey, now: Callable[[], str] = utc_now):
        self.path = str(path)
        self._now = now
        # The UI calls from worker threads; one connection behind a lock keeps writes ordered.
        self._lock = threading.Lock()
        self._db = open_db(self.path, key)
        self._db.row_factory = None
        # FULL: a committed state change survives power loss, which is the whole point of the journal.
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=5000")
        # A dropped document is overwritten in the file, not just unlinked from its row.
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.executescript(_SCHEMA)
        self._drop_ended_documents()

    @classmethod
    def open(cls, data_dir: Path | str, *, key: StorageKey, **kw: Any) -> PrintJournal:
        return cls(Path(data_dir) / JOURNAL_FILE, key=key, **kw)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def synchronous_mode(self) -> int:
        return int(self._db.execute("PRAGMA synchronous").fetchone()[0])

    def enqueue(self, kind: str, device: str, title: str, payload: bytes, *,
                certificate_id: str | None = None) -> PrintJob:
        """A new queued job; for a certificate already in the journal, that job (whatever its state)."""
        with self._lock:
            if certificate_id is not None:
                row = self._db.execute(f"SELECT {_COLUMNS} FROM print_jobs WHERE certificate_id = ?",
                                       (certificate_id,)).fetchone()
                if row:
                    return _job(row)
            job_id = uuid.uuid4().hex[:16]
            at = self._now()
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "INSERT INTO print_jobs (id, kind, device, title, certificate_id, state, payload, created_at,"
                    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (job_id, kind, device, title, certificate_id, JobState.QUEUED.value, payload, at, at))
                self._db.execute("INSERT INTO print_job_digests (job_id, sha256) VALUES (?, ?)",
                                 (job_id, hashlib.sha256(payload).hexdigest()))
                self._event(job_id, at, None, JobState.QUEUED, None)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return self.get(job_id)

    def transition(self, job_id: str, to: JobState, *, reason: str | None = None, message: str | None = None,
                   device_job_id: str | None = None, payload: bytes | None = None) -> PrintJob:
        """Move a job; into an end state its document is dropped. ``payload`` gives a failed job its
        document back for a new attempt (failed → queued), which cannot go ahead without it."""
        ended = False
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = self._db.execute("SELECT state FROM print_jobs WHERE id = ?", (job_id,)).fetchone()
                if row is None:
                    raise UnknownJob(f"no print job {job_id}")
                current = JobState(row[0])
                if to not in TRANSITIONS[current]:
                    raise IllegalJobTransition(f"print job {job_id}: {current} → {to} is not allowed",
                                               detail={"from": current.value, "to": to.value})
                if current is JobState.FAILED and to is JobState.QUEUED and payload is None:
                    raise DocumentGone(f"print job {job_id} ended and its document was dropped: give it again "
                                       "to send it again", detail={"job": job_id})
                at = self._now()
                if payload is not None:
                    self._db.execute("UPDATE print_jobs SET payload = ? WHERE id = ?", (payload, job_id))
                    self._db.execute("INSERT OR REPLACE INTO print_job_digests (job_id, sha256) VALUES (?, ?)",
                                     (job_id, hashlib.sha256(payload).hexdigest()))
                ended = to in END_STATES
                if ended:
                    self._db.execute("UPDATE print_jobs SET payload = zeroblob(0) WHERE id = ?", (job_id,))
                self._db.execute(
                    "UPDATE print_jobs SET state = ?, reason = ?, message = ?, updated_at = ?,"
                    " device_job_id = COALESCE(?, device_job_id),"
                    " attempts = attempts + (CASE WHEN ? = 'sent' THEN 1 ELSE 0 END) WHERE id = ?",
                    (to.value, reason, message, at, device_job_id, to.value, job_id))
                self._event(job_id, at, current, to, reason)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            if ended:
                self._fold_log()
        return self.get(job_id)

    def digest(self, job_id: str) -> str:
        """The SHA-256 of the job's document, kept after the document is dropped."""
        with self._lock:
            row = self._db.execute("SELECT sha256 FROM print_job_digests WHERE job_id = ?", (job_id,)).fetchone()
        if row is None:
            raise UnknownJob(f"no print job {job_id}")
        return str(row[0])

    def _drop_ended_documents(self) -> None:
        """A journal written before documents were dropped at the end of their jobs: drop them now."""
        ended = tuple(s.value for s in END_STATES)
        self._db.execute("INSERT OR IGNORE INTO print_job_digests (job_id, sha256) SELECT id, '' FROM print_jobs")
        cur = self._db.execute(f"UPDATE print_jobs SET payload = zeroblob(0) WHERE length(payload) > 0 AND state IN "
                               f"({', '.join('?' * len(ended))})", ended)
        if cur.rowcount:
            self._fold_log()

    def _fold_log(self) -> None:
        # The dropped document's old pages live on in the write-ahead log until a checkpoint folds it in.
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def note(self, job_id: str, reason: str | None, message: str | None) -> PrintJob:
        """Why a job waits, without moving it (paper out before the job: it stays queued)."""
        with self._lock:
            self._db.execute("UPDATE print_jobs SET reason = ?, message = ?, updated_at = ? WHERE id = ?",
                             (reason, message, self._now(), job_id))
        return self.get(job_id)

    def get(self, job_id: str) -> PrintJob:
        with self._lock:
            row = self._db.execute(f"SELECT {_COLUMNS} FROM print_jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise UnknownJob(f"no print job {job_id}")
        return _job(row)

    def payload(self, job_id: str) -> bytes:
        with self._lock:
            row = self._db.execute("SELECT payload FROM print_jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise UnknownJob(f"no print job {job_id}")
        return bytes(row[0])

    def jobs(self, *, states: tuple[JobState, ...] | None = None, limit: int = 200) -> list[PrintJob]:
        sql = f"SELECT {_COLUMNS} FROM print_jobs"
        params: list[Any] = []
        if states:
            sql += f" WHERE state IN ({', '.join('?' * len(states))})"
            params += [s.value for s in states]
        sql += " ORDER BY created_at, rowid LIMIT ?"
        with self._lock:
            rows = self._db.execute(sql, (*params, limit)).fetchall()
        return [_job(r) for r in rows]

    def open_jobs(self) -> list[PrintJob]:
        return self.jobs(states=OPEN_STATES)

    def history(self, job_id: str) -> list[tuple[str | None, str]]:
        with self._lock:
            rows = self._db.execute("SELECT from_state, to_state FROM print_job_events WHERE job_id = ?"
                                    " ORDER BY id", (job_id,)).fetchall()
        return [(a, b) for a, b in rows]

    def _event(self, job_id: str, at: str, frm: JobState | None, to: JobState, reason: str | None) -> None:
        self._db.execute("INSERT INTO print_job_events (job_id, at, from_state, to_state, reason)"
                         " VALUES (?, ?, ?, ?, ?)", (job_id, at, frm.value if frm else None, to.value, reason))


def _job(row: tuple[Any, ...]) -> PrintJob:
    (id_, kind, device, title, cert, state, djid, reason, message, attempts, created, updated) = row
    return PrintJob(id_, kind, device, title, cert, JobState(state), djid, reason, message, attempts, created,
                    updated)
