"""HTTP client of the district gateway. Network trouble becomes :class:`GatewayUnreachable`, never a crash."""

from __future__ import annotations

from typing import Any

import httpx

from kiosk.errors import GatewayUnreachable, SyncError


class GatewayClient:
    def __init__(self, url: str, timeout_s: float = 10.0, transport: httpx.BaseTransport | None = None):
        self.url = url.rstrip("/")
        self._http = httpx.Client(base_url=self.url, timeout=timeout_s, transport=transport)

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, **kw: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kw)
        except httpx.HTTPError as e:
            raise GatewayUnreachable(f"gateway {self.url} unreachable: {type(e).__name__}",
                                     detail={"url": self.url}) from None
        if response.status_code >= 500:
            raise GatewayUnreachable(f"gateway {self.url} answered {response.status_code}",
                                     detail={"url": self.url, "status": response.status_code})
        return response

    def health(self) -> dict[str, Any]:
        answer = _json(self._call("GET", "/health"))
        if not isinstance(answer, dict):
            raise SyncError("gateway health answer is not an object", code="GATEWAY_BAD_ANSWER")
        return answer

    def batch(self, cursor: int, feed: str, snapshot: bool, limit: int) -> bytes:
        params = {"cursor": cursor, "feed": feed, "snapshot": str(snapshot).lower(), "limit": limit}
        response = self._call("GET", "/feed", params=params)
        if response.status_code != 200:
            raise SyncError(f"gateway refused the feed request ({response.status_code})",
                            detail={"status": response.status_code})
        return response.content

    def blob(self, sha256: str) -> bytes | None:
        response = self._call("GET", f"/blobs/{sha256}")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise SyncError(f"gateway refused blob {sha256[:12]} ({response.status_code})")
        return response.content

    def push_outbox(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        response = self._call("POST", "/outbox", json={"items": items})
        if response.status_code != 200:
            raise SyncError(f"gateway refused the outbox push ({response.status_code})",
                            detail={"status": response.status_code})
        answer = _json(response)
        results = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(results, list) or not all(isinstance(r, dict) and isinstance(r.get("key"), str)
                                                    for r in results):
            raise SyncError("gateway answered the outbox push with something else", code="GATEWAY_BAD_ANSWER")
        return results


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise SyncError(f"gateway answered {response.request.url.path} with no JSON",
                        code="GATEWAY_BAD_ANSWER") from None
