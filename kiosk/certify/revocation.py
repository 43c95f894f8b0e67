"""Revocation lists: the district's signed word that a kiosk's certificates are no longer to be trusted.

A list is JSON, the same on disk (``kiosk keys revoke --out rev.json``) and as a synced document of kind
``revocation``::

    {"kind": "revocation", "format": 1, "serial": 3, "issued_at": "2026-11-25T13:00:00+00:00",
     "district_key_id": "…", "algorithm": "sm2",
     "entries": [{"kiosk_id": "kiosk-07", "key_id": null, "effective_from": null,
                  "revoked_at": "2026-11-25T12:58:00+00:00", "reason": "stolen"}],
     "signature": "<hex>"}

The signature covers every other key, serialised with sorted keys and no spaces. An entry revokes the
certificates of ``kiosk_id`` (only its key ``key_id`` if given) issued at or after ``effective_from``;
without it, all of them: a stolen key can sign with any date.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.certify.certificate import Certificate
from kiosk.certify.errors import RevocationListInvalid
from kiosk.crypto.keys import Signer, Verifier, key_id

KIND = "revocation"
FORMAT = 1


@dataclass(frozen=True)
class RevocationEntry:
    kiosk_id: str
    revoked_at: str  # ISO 8601, for people reading the list
    key_id: str | None = None
    effective_from: str | None = None  # ISO 8601; None: every certificate of that kiosk
    reason: str = ""

    def covers(self, cert: Certificate) -> bool:
        if cert.kiosk_id != self.kiosk_id:
            return False
        if self.key_id is not None and cert.kiosk_key_id != self.key_id:
            return False
        return self.effective_from is None or cert.issued_at >= datetime.fromisoformat(self.effective_from)


def _canonical(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign_revocation_list(district: Signer, entries: Iterable[RevocationEntry], serial: int,
                         issued_at: datetime) -> dict[str, Any]:
    body = {"kind": KIND, "format": FORMAT, "serial": serial, "issued_at": issued_at.isoformat(),
            "district_key_id": key_id(district.public_hex), "algorithm": district.algorithm,
            "entries": [asdict(e) for e in entries]}
    return {**body, "signature": district.sign(_canonical(body)).hex()}


def _entry(raw: Any) -> RevocationEntry:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("kiosk_id"), str):
        raise ValueError("an entry without a kiosk_id")
    entry = RevocationEntry(kiosk_id=raw["kiosk_id"], revoked_at=str(raw.get("revoked_at", "")),
                            key_id=raw.get("key_id"), effective_from=raw.get("effective_from"),
                            reason=str(raw.get("reason", "")))
    if entry.key_id is not None and not isinstance(entry.key_id, str):
        raise ValueError("key_id is not text")
    if entry.effective_from is not None:
        if datetime.fromisoformat(entry.effective_from).tzinfo is None:
            raise ValueError("effective_from without a time zone")
    return entry


class Revocations:
    """Entries from revocation lists whose district signature has been checked."""

    def __init__(self, entries: Iterable[RevocationEntry] = (), serial: int = 0):
        self.entries = tuple(entries)
        self.serial = serial

    @classmethod
    def checked(cls, documents: Iterable[Mapping[str, Any] | str | bytes], district: Verifier) -> Revocations:
        """From parsed documents (sync) or their JSON text (files); RevocationListInvalid if any is not a
        revocation list signed by ``district``."""
        entries: list[RevocationEntry] = []
        serial = 0
        for doc in documents:
            body, signature = _parse(doc)
            if body.get("district_key_id") != key_id(district.public_hex) or body.get("algorithm") != district.algorithm:
                raise RevocationListInvalid("the revocation list comes from another district's key")
            if not district.verify(_canonical(body), signature):
                raise RevocationListInvalid("the revocation list's signature does not match the district key")
            try:
                entries.extend(_entry(e) for e in body["entries"])
            except (ValueError, TypeError) as e:
                raise RevocationListInvalid(f"revocation list entry: {e}") from None
            serial = max(serial, body["serial"])
        return cls(entries, serial)

    @classmethod
    def union(cls, parts: Iterable[Revocations]) -> Revocations:
        parts = list(parts)
        return cls([e for part in parts for e in part.entries], max((p.serial for p in parts), default=0))

    def revoking(self, cert: Certificate) -> RevocationEntry | None:
        return next((e for e in self.entries if e.covers(cert)), None)


def _parse(doc: Mapping[str, Any] | str | bytes) -> tuple[dict[str, Any], bytes]:
    try:
        data = json.loads(doc) if isinstance(doc, (str, bytes)) else dict(doc)
        if not isinstance(data, dict) or data.get("kind") != KIND or data.get("format") != FORMAT:
            raise ValueError(f"not a format {FORMAT} revocation list")
        signature = bytes.fromhex(data.pop("signature"))
        if not isinstance(data.get("entries"), list) or not isinstance(data.get("serial"), int):
            raise ValueError("no entries or serial")
        return data, signature
    except (ValueError, TypeError, KeyError, AttributeError) as e:
        raise RevocationListInvalid(f"not a revocation list: {e}") from None


def load_revocation_file(path: str | Path, district: Verifier) -> Revocations:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as e:
        raise RevocationListInvalid(f"cannot read revocation list {p}: {e.strerror or e}",
                                    detail={"file": str(p)}) from None
    return Revocations.checked([text], district)


def read_unchecked(path: str | Path) -> dict[str, Any] | None:
    """A revocation list file as JSON, to append to it (``kiosk keys revoke``); None if there is none."""
    p = Path(path)
    if not p.exists():
        return None
    body, signature = _parse(p.read_text(encoding="utf-8"))
    return {**body, "signature": signature.hex()}
