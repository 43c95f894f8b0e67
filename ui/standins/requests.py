"""Requests for records the point does not hold, kept in memory: a stand-in for the requests service."""

from __future__ import annotations

import hashlib
import itertools
from typing import Any


class InMemoryRequests:
    def __init__(self) -> None:
        self.submitted: list[dict[str, Any]] = []
        self._seq = itertools.count(1)

    def submit(self, request: dict[str, Any]) -> dict[str, Any]:
        n = next(self._seq)
        request_id = f"REQ-{n:05d}"
        pickup = hashlib.sha256(request_id.encode()).hexdigest()[:6].upper()
        self.submitted.append({**request, "request_id": request_id})
        return {"request_id": request_id, "pickup": pickup, "days": 5}
