"""Feed epochs: the district root's signed word that a gateway's feed starts over.

A gateway restored from a backup serves an older feed than its kiosks hold; without more, every kiosk
refuses it as a rollback (``SYNC_ROLLBACK``), which is what must happen when an attacker does the same.
The district (offline, with its root key) issues an epoch statement, ``kiosk keys new-epoch``; the gateway
serves it in every batch header, and a kiosk accepts the restored feed, from a snapshot, once it checked
the statement with the district key. Signed bytes: ``AKE1|<epoch>|<issued_at>|<district key id>``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from kiosk.crypto.keys import Signer, Verifier, key_id
from kiosk.errors import ConfigError, SyncVerificationError

FORMAT = "AKE1"
FILE = "epoch.json"


def _signed_bytes(epoch: int, issued_at: str, district_key_id: str) -> bytes:
    return f"{FORMAT}|{epoch}|{issued_at}|{district_key_id}".encode()


def issue_statement(district: Signer, epoch: int, now: dt.datetime | None = None) -> dict[str, Any]:
    issued_at = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0).isoformat()
    kid = key_id(district.public_hex)
    return {"format": FORMAT, "epoch": epoch, "issued_at": issued_at, "district_key_id": kid,
            "signature": district.sign(_signed_bytes(epoch, issued_at, kid)).hex()}


def check_statement(statement: Any, epoch: int, district: Verifier) -> None:
    """SyncVerificationError (SYNC_BAD_EPOCH) unless the district root signed a move to ``epoch``."""
    try:
        ok = (isinstance(statement, dict) and statement.get("format") == FORMAT
              and statement["epoch"] == epoch and statement["district_key_id"] == key_id(district.public_hex)
              and district.verify(_signed_bytes(epoch, str(statement["issued_at"]), statement["district_key_id"]),
                                  bytes.fromhex(statement["signature"])))
    except (KeyError, TypeError, ValueError):
        ok = False
    if not ok:
        raise SyncVerificationError(f"feed epoch {epoch} is not authorised by the district key",
                                    code="SYNC_BAD_EPOCH", detail={"epoch": epoch})


def save_statement(statement: dict[str, Any], path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(statement, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def load_statement(path: Path) -> dict[str, Any] | None:
    """The statement in ``path``; None if there is none (epoch 0, the feed's first life)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        raise ConfigError(f"{path} is not an epoch statement: {e}", detail={"file": str(path)}) from None
    if not isinstance(data, dict) or not isinstance(data.get("epoch"), int):
        raise ConfigError(f"{path} is not an epoch statement", detail={"file": str(path)})
    return data
