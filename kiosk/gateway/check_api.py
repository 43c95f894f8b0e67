"""The check page's question for the district's own kiosks: ``POST /certificates/code`` with
``{"code": "7KQ2-M9XD-4PZT"}`` over the kiosk's mutually authenticated link.

The kiosk's "verify a certificate" screen takes a code typed on its keypad and asks here; the answer is
the check page's (:mod:`kiosk.gateway.check_page`) as JSON: ``state`` genuine / revoked / unknown and, for a
genuine paper, exactly what the paper prints. The code travels in the body, not the URL, so that access
logs do not collect codes. Kiosk role only; rate-limited per caller like the public page.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from kiosk.certify.errors import RevocationListInvalid
from kiosk.certify.registry import KIND, code_key
from kiosk.gateway.check_page import MAX_CODE, CheckService, RateLimit, _verdict
from kiosk.gateway.roles import allow
from kiosk.tls.identity import Role

router = APIRouter(prefix="/certificates", tags=["certificates"], dependencies=[allow(Role.KIOSK)])
#: A kiosk's keypad is used by one person at a time: a few checks a minute is plenty.
RATE_PER_MINUTE = 20


class CodeBody(BaseModel):
    code: str = Field(max_length=MAX_CODE)


def install(app: Any, store: Any = None, **context: Any) -> None:
    app.state.code_limit = RateLimit(per_minute=int(context.get("code_per_minute", RATE_PER_MINUTE)))


def answer(service: CheckService, code: str) -> dict[str, Any]:
    """The check page's verdict on a typed code, as plain JSON."""
    key = code_key(code)
    entry = service.store.get(KIND, key) if service.store is not None and key else None
    result = service.certificates.result(entry["payload"]) if isinstance(entry, dict) else None
    verdict = _verdict(service, result, entry, code)
    out: dict[str, Any] = {"state": verdict["state"], "code": verdict.get("code") or code}
    if result is not None and result.reason is not None:
        out["reason"] = str(result.reason)
    if verdict["state"] == "genuine":
        printed = verdict.get("printed")
        out.update(issued_at=verdict["time"], point_code=verdict["point_code"], kiosk_id=verdict["kiosk_id"])
        if printed is not None:
            out.update(point_name=printed.point_name, references=list(printed.references),
                       subject=printed.subject, purpose=printed.purpose)
    return out


@router.post("/code")
def by_code(request: Request, body: CodeBody) -> dict[str, Any]:
    service: CheckService | None = getattr(request.app.state, "check", None)
    if service is None:
        raise HTTPException(503, detail={"code": "CERT_SERVICE_OFF", "message": "certificate checks not installed"})
    limit: RateLimit = request.app.state.code_limit
    if not limit.allow(request.client.host if request.client else "?"):
        raise HTTPException(429, detail={"code": "RATE_LIMITED", "message": "too many checks; try again in a minute"})
    try:
        return answer(service, body.code)
    except RevocationListInvalid as e:
        raise HTTPException(503, detail=e.to_dict()) from None
