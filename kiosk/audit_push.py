"""The audit trail leaves the kiosk: its chained rows go to the district through the outbox, and the
district checks each kiosk's chain there (:func:`check_pushed`) with the chain key it derives itself.

Rows are queued in order, a batch per push, each batch under an idempotency key naming its first and last
row, so a push repeated after a lost answer is stored once. What the gateway holds cannot be rewritten by
the kiosk later: a batch must continue the chain the district already has.
"""

from __future__ import annotations

from typing import Any, Protocol

from kiosk.audit import CHAIN_FIELDS, GENESIS, AuditLog, ChainReport, chain_key_for, check_rows

KIND = "audit"
_QUEUED_UPTO = "audit_queued_upto"


class Outbox(Protocol):
    def enqueue(self, kind: str, payload: Any, key: str | None = None) -> str: ...


class Meta(Protocol):
    def meta(self, key: str, default: str | None = None) -> str | None: ...

    def set_meta(self, values: dict[str, str]) -> None: ...


def queue_audit(audit: AuditLog, outbox: Outbox, meta: Meta, kiosk_id: str, batch: int = 500) -> int:
    """Queue the rows not queued yet; returns how many."""
    queued = 0
    upto = int(meta.meta(_QUEUED_UPTO) or 0)
    while rows := audit.chain_rows(upto, batch):
        first, last = rows[0]["id"], rows[-1]["id"]
        outbox.enqueue(KIND, {"kiosk_id": kiosk_id, "rows": rows}, f"audit:{kiosk_id}:{first}-{last}")
        meta.set_meta({_QUEUED_UPTO: str(last)})
        upto, queued = last, queued + len(rows)
    return queued


class IntakeStore(Protocol):
    def intake_items(self, kind: str, limit: int = 1000) -> list[dict[str, Any]]: ...


def pushed_rows(store: IntakeStore, kiosk_id: str) -> tuple[list[tuple[Any, ...]], list[int]]:
    """Every audit row the kiosk pushed, in chain order, and the ids it pushed twice with different content
    (a row pushed again unchanged, after a lost answer, counts once)."""
    by_id: dict[int, tuple[Any, ...]] = {}
    contested: set[int] = set()
    for item in store.intake_items(KIND, limit=1_000_000):
        payload = item.get("payload") or {}
        if payload.get("kiosk_id") != kiosk_id:
            continue
        for row in payload.get("rows", []):
            values = tuple(row[f] for f in CHAIN_FIELDS)
            if by_id.setdefault(int(row["id"]), values) != values:
                contested.add(int(row["id"]))
    return [by_id[i] for i in sorted(by_id)], sorted(contested)


def check_pushed(store: IntakeStore, kiosk_id: str, pepper_raw: bytes) -> ChainReport:
    """The district's check of one kiosk's chain: unbroken from the first row, every hash under the key the
    district derives for that kiosk (a kiosk that rewrote or forged rows cannot match it), and no row told
    twice two ways (a kiosk cannot rewrite what the district already holds)."""
    rows, contested = pushed_rows(store, kiosk_id)
    if not rows:
        return ChainReport(False, 0, None, f"no audit rows from {kiosk_id}")
    if contested:
        return ChainReport(False, len(rows), contested[0], "pushed again with other content")
    return check_rows(rows, chain_key_for(pepper_raw, kiosk_id), prev=GENESIS)


def chain_key_of(config: Any) -> bytes | None:
    """This kiosk's chain key, from its district's pepper; None (plain SHA-256 chain) without a pepper."""
    from kiosk.errors import KioskError
    from kiosk.staff.pepper import pepper_for

    try:
        return chain_key_for(pepper_for(config).raw, config.point.kiosk_id)
    except KioskError:
        return None


def queue_audit_quietly(audit: AuditLog, cache: Any, kiosk_id: str) -> None:
    """At the end of a visit: a storage fault here must not stop the wipe; the rows go with a later one."""
    import logging

    from kiosk.errors import KioskError
    from kiosk.sync.outbox import Outbox as CacheOutbox

    try:
        queue_audit(audit, CacheOutbox(cache), cache, kiosk_id)
    except KioskError as e:
        logging.getLogger("kiosk.audit").warning("audit rows not queued for the gateway: %s", e.code)
