"""Asking the kiosk's own gateway how a request stands (``GET /federation/requests/{id}``)."""

from __future__ import annotations

from typing import Any

import httpx

from kiosk.errors import GatewayUnreachable


class GatewayRequestStatus:
    def __init__(self, base_url: str, *, timeout_s: float = 10.0, client: httpx.Client | None = None):
        self._base = base_url.rstrip("/")
        self._client = client or httpx.Client(timeout=timeout_s)

    def fetch(self, request_id: str) -> dict[str, Any] | None:
        try:
            r = self._client.get(f"{self._base}/federation/requests/{request_id}")
        except httpx.HTTPError as e:
            raise GatewayUnreachable(f"gateway {self._base} did not answer: {type(e).__name__}",
                                     detail={"url": self._base}) from None
        if r.status_code == 404:
            return None
        if r.status_code != 200:
            raise GatewayUnreachable(f"gateway {self._base} answered {r.status_code}",
                                     detail={"url": self._base, "status": r.status_code})
        return r.json()

    def close(self) -> None:
        self._client.close()
