"""Asking the district gateway about a typed verification code (``POST /certificates/code``) over the
kiosk's mutually authenticated link: the verdict the public check page gives, as data for the screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from kiosk.certify.fields import CROCKFORD
from kiosk.errors import GatewayUnreachable
from kiosk.sync.client import https_url, refusal

#: Every character a printed code can hold (Crockford's base 32: no I, L, O or U).
CODE_ALPHABET = CROCKFORD
CODE_LENGTH = 12


def grouped(code: str) -> str:
    """A code as the paper prints it: ``7KQ2-M9XD-4PZT`` (groups of four)."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


@dataclass(frozen=True)
class CodeVerdict:
    state: str  # "genuine", "revoked" or "unknown"
    code: str
    reason: str | None = None
    issued_at: str = ""
    point_code: str = ""
    point_name: str = ""
    kiosk_id: str = ""
    references: tuple[str, ...] = field(default_factory=tuple)
    subject: str = ""
    purpose: str = ""

    @classmethod
    def of(cls, data: dict[str, Any]) -> CodeVerdict:
        state = data.get("state")
        if state not in ("genuine", "revoked", "unknown"):
            state = "unknown"
        text = {k: str(data.get(k) or "") for k in ("issued_at", "point_code", "point_name", "kiosk_id",
                                                      "subject", "purpose")}
        return cls(state=str(state), code=str(data.get("code") or ""), reason=data.get("reason"),
                   references=tuple(str(r) for r in data.get("references") or ()), **text)


class GatewayCodeCheck:
    """``client`` carries the kiosk's TLS identity (its certificate, the district CA pinned)."""

    def __init__(self, base_url: str, client: httpx.Client):
        self._base = https_url(base_url)
        self._client = client

    def check(self, code: str) -> CodeVerdict:
        try:
            r = self._client.post(f"{self._base}/certificates/code", json={"code": code})
        except httpx.HTTPError as e:
            raise GatewayUnreachable(f"gateway {self._base} did not answer: {type(e).__name__}",
                                     detail={"url": self._base}) from None
        if r.status_code in (401, 403):
            raise refusal(r)
        if r.status_code != 200:
            raise GatewayUnreachable(f"gateway {self._base} answered {r.status_code}",
                                     detail={"url": self._base, "status": r.status_code})
        return CodeVerdict.of(r.json())
