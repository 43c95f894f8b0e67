"""The public certificate check: a phone-sized page anyone opens (a bank clerk, a court, the resident).

``GET /check`` asks for the verification code printed on the paper; ``GET /check?code=…`` answers it from
the district's register of issued certificates; ``GET /C/<payload>`` is what the QR on the paper opens
(the payload is verified as it is, and the register adds what the paper prints). The answer is one of
真实有效 / 已撤销 / 无法核验, with what the paper prints and nothing more: no full name, ID number or
record content. Public role (no client certificate); rate-limited per client address.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kiosk.certify.errors import Reason, RevocationListInvalid
from kiosk.certify.registry import KIND, OUTBOX_KIND, Printed, code_key, printed_of
from kiosk.certify.verify import VerificationResult
from kiosk.clock import PeopleClock
from kiosk.gateway.roles import allow
from kiosk.tls.identity import Role

router = APIRouter(tags=["check"], dependencies=[allow(Role.PUBLIC)])
TEMPLATES = Path(__file__).with_name("check_templates")
#: Per client address: a person checking papers by hand needs a few a minute; a script guessing codes
#: (60 bits each) gets nowhere at this pace either way, and the page stays cheap for everyone else.
RATE_PER_MINUTE = 20
MAX_CODE = 40
MAX_PAYLOAD = 400

REASONS = {
    Reason.MALFORMED: "这不是档案证明的验证码或二维码。",
    Reason.UNSUPPORTED_VERSION: "这是一种本系统尚不能识别的证明格式。",
    Reason.UNKNOWN_DISTRICT: "该证明不是本区档案馆出具的。",
    Reason.UNKNOWN_KIOSK: "找不到出证终端的登记信息。",
    Reason.BAD_KIOSK_CERTIFICATE: "出证终端未经本区档案馆认证。",
    Reason.BAD_SIGNATURE: "证明内容已被改动，签名不符。",
    Reason.KIOSK_NOT_YET_VALID: "出证时终端尚未获得授权。",
    Reason.KIOSK_EXPIRED: "出证时终端的授权已经过期。",
    Reason.REVOKED: "出证终端的授权已被本区档案馆撤销。",
    Reason.DIGEST_MISMATCH: "证明内容与档案不符。",
}


class RateLimit:
    """A token bucket per client address."""

    def __init__(self, per_minute: int = RATE_PER_MINUTE, clock: Callable[[], float] = time.monotonic):
        self.per_minute, self.clock = per_minute, clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = self.clock()
        with self._lock:
            if len(self._buckets) > 10_000:  # forget idle addresses rather than grow without end
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60}
            tokens, last = self._buckets.get(client, (float(self.per_minute), now))
            tokens = min(self.per_minute, tokens + (now - last) * self.per_minute / 60)
            if tokens < 1:
                self._buckets[client] = (tokens, now)
                return False
            self._buckets[client] = (tokens - 1, now)
            return True


@dataclass
class CheckService:
    certificates: Any  # verify_api.CertificateService: verify(text) -> VerificationResult
    store: Any
    clock: PeopleClock
    limit: RateLimit
    templates: jinja2.Environment

    def register(self, entry: Any) -> dict[str, Any]:
        """Outbox intake: keep an entry only when it is a certificate the district stands behind and its
        printed texts are what the certificate covers."""
        if not isinstance(entry, dict) or not isinstance(entry.get("payload"), str):
            raise ValueError("not a certificate registration")
        result = self.certificates.result(entry["payload"])
        printed = printed_of(entry, result) if result.valid else None
        if printed is None or result.verification_code is None:
            raise ValueError(f"certificate registration refused: {result.reason or 'printed texts differ'}")
        self.store.put_document(KIND, code_key(result.verification_code), entry)
        return {"verification_code": result.verification_code}


def install(app: Any, store: Any = None, **context: Any) -> CheckService:
    service = CheckService(
        certificates=app.state.certificates, store=store,
        clock=PeopleClock() if context.get("clock") is None else context["clock"],
        limit=RateLimit(),
        templates=jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True))
    app.state.check = service
    intake = getattr(app.state, "intake", None)
    if intake is not None:
        intake.register(OUTBOX_KIND, service.register)
    return service


def _page(request: Request, service: CheckService, status: int = 200, **values: Any) -> HTMLResponse:
    html = service.templates.get_template("check.html").render(**values)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store",
                                                           "X-Robots-Tag": "noindex"})


def _limited(request: Request, service: CheckService) -> HTMLResponse | None:
    client = request.client.host if request.client else "unknown"
    if service.limit.allow(client):
        return None
    return _page(request, service, 429, state="busy")


def _verdict(service: CheckService, result: VerificationResult | None, entry: Any, code: str) -> dict[str, Any]:
    if result is None:
        return {"state": "unknown", "code": code, "why": "没有找到这个验证码。请核对纸上的验证码后重新输入。"}
    cert = result.certificate
    if result.valid and cert is not None:
        printed: Printed | None = printed_of(entry, result)
        return {"state": "genuine", "code": result.verification_code, "time": service.clock.seconds(cert.issued_at),
                "point_code": cert.point_code, "kiosk_id": cert.kiosk_id, "printed": printed}
    if result.reason is Reason.REVOKED:
        return {"state": "revoked", "code": result.verification_code, "why": REASONS[Reason.REVOKED]}
    return {"state": "unknown", "code": code, "why": REASONS.get(result.reason, "无法核验。")}  # type: ignore[arg-type]


@router.get("/check", response_class=HTMLResponse)
def check(request: Request, code: str = "") -> HTMLResponse:
    service: CheckService = request.app.state.check
    if not code:
        return _page(request, service, state="ask")
    refused = _limited(request, service)
    if refused is not None:
        return refused
    key = code_key(code[:MAX_CODE])
    entry = service.store.get(KIND, key) if service.store is not None and key else None
    try:
        result = service.certificates.result(entry["payload"]) if isinstance(entry, dict) else None
    except RevocationListInvalid:
        return _page(request, service, 503, state="down")
    return _page(request, service, **_verdict(service, result, entry, code[:MAX_CODE]))


@router.get("/C/{payload}", response_class=HTMLResponse)
@router.get("/c/{payload}", response_class=HTMLResponse)
def scanned(request: Request, payload: str) -> HTMLResponse:
    service: CheckService = request.app.state.check
    refused = _limited(request, service)
    if refused is not None:
        return refused
    try:
        result = service.certificates.result(payload[:MAX_PAYLOAD].upper())
    except RevocationListInvalid:
        return _page(request, service, 503, state="down")
    entry = None
    if result.verification_code and service.store is not None:
        entry = service.store.get(KIND, code_key(result.verification_code))
    return _page(request, service, **_verdict(service, result, entry, ""))
