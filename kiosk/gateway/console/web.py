"""The console's web plumbing: who is signed in, which role a page needs, the CSRF check, rendering.

A page declares what it needs as a dependency: ``Depends(needs("archivist"))`` returns the signed-in
:class:`StaffSession` or refuses (no session: to the sign-in page; wrong role: 403). Every form that
changes something is checked by ``Depends(csrf_checked)``: the form's ``csrf`` field must be the
session's token (403 otherwise), so another site cannot make a signed-in browser act.
"""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse

from kiosk.gateway.console.parts import ConsoleParts
from kiosk.gateway.console.sessions import StaffSession
from kiosk.gateway.roles import allow
from kiosk.tls.identity import Caller, Role

COOKIE = "console_session"
PREFIX = "/console"


class SignInRequired(Exception):
    """No valid session: the browser is sent to the sign-in page."""


class Forbidden(Exception):
    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


def parts_of(request: Request) -> ConsoleParts:
    parts = getattr(request.app.state, "console", None)
    if parts is None:  # the console was not installed (no file to keep its sessions in)
        raise HTTPException(404, detail={"code": "CONSOLE_OFF", "message": "the console is not installed"})
    return parts


def session_of(request: Request) -> StaffSession | None:
    cached = getattr(request.state, "console_session", None)
    if cached is not None:
        return cached
    parts = parts_of(request)
    token = request.cookies.get(COOKIE)
    found = parts.sessions.get(token)
    if found is not None:
        # Disabled since (in the console or at the command line): the session ends at the next page.
        member = parts.staff.get(found.staff_id)
        if member is None or not member.active:
            parts.sessions.close_session(token)
            found = None
    request.state.console_session = found
    return found


def session_caller(request: Request) -> Caller | None:
    """The gateway's authenticator for a connection without a certificate: a console session is staff."""
    parts = getattr(request.app.state, "console", None)
    if parts is None or not request.url.path.startswith(PREFIX):
        return None
    staff = session_of(request)
    return Caller(Role.STAFF, staff.staff_id, parts.archive_code) if staff else None


def signed_in_or_redirect(request: Request) -> None:
    """Before the gateway's role check: a browser without a session goes to the sign-in page, not a 401."""
    if session_of(request) is None:
        raise SignInRequired()


#: Declared on every router of staff pages (the gateway refuses to start with a route that declares no role).
STAFF_PAGES = [Depends(signed_in_or_redirect), allow(Role.STAFF)]
PUBLIC_PAGES = [allow(Role.PUBLIC)]


def needs(*roles: str) -> Any:
    """A dependency: the signed-in member of staff, who must hold one of ``roles`` (any role if none)."""

    def signed_in(request: Request) -> StaffSession:
        staff = session_of(request)
        if staff is None:
            raise SignInRequired()
        if roles and not any(staff.may(r) for r in roles):
            parts_of(request).audit_action(staff, "console.refused", {"path": request.url.path,
                                                                      "needs": list(roles)})
            raise Forbidden("/".join(roles))
        return staff

    return signed_in


async def csrf_checked(request: Request) -> None:
    staff = session_of(request)
    form = await request.form()  # Starlette keeps the parsed form: the route's Form(...) reads it again
    sent = str(form.get("csrf", ""))
    if staff is None or not sent or not hmac.compare_digest(sent, staff.csrf):
        raise Forbidden("csrf")


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    parts = parts_of(request)
    staff = session_of(request)
    html = parts.templates.get_template(template).render(
        request=request, staff=staff, csrf=staff.csrf if staff else "", archive_code=parts.archive_code,
        archive_name=parts.archive_name, prefix=PREFIX, **context)
    return HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)


#: Pages hold personal data: not cached, not framed, no script from elsewhere.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "frame-ancestors 'none'; form-action 'self'",
}
