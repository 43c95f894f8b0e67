"""Who may call which route: every route of the gateway declares the roles it admits.

A route admits callers by role with ``dependencies=[allow(Role.KIOSK)]`` (or on its whole router). The
caller comes from the TLS client certificate (:mod:`kiosk.tls.identity`); a feature may add an
authenticator of its own (``add_authenticator``, e.g. a staff sign-in of a web console), asked only when
the connection carries no certificate. :func:`check_routes` refuses to start an app with a route that
declares no role, so a forgotten declaration is a failure at start-up, never an open door.

Refusals are JSON with a stable code: 401 ``AUTH_CERTIFICATE_REQUIRED`` (no identity), 403
``AUTH_WRONG_ROLE`` (the caller may not use this route), 403 ``AUTH_REVOKED`` (the kiosk was revoked), 403
``AUTH_UNKNOWN_CERTIFICATE`` (a certificate of a trusted CA that names no role granted here, e.g. a peer's
gateway certificate naming another archive code).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.routing import APIRoute

from kiosk.tls.identity import Caller, Role, TrustedAuthorities

Authenticator = Callable[[Request], "Caller | None"]
RevocationCheck = Callable[[Caller], bool]
ROLES_ATTR = "_gateway_roles"


def install(app: FastAPI, authorities: TrustedAuthorities, revoked: RevocationCheck | None = None) -> None:
    app.state.authorities = authorities
    app.state.authenticators = []
    app.state.revoked = revoked or (lambda caller: False)


def add_authenticator(app: FastAPI, authenticator: Authenticator) -> None:
    """Another way to establish a caller on a connection without a client certificate."""
    app.state.authenticators.append(authenticator)


def caller_of(request: Request) -> Caller | None:
    cached = getattr(request.state, "caller", None)
    if cached is not None:
        return cached
    tls = request.scope.get("extensions", {}).get("tls") or {}
    der = tls.get("client_cert_der")
    caller = None
    state = request.app.state
    if der:
        authorities = getattr(state, "authorities", None)  # an app without them knows no certificate
        caller = authorities.caller(der) if authorities is not None else None
    else:
        for authenticate in getattr(state, "authenticators", ()):
            caller = authenticate(request)
            if caller is not None:
                break
    if caller is not None:
        request.state.caller = caller
    return caller


def allow(*roles: Role) -> Any:
    """The dependency that admits ``roles`` only (``Role.PUBLIC``: anyone, certificate or not)."""
    admitted = frozenset(roles)

    def admit(request: Request) -> Caller | None:
        caller = caller_of(request)
        if Role.PUBLIC in admitted:
            return caller
        if caller is None:
            if (request.scope.get("extensions", {}).get("tls") or {}).get("client_cert_der"):
                raise HTTPException(403, detail={"code": "AUTH_UNKNOWN_CERTIFICATE",
                                                 "message": "the certificate names no role this gateway grants"})
            raise HTTPException(401, detail={"code": "AUTH_CERTIFICATE_REQUIRED",
                                             "message": "this route needs a client certificate of the district"})
        if caller.role not in admitted:
            raise HTTPException(403, detail={"code": "AUTH_WRONG_ROLE",
                                             "message": f"a {caller.role.value} may not use this route"})
        if caller.role is Role.KIOSK and request.app.state.revoked(caller):  # read at each request
            raise HTTPException(403, detail={"code": "AUTH_REVOKED", "message": "this kiosk has been revoked"})
        return caller

    setattr(admit, ROLES_ATTR, admitted)
    return Depends(admit)


def roles_of(route: Any) -> frozenset[Role] | None:
    pending = list(getattr(getattr(route, "dependant", None), "dependencies", []))
    while pending:
        dep = pending.pop()
        found = getattr(dep.call, ROLES_ATTR, None)
        if found is not None:
            return found
        pending.extend(dep.dependencies)
    return None


def declared_only(request: Request) -> None:
    """The app-wide dependency that refuses a route that declares no role (default deny, whichever way
    the route was mounted)."""
    if roles_of(request.scope.get("route")) is None:
        raise HTTPException(403, detail={"code": "AUTH_NO_ROLE", "message": "this route admits no one"})


def _api_routes(routes: Any) -> list[APIRoute]:
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):  # an included router (FastAPI keeps it nested)
            found.extend(_api_routes(route.original_router.routes))
        elif hasattr(route, "routes"):
            found.extend(_api_routes(route.routes))
    return found


def check_routes(app: FastAPI) -> None:
    """At start-up: name every route that forgot to declare its roles."""
    open_routes = [f"{sorted(r.methods)} {r.path}" for r in _api_routes(app.routes) if roles_of(r) is None]
    if open_routes:
        raise RuntimeError(f"gateway routes without a declared role: {', '.join(open_routes)}")


def revocations_from(documents: Callable[[], Any]) -> RevocationCheck:
    """A check against the district's revocation lists (:class:`kiosk.certify.revocation.Revocations`),
    read at each call: a kiosk revoked and published is refused from its next request on."""

    def revoked(caller: Caller) -> bool:
        for entry in documents().entries:
            if entry.kiosk_id != caller.name or entry.key_id not in (None, caller.serial):
                continue
            if entry.effective_from is None:
                return True
            if caller.not_before >= dt.datetime.fromisoformat(entry.effective_from).timestamp():
                return True
        return False

    return revoked
