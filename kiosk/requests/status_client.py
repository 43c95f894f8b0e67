"""Asking the kiosk's own gateway how a request stands (``GET /federation/requests/{id}``)."""

from __future__ import annotations

from typing import Any

import ssl

import httpx

from kiosk.errors import ConfigError, GatewayUnreachable
from kiosk.sync.client import https_url, refusal


class GatewayRequestStatus:
    """Over the kiosk's mutually authenticated link (``tls``: its client context, district CA pinned)."""

    def __init__(self, base_url: str, *, timeout_s: float = 10.0, client: httpx.Client | None = None,
                 tls: ssl.SSLContext | None = None):
        self._base = https_url(base_url)
        self._client = client or (httpx.Client(timeout=timeout_s, verify=tls) if tls is not None else None)

    def fetch(self, request_id: str) -> dict[str, Any] | None:
        if self._client is None:
            raise ConfigError("asking the gateway needs the kiosk's TLS credentials (gateway.credentials)",
                              code="TLS_CREDENTIALS_MISSING")
        try:
            r = self._client.get(f"{self._base}/federation/requests/{request_id}")
        except httpx.HTTPError as e:
            raise GatewayUnreachable(f"gateway {self._base} did not answer: {type(e).__name__}",
                                     detail={"url": self._base}) from None
        if r.status_code == 404:
            return None
        if r.status_code in (401, 403):
            raise refusal(r)
        if r.status_code != 200:
            raise GatewayUnreachable(f"gateway {self._base} answered {r.status_code}",
                                     detail={"url": self._base, "status": r.status_code})
        return r.json()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
