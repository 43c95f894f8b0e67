"""The district console: the archive's staff at work in a browser (申请办理、终端运维、统计、人员).

Mounted on the gateway app as a feature router (:mod:`kiosk.gateway.routers`): ``install`` opens the
console's own file beside the gateway's database (sign-in credentials and sessions), and ``router`` serves
the pages under ``/console``. Pages are rendered on the server (Jinja2) with plain forms: no script.

- ``/console/sign-in`` — staff id, password and the code of an authenticator app (TOTP);
- ``/console/requests`` — archivists: the queue of requests this district owns, complete or reject;
- ``/console/fleet`` — technicians (and managers): every kiosk's health, alerts first, revoking a kiosk;
- ``/console/stats`` — managers: visits, records viewed and printed, requests, ratings; CSV;
- ``/console/staff`` — managers: enrol, reset a PIN, console access, disable.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kiosk.gateway.app_parts import close_at_shutdown
from kiosk.audit import AuditLog
from kiosk.clock import DEFAULT_ZONE, PeopleClock, clock_for
from kiosk.gateway.console import routes_auth, routes_fleet, routes_requests, routes_staff, routes_stats
from kiosk.gateway.console.accounts import ConsoleAccounts
from kiosk.gateway.console.fleet import KioskBlocks
from kiosk.gateway.console.parts import ConsoleParts, local_minutes
from kiosk.gateway.console.sessions import SessionStore
from kiosk.gateway.console.signing import issuing_signer_for
from kiosk.gateway.console.staff_directory import StaffDirectory
from kiosk.staff.pepper import load_pepper, make_pepper_file
from kiosk.staff.pins import Pepper
from kiosk.gateway.console.web import (PREFIX, PUBLIC_PAGES, SECURITY_HEADERS, Forbidden, SignInRequired, render,
                                       session_caller)
from kiosk.gateway.roles import add_authenticator
from kiosk.gateway.requests_admin import audit_path_for

HERE = Path(__file__).resolve().parent
router = APIRouter(prefix=PREFIX, tags=["console"], include_in_schema=False)
# The sign-in page and the stylesheet are for anyone; every other page is for staff, signed in here (a
# session) or by a staff certificate of the district. A browser without either is sent to sign in.
router.add_api_route("", routes_auth.console_home, methods=["GET"], dependencies=PUBLIC_PAGES)
for _router in (routes_auth.router, routes_auth.signed_in_router, routes_requests.router, routes_fleet.router,
                routes_stats.router, routes_staff.router):
    router.include_router(_router)


@router.get("/static/console.css", dependencies=PUBLIC_PAGES)
def stylesheet() -> Response:
    return Response((HERE / "static" / "console.css").read_bytes(), media_type="text/css",
                    headers={"Cache-Control": "max-age=3600", "X-Content-Type-Options": "nosniff"})


def _templates(people: PeopleClock) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    env.filters["local"] = lambda iso: local_minutes(people, iso)
    return env


def console_db_for(db_path: str | Path) -> Path:
    """The console's credentials and sessions live beside the gateway's database, in a file of their own."""
    p = Path(db_path)
    return p.with_name(p.stem + "-console.sqlite")


def district_pepper(console_db: Path) -> Pepper:
    """The district's staff pepper, kept beside the console's file (0600, made on first use): the same file
    is installed on each of the district's kiosks (the feed never carries it)."""
    path = console_db.with_name(console_db.stem + "-staff.pepper")
    return load_pepper(path, env={}) if path.exists() else make_pepper_file(path)


def _db_path(store: Any, context: dict[str, Any]) -> str | None:
    for candidate in (context.get("console_db"), context.get("federation_db"), getattr(store, "path", None)):
        if isinstance(candidate, (str, Path)) and str(candidate):
            return str(candidate)
    return None


def install(app: Any, store: Any = None, **context: Any) -> ConsoleParts | None:
    db = _db_path(store, context)
    if db is None:  # a PostgreSQL archive without a file for requests: no console either
        return None
    path = Path(context["console_db"]) if context.get("console_db") else console_db_for(db)
    clock = context.get("console_clock") or time.time
    code = str(context.get("archive_code", ""))
    archive = store.get("archive", code) if store is not None else None
    fed = getattr(app.state, "federation", None)
    people = clock_for(str(context.get("console_timezone") or DEFAULT_ZONE))
    parts = ConsoleParts(
        app=app, archive_code=code, archive_name=(archive or {}).get("name") or f"档案馆 {code}", store=store,
        accounts=ConsoleAccounts(path, clock=clock), sessions=SessionStore(path, clock=clock),
        staff=StaffDirectory(store, code, district_pepper(path)),
        audit=fed.audit if fed is not None else AuditLog(audit_path_for(db), key=None),
        templates=_templates(people),
        clock=clock, issuing_signer=issuing_signer_for(app), blocks=KioskBlocks(path),
        district_verifiers=list(context.get("district_verifiers") or []), people=people)
    app.state.console = parts
    add_authenticator(app, session_caller)
    # A kiosk a manager revoked here is refused from its next request, before the root signs the list.
    signed_list = getattr(app.state, "revoked", None) or (lambda caller: False)
    app.state.revoked = lambda caller: signed_list(caller) or parts.blocks.is_blocked(caller.name)

    async def to_sign_in(request: Request, exc: Exception) -> Response:
        return RedirectResponse(PREFIX + "/sign-in", status_code=303, headers=SECURITY_HEADERS)

    async def forbidden(request: Request, exc: Exception) -> Response:
        if isinstance(exc, Forbidden) and exc.what == "csrf":
            return HTMLResponse("<h1>403</h1><p>表单已过期，请返回重试。 The form has expired: go back and try again.</p>",
                                status_code=403, headers=SECURITY_HEADERS)
        return render(request, "forbidden.html", status_code=403)

    app.add_exception_handler(SignInRequired, to_sign_in)
    app.add_exception_handler(Forbidden, forbidden)
    close_at_shutdown(app, parts.close)
    return parts
