"""Storage: free space where the kiosk writes, the archive cache's integrity, the audit chain."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from kiosk.audit import verify_chain
from kiosk.diag.model import CheckResult, failed, passed
from kiosk.errors import AuditError, KioskError
from kiosk.storage import DatabaseError, OperationalError, StorageKey, open_db
from kiosk.storage.files import plain_files
from kiosk.storage_state import sync_storage_state

#: Below this the print journal and the audit log (both synchronous=FULL) start failing writes.
DEFAULT_MIN_FREE_MB = 200
#: Below this a technician is warned while the kiosk still works ([data] warn_free_mb).
DEFAULT_WARN_FREE_MB = 1000


def free_space(folder: Path, min_free_mb: int = DEFAULT_MIN_FREE_MB,
               warn_free_mb: int = DEFAULT_WARN_FREE_MB) -> tuple[bool, str, int]:
    """(enough, words, free bytes). Below ``warn_free_mb`` the words warn though it is still enough."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    usage = shutil.disk_usage(probe)
    free_mb = usage.free // (1024 * 1024)
    ok = free_mb >= min_free_mb
    text = f"{free_mb} MB free of {usage.total // (1024 * 1024)} MB"
    if not ok:
        return False, f"{text}, below the {min_free_mb} MB minimum", usage.free
    if free_mb < warn_free_mb:
        return True, f"{text}, below the {warn_free_mb} MB warning level: free space soon", usage.free
    return True, text, usage.free


def integrity(db_path: Path, deadline_s: float, *, key: StorageKey) -> tuple[bool, str]:
    """``PRAGMA integrity_check`` read-only, interrupted at the deadline (a 5M-record cache takes minutes)."""
    if not db_path.exists():
        return False, f"no archive cache at {db_path}"
    stop_at = time.monotonic() + deadline_s
    try:
        db = open_db(db_path, key, readonly=True)
    except KioskError as e:
        return False, f"cannot open the archive cache: {e.message}"
    except DatabaseError as e:
        return False, f"cannot open the archive cache: {e}"
    try:
        db.set_progress_handler(lambda: int(time.monotonic() > stop_at), 10_000)
        rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    except OperationalError as e:
        if "interrupted" in str(e):
            return False, f"integrity check did not finish within {deadline_s:g} s"
        return False, f"integrity check failed: {e}"
    except DatabaseError as e:
        return False, f"the archive cache is damaged: {e}"
    finally:
        db.close()
    if rows == ["ok"]:
        return True, "integrity ok"
    return False, "integrity check found: " + "; ".join(rows[:3])


def audit_chain(audit_path: Path, *, key: StorageKey) -> tuple[bool, str, int]:
    if not audit_path.exists():
        # A kiosk that never started has no audit log; one that ran has one, and losing it is a failure
        # the chain cannot show, so the detail says plainly that none was found.
        return True, "no audit log yet", 0
    try:
        report = verify_chain(audit_path, key)
    except (AuditError, KioskError) as e:
        return False, e.message, 0
    if report.ok:
        return True, f"audit chain intact ({report.rows} rows)", report.rows
    return False, f"audit chain broken at row {report.first_broken}: {report.reason}", report.rows


def check_storage(data_dir: Path, cache_path: Path, *, key: StorageKey, min_free_mb: int = DEFAULT_MIN_FREE_MB,
                  warn_free_mb: int = DEFAULT_WARN_FREE_MB, integrity_deadline_s: float = 8.0) -> CheckResult:
    mb = 1024 * 1024
    sync = sync_storage_state(cache_path, min_free_bytes=min_free_mb * mb, warn_free_bytes=warn_free_mb * mb)
    if sync["state"] not in ("ok", "full"):  # the sync cannot write its cache at all: nothing else is worth probing
        return failed("storage", sync["state"], sync["message"], free_bytes=sync["free_bytes"],
                      warn_free_mb=warn_free_mb, min_free_mb=min_free_mb, sync_storage=sync)
    space_ok, space_text, free_bytes = free_space(data_dir, min_free_mb, warn_free_mb)
    cache_ok, cache_text = integrity(cache_path, integrity_deadline_s, key=key)
    chain_ok, chain_text, rows = audit_chain(data_dir / "audit.sqlite", key=key)
    plain = plain_files(data_dir, cache_path)
    encrypted = "no: " + ", ".join(p.name for p in plain) + " readable as plain SQLite" if plain else "yes"
    facts = {"free_bytes": free_bytes, "warn_free_mb": warn_free_mb, "min_free_mb": min_free_mb,
             "cache_integrity": cache_text, "audit": chain_text, "audit_rows": rows,
             "storage_encrypted": not plain, "plain_files": [p.name for p in plain], "sync_storage": sync}
    detail = (f"{space_text}; sync storage: {sync['state']}; storage encrypted: {encrypted}; cache {cache_text}; "
              f"{chain_text}")
    if plain:
        return failed("storage", "not_encrypted", detail, **facts)
    if "damaged" in cache_text or cache_text.startswith("integrity check found"):
        return failed("storage", "cache_damaged", detail, **facts)
    if not chain_ok:
        return failed("storage", "audit_broken", detail, **facts)
    if not cache_ok:
        return failed("storage", "cache_unavailable", detail, **facts)
    if not space_ok:
        return failed("storage", "low_space", detail, **facts)
    if free_bytes < warn_free_mb * 1024 * 1024:
        return passed("storage", "space_low", detail, **facts)  # works; a technician should free space
    return passed("storage", "ready", detail, **facts)
