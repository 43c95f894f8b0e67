"""Signing in and out of the console: staff id, password and the code of their authenticator app."""

from __future__ import annotations

import hmac
import secrets

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from kiosk.gateway.console.sessions import IDLE_SECONDS, StaffSession
from kiosk.gateway.roles import caller_of
from kiosk.tls.identity import Role
from kiosk.gateway.console.staff_directory import CONSOLE_ROLES
from kiosk.gateway.console.web import PUBLIC_PAGES, STAFF_PAGES, COOKIE, PREFIX, csrf_checked, needs, parts_of, render, session_of

router = APIRouter(dependencies=PUBLIC_PAGES)
#: Routes for someone already signed in that are not one area's (signing out).
signed_in_router = APIRouter(dependencies=PUBLIC_PAGES)
SIGN_IN_COOKIE = "console_sign_in"

_REFUSALS = {
    "locked": "错误次数过多，账号已锁定 15 分钟。 Too many wrong attempts: the account is locked for 15 minutes.",
    "default": "工号、密码或动态码不正确。 Wrong staff id, password or code.",
}


def home_for(staff: StaffSession) -> str:
    for role, page in (("archivist", "/requests"), ("technician", "/fleet"), ("manager", "/stats")):
        if staff.may(role):
            return PREFIX + page
    return PREFIX + "/sign-in"


def console_home(request: Request) -> Response:
    staff = session_of(request)
    return RedirectResponse(home_for(staff) if staff else PREFIX + "/sign-in", status_code=303)


@router.get("/sign-in")
def sign_in_page(request: Request) -> Response:
    staff = session_of(request)
    if staff is not None:
        return RedirectResponse(home_for(staff), status_code=303)
    caller = caller_of(request)
    if caller is not None and caller.role is Role.STAFF:
        return _sign_in_by_certificate(request, caller.name)
    return _sign_in_form(request)


def _sign_in_by_certificate(request: Request, staff_id: str) -> Response:
    """A staff client certificate of the district (checked in the TLS handshake) stands for password and
    code; the member must still be in the registry, active, with a console role."""
    parts = parts_of(request)
    member = parts.staff.get(staff_id)
    roles = frozenset(r for r in (member.roles if member else ()) if r in CONSOLE_ROLES)
    if member is None or not member.active or not roles:
        parts.audit.append("console.sign_in_refused", {"reason": "certificate_not_console_staff"},
                           actor=f"staff:{staff_id}")
        return _sign_in_form(request, error=_REFUSALS["default"], status_code=403)
    return _open_session(request, staff_id, roles, member.display_name, "certificate")


def _sign_in_form(request: Request, *, error: str = "", status_code: int = 200, staff_id: str = "") -> Response:
    # Login CSRF: the form carries a token that must match a cookie only this site could have set.
    token = secrets.token_urlsafe(24)
    response = render(request, "sign_in.html", status_code=status_code, sign_in_token=token, error=error,
                      staff_id=staff_id)
    response.set_cookie(SIGN_IN_COOKIE, token, max_age=600, path=PREFIX, secure=True, httponly=True,
                        samesite="strict")
    return response


@router.post("/sign-in")
def sign_in(request: Request, staff_id: str = Form(""), password: str = Form(""), code: str = Form(""),
            sign_in_token: str = Form("")) -> Response:
    parts = parts_of(request)
    cookie = request.cookies.get(SIGN_IN_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, sign_in_token):
        return _sign_in_form(request, error=_REFUSALS["default"], status_code=403)
    staff_id = staff_id.strip()[:40]
    member = parts.staff.get(staff_id)
    roles = frozenset(r for r in (member.roles if member else ()) if r in CONSOLE_ROLES)
    check = parts.accounts.check(staff_id, password, code)
    if not check.ok or member is None or not member.active or not roles:
        reason = check.reason if not check.ok else "not_console_staff"
        parts.audit.append("console.sign_in_refused", {"reason": reason, "attempts_left": check.attempts_left},
                           actor=f"staff:{staff_id}" if member else "staff:unknown")
        message = _REFUSALS["locked"] if check.reason == "locked" else _REFUSALS["default"]
        return _sign_in_form(request, error=message, status_code=401, staff_id=staff_id)
    return _open_session(request, staff_id, roles, member.display_name, "password+totp")


def _open_session(request: Request, staff_id: str, roles: frozenset[str], name: str, via: str) -> Response:
    parts = parts_of(request)
    token, staff = parts.sessions.open(staff_id, roles, name, via)
    parts.audit_action(staff, "console.sign_in", {"via": via, "roles": sorted(roles)})
    response = RedirectResponse(home_for(staff), status_code=303)
    response.set_cookie(COOKIE, token, max_age=IDLE_SECONDS * 20, path=PREFIX, secure=True, httponly=True,
                        samesite="strict")
    response.delete_cookie(SIGN_IN_COOKIE, path=PREFIX)
    return response


@signed_in_router.post("/sign-out", dependencies=[Depends(csrf_checked)])
def sign_out(request: Request, staff: StaffSession = Depends(needs())) -> Response:
    parts = parts_of(request)
    parts.sessions.close_session(request.cookies.get(COOKIE))
    parts.audit_action(staff, "console.sign_out", {})
    response = RedirectResponse(PREFIX + "/sign-in", status_code=303)
    response.delete_cookie(COOKIE, path=PREFIX)
    return response
