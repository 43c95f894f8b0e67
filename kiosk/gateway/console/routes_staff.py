"""The district's staff for a manager: enrol, reset a PIN (shown once), give console access, disable.
Kiosks get every change with their next sync."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from kiosk.errors import UsageError
from kiosk.gateway.console.sessions import StaffSession
from kiosk.gateway.console.staff_directory import CONSOLE_ROLES, ROLES
from kiosk.gateway.console.web import STAFF_PAGES, PREFIX, csrf_checked, needs, parts_of, render

router = APIRouter(prefix="/staff", dependencies=STAFF_PAGES)
manager = needs("manager")


def _page(request: Request, status_code: int = 200, **shown: object) -> Response:
    parts = parts_of(request)
    shown = {"error": "", "new_pin": None, "credential": None, **shown}
    members = sorted(parts.staff.members(), key=lambda m: (not m.active, m.staff_id))
    return render(request, "staff.html", status_code=status_code, members=members, roles=ROLES,
                  console_roles=CONSOLE_ROLES, has_console={m.staff_id for m in members if parts.accounts.has(m.staff_id)},
                  **shown)


@router.get("")
def staff_page(request: Request, staff: StaffSession = Depends(manager)) -> Response:
    return _page(request)


@router.post("/enrol", dependencies=[Depends(csrf_checked)])
def enrol(request: Request, staff_id: str = Form(""), display_name: str = Form(""), id_number: str = Form(""),
          roles: list[str] = Form(default=[]), staff: StaffSession = Depends(manager)) -> Response:
    parts = parts_of(request)
    try:
        new = parts.staff.enrol(staff_id, display_name, id_number, roles)
    except UsageError as e:
        return _page(request, status_code=422, error=e.message)
    parts.audit_action(staff, "console.staff_enrolled", {"staff_id": new.staff_id, "roles": sorted(roles)})
    credential = parts.accounts.issue(new.staff_id) if set(roles) & set(CONSOLE_ROLES) else None
    return _page(request, new_pin=new, credential=credential)


@router.post("/{staff_id}/reset-pin", dependencies=[Depends(csrf_checked)])
def reset_pin(request: Request, staff_id: str, staff: StaffSession = Depends(manager)) -> Response:
    parts = parts_of(request)
    try:
        new = parts.staff.reset_pin(staff_id)
    except UsageError as e:
        return _page(request, status_code=404, error=e.message)
    parts.audit_action(staff, "console.staff_pin_reset", {"staff_id": staff_id})
    return _page(request, new_pin=new)


@router.post("/{staff_id}/console-access", dependencies=[Depends(csrf_checked)])
def console_access(request: Request, staff_id: str, staff: StaffSession = Depends(manager)) -> Response:
    parts = parts_of(request)
    member = parts.staff.get(staff_id)
    if member is None or not member.active or not set(member.roles) & set(CONSOLE_ROLES):
        return _page(request, status_code=422, error="该员工没有控制台角色。 This member has no console role.")
    credential = parts.accounts.issue(staff_id)
    parts.sessions.end_all_for(staff_id)
    parts.audit_action(staff, "console.staff_credential_issued", {"staff_id": staff_id})
    return _page(request, credential=credential)


@router.post("/{staff_id}/active", dependencies=[Depends(csrf_checked)])
def set_active(request: Request, staff_id: str, active: str = Form("0"),
               staff: StaffSession = Depends(manager)) -> Response:
    parts = parts_of(request)
    on = active == "1"
    if not on and staff_id == staff.staff_id:
        return _page(request, status_code=422, error="不能停用自己的账号。 You cannot disable yourself.")
    try:
        parts.staff.set_active(staff_id, on)
    except UsageError as e:
        return _page(request, status_code=404, error=e.message)
    if not on:
        parts.sessions.end_all_for(staff_id)
    parts.audit_action(staff, "console.staff_enabled" if on else "console.staff_disabled", {"staff_id": staff_id})
    return RedirectResponse(f"{PREFIX}/staff", status_code=303)
