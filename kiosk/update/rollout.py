"""Staged rollout: whether a release is for this kiosk yet.

A release names kiosks it is for outright and a percentage of the others. Each kiosk falls at a fixed
place in 0..99 per release (a hash of the release and its id), so raising the percentage only adds
kiosks, and which kiosks go first differs from release to release.
"""

from __future__ import annotations

import hashlib
from typing import Any


def place(kiosk_id: str, version: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{version}\x00{kiosk_id}".encode()).digest()[:4], "big") % 100


def is_for(kiosk_id: str, version: str, rollout: dict[str, Any] | None) -> bool:
    if not rollout:
        return True
    if kiosk_id in (rollout.get("kiosks") or ()):
        return True
    percent = rollout.get("percent", 100)
    return isinstance(percent, int) and place(kiosk_id, version) < percent
