"""The fleet: every kiosk with its health, alerts first; a kiosk's history; revoking a kiosk (manager)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from kiosk.gateway.console import fleet
from kiosk.gateway.console.sessions import StaffSession
from kiosk.gateway.console.web import STAFF_PAGES, PREFIX, Forbidden, csrf_checked, needs, parts_of, render

router = APIRouter(prefix="/fleet", dependencies=STAFF_PAGES)
technician = needs("technician", "manager")


def _board(request: Request):  # type: ignore[no-untyped-def]
    board = parts_of(request).health
    if board is None:
        raise Forbidden("health")
    return board


@router.get("")
def fleet_page(request: Request, staff: StaffSession = Depends(technician)) -> Response:
    parts = parts_of(request)
    rows = fleet.fleet_rows(_board(request).kiosks())
    locked = parts.accounts.locked()
    revoked = set(parts.blocks.blocked()) | fleet.signed_revocations(parts.store, parts.district_verifiers)
    return render(request, "fleet.html", rows=rows, locked=locked, revoked=revoked,
                  alerts=sum(len(r["alerts"]) for r in rows) + len(locked), alert_label=fleet.alert_label)


@router.get("/{kiosk_id}")
def kiosk_page(request: Request, kiosk_id: str, staff: StaffSession = Depends(technician)) -> Response:
    parts = parts_of(request)
    board = _board(request)
    found = board.kiosk(kiosk_id)
    if found is None:
        return render(request, "not_found.html", status_code=404)
    [row] = fleet.fleet_rows([found])
    block = parts.blocks.blocked().get(kiosk_id)
    signed = kiosk_id in fleet.signed_revocations(parts.store, parts.district_verifiers)
    return render(request, "kiosk.html", k=row, history=board.history(kiosk_id), revoked=bool(block or signed),
                  block=block, signed=signed, alert_label=fleet.alert_label)


@router.post("/{kiosk_id}/revoke", dependencies=[Depends(csrf_checked)])
def revoke(request: Request, kiosk_id: str, reason: str = Form(""),
           staff: StaffSession = Depends(needs("manager"))) -> Response:
    parts = parts_of(request)
    if _board(request).kiosk(kiosk_id) is None:
        return render(request, "not_found.html", status_code=404)
    parts.blocks.block(kiosk_id, staff.staff_id, reason.strip()[:200])
    parts.audit_action(staff, "console.kiosk_revoked", {"kiosk_id": kiosk_id, "reason": reason.strip()[:200]})
    return RedirectResponse(f"{PREFIX}/fleet/{kiosk_id}", status_code=303)
