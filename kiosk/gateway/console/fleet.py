"""The technician's view of the fleet: every kiosk's last health, in the words a technician needs, alerts
first; and revoking a kiosk (refused by this gateway at once; the signed list follows from the root)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path
from typing import Any

from kiosk.certify.errors import RevocationListInvalid
from kiosk.certify.revocation import KIND as REVOCATION_KIND
from kiosk.certify.revocation import Revocations
from kiosk.crypto.keys import Verifier
from kiosk.diag.model import CRITICAL_DEVICES
from kiosk.gateway.store import GatewayStore

ALERT_LABELS: dict[str, str] = {
    "PAPER_OUT": "收据打印机缺纸 Receipt paper out",
    "PAPER_NEAR_END": "收据纸将尽 Receipt paper low",
    "READER_LOST": "读卡器失联 Card reader lost",
    "SYNC_LAGGING": "同步滞后 Sync stale",
    "GATEWAY_UNREACHABLE": "连不上网关 Gateway unreachable",
    "LOW_DISK_SPACE": "磁盘空间不足 Disk space low",
    "AUDIT_CHAIN_BROKEN": "审计链断裂 Audit chain broken",
    "KIOSK_SILENT": "终端无心跳 Kiosk silent",
    "STAFF_LOCKED": "员工账号锁定 Staff account locked",
}
PAPER_LABELS = {"ready": "正常 OK", "paper_near_end": "将尽 Low", "paper_out": "缺纸 Out"}
#: Alerts that stop residents being served come before the ones that only need a visit.
_URGENT = ("READER_LOST", "PAPER_OUT", "KIOSK_SILENT", "SYNC_LAGGING", "GATEWAY_UNREACHABLE", "STAFF_LOCKED")


def alert_label(code: str) -> str:
    return ALERT_LABELS.get(code, code.replace("_", " ").lower())


def _device(kiosk: dict[str, Any], name: str) -> dict[str, Any]:
    return next((d for d in kiosk.get("devices") or [] if d.get("device") == name), {})


def fleet_rows(kiosks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for k in kiosks:
        gateway = _device(k, "gateway").get("facts") or {}
        receipt, docprinter = _device(k, "receipt"), _device(k, "docprinter")
        faults = [d for d in k.get("devices") or [] if not d.get("ok")]
        codes = [a.get("code", "") for a in k["alerts"]]
        rows.append({
            **k,
            "version": (k.get("versions") or {}).get("kiosk", ""),
            "release": (k.get("versions") or {}).get("release", ""),
            **_config_facts(k.get("config") or {}),
            "last_sync": gateway.get("last_sync"), "sync_age_s": gateway.get("last_sync_age_s"),
            "lag": gateway.get("cursor_lag"),
            "receipt_paper": PAPER_LABELS.get(receipt.get("state", ""), receipt.get("state", "—")),
            "docprinter": docprinter.get("state", "—"),
            "faults": faults,
            "out_of_service": any(d.get("device") in CRITICAL_DEVICES for d in faults),
            "alert_labels": [alert_label(c) for c in codes],
            "urgency": min((_URGENT.index(c) for c in codes if c in _URGENT), default=len(_URGENT)),
        })
    rows.sort(key=lambda r: (not r["alerts"], r["urgency"], r["kiosk_id"]))
    return rows


def _config_facts(config: dict[str, Any]) -> dict[str, Any]:
    """The configuration in force as the fleet page shows it: each district document's scope and version,
    the settings' digest, and a refused document (which staff must look at)."""
    documents = [d for d in config.get("documents") or [] if isinstance(d, dict)]
    refused = [r for r in config.get("refused") or [] if isinstance(r, dict)]
    return {"config_documents": [f"{d.get('scope', '?')} v{d.get('version', '?')}" for d in documents],
            "config_digest": str(config.get("digest") or ""),
            "config_refused": [f"{r.get('scope', '?')} v{r.get('version', '?')}: {r.get('code', '?')} "
                               f"({r.get('key') or '—'})" for r in refused]}


class KioskBlocks:
    """Kiosks a manager revoked in the console. The gateway refuses them from their next request on; the
    district's signed revocation list, which tells every kiosk and verifier, needs the root key and is
    signed offline (``kiosk keys revoke ... --publish``): the page says so until that list names the kiosk.
    """

    def __init__(self, path: str | Path):
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=10)
        self._db.executescript(_BLOCKS)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def block(self, kiosk_id: str, staff_id: str, reason: str) -> None:
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO console_kiosk_blocks VALUES (?, ?, ?, ?)",
                             (kiosk_id, staff_id, reason, now))

    def blocked(self) -> dict[str, dict[str, str]]:
        with self._lock:
            rows = self._db.execute("SELECT kiosk_id, staff_id, reason, at FROM console_kiosk_blocks").fetchall()
        return {k: {"staff_id": s, "reason": r, "at": a} for k, s, r, a in rows}

    def is_blocked(self, kiosk_id: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM console_kiosk_blocks WHERE kiosk_id = ?",
                                    (kiosk_id,)).fetchone() is not None


_BLOCKS = """CREATE TABLE IF NOT EXISTS console_kiosk_blocks (
    kiosk_id TEXT PRIMARY KEY, staff_id TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL)"""


def signed_revocations(store: GatewayStore, verifiers: list[Verifier]) -> set[str]:
    """Kiosks the district's signed revocation lists name (checked against the district root)."""
    named: set[str] = set()
    for key in store.keys(REVOCATION_KIND, 100):
        body = store.get(REVOCATION_KIND, key)
        for verifier in verifiers:
            try:
                named |= {e.kiosk_id for e in Revocations.checked([body], verifier).entries}
            except RevocationListInvalid:  # another key's list, or a damaged one: not ours to trust
                continue
    return named
