"""The technician's view of the fleet: every kiosk's last health, in the words a technician needs, alerts
first; and revoking a kiosk (a signed revocation list, published through the feed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kiosk.certify.revocation import KIND as REVOCATION_KIND
from kiosk.certify.revocation import RevocationEntry, Revocations, sign_revocation_list
from kiosk.crypto.keys import Signer, key_id, verifier_for
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


def revoked_kiosks(store: GatewayStore, signer: Signer) -> set[str]:
    return {e.kiosk_id for e in _current(store, signer).entries}


def _current(store: GatewayStore, signer: Signer) -> Revocations:
    body = store.get(REVOCATION_KIND, key_id(signer.public_hex))
    if body is None:
        return Revocations()
    # The list is re-signed with an entry added: check the old one first, or a planted one gets signed.
    return Revocations.checked([body], verifier_for(signer.algorithm, signer.public_hex))


def revoke_kiosk(store: GatewayStore, signer: Signer, kiosk_id: str, reason: str) -> dict[str, Any]:
    """Add ``kiosk_id`` to the district's signed revocation list and publish it: the gateway refuses the
    kiosk and every kiosk learns of it at its next sync."""
    old = _current(store, signer)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    entry = RevocationEntry(kiosk_id=kiosk_id, revoked_at=now.isoformat(), reason=reason)
    document = sign_revocation_list(signer, [*old.entries, entry], old.serial + 1, now)
    store.put_document(REVOCATION_KIND, str(document["district_key_id"]), document)
    return {"kiosk_id": kiosk_id, "serial": document["serial"]}
