"""Requests this district owns: the queue, one request, opening the resident's identity (audited),
completing with page scans (a signed certificate) and rejecting with a reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from kiosk.archive.types import RECORD_TYPES
from kiosk.errors import KioskError
from kiosk.gateway.console import queue as q
from kiosk.gateway.console.registration import register_issued
from kiosk.gateway.console.sessions import StaffSession
from kiosk.gateway.console.uploads import MAX_FILE_BYTES, pages_from
from kiosk.gateway.console.web import STAFF_PAGES, PREFIX, Forbidden, csrf_checked, needs, parts_of, render
from kiosk.gateway.requests_admin import RequestDesk
from kiosk.privacy import mask_name
from kiosk.requests.errors import RequestNotFound

router = APIRouter(prefix="/requests", dependencies=STAFF_PAGES)
archivist = needs("archivist")


def _federation(request: Request) -> Any:
    fed = parts_of(request).federation
    if fed is None:
        raise Forbidden("federation")
    return fed


def _now(request: Request) -> dt.datetime:
    return parts_of(request).people.local()


@router.get("")
def request_queue(request: Request, record_type: str = "", age: str = "", kiosk: str = "", show: str = "open",
                  staff: StaffSession = Depends(archivist)) -> Response:
    parts = parts_of(request)
    rows = _federation(request).store.list(roles=q.OWNED)
    f = q.QueueFilter(record_type if record_type in RECORD_TYPES else "", age if age in q.AGES else "",
                      kiosk[:40], "done" if show == "done" else "open")
    items = q.queue(rows, q.working_days(parts.store), _now(request), f)
    return render(request, "requests.html", items=items, f=f, record_types=RECORD_TYPES, ages=q.AGES,
                  kiosks=q.kiosks_of(rows), overdue=sum(1 for i in items if i["clock"]["overdue"]))


def _detail(request: Request, request_id: str, *, revealed: bool, error: str = "",
            status_code: int = 200) -> Response:
    parts = parts_of(request)
    try:
        row = _federation(request).store.get(request_id, with_payload=True)
    except RequestNotFound:
        return render(request, "not_found.html", status_code=404)
    if row["role"] not in q.OWNED:
        return render(request, "not_found.html", status_code=404)
    payload = row.pop("payload")
    [item] = q.queue([row], q.working_days(parts.store), _now(request),
                     q.QueueFilter(show="open" if row["status"] in q.OPEN else "done"))
    person = {"name": payload.get("subject_name", "") if revealed else mask_name(payload.get("subject_name", "")),
              "id": payload.get("subject_id", "") if revealed else row["subject"]}
    photos = [a for a in payload.get("attachments") or [] if a.get("data_b64")] if revealed else []
    kept = [a.get("kind") for a in payload.get("attachments") or []]
    return render(request, "request_detail.html", status_code=status_code, item=item, person=person,
                  revealed=revealed, photos=photos, attachment_kinds=kept, note=payload.get("note", ""),
                  commitment=payload.get("commitment"), reasons=q.REJECT_REASONS, error=error,
                  max_mb=MAX_FILE_BYTES // (1024 * 1024))


@router.get("/{request_id}")
def request_detail(request: Request, request_id: str, staff: StaffSession = Depends(archivist)) -> Response:
    return _detail(request, request_id, revealed=False)


@router.post("/{request_id}/reveal", dependencies=[Depends(csrf_checked)])
def reveal(request: Request, request_id: str, why: str = Form(""),
           staff: StaffSession = Depends(archivist)) -> Response:
    # Opening who a request is for is an act on personal data: recorded before it is shown.
    parts_of(request).audit_action(staff, "console.request_opened", {"request_id": request_id,
                                                                     "why": why.strip()[:200]})
    return _detail(request, request_id, revealed=True)


@router.post("/{request_id}/complete", dependencies=[Depends(csrf_checked)])
async def complete(request: Request, request_id: str, title: str = Form(""), reference: str = Form(""),
                   year: str = Form(""), office: str = Form(""), pages: list[UploadFile] = File(default=[]),
                   staff: StaffSession = Depends(archivist)) -> Response:
    parts = parts_of(request)
    if not title.strip() or not reference.strip():
        return _detail(request, request_id, revealed=False, status_code=422,
                       error="请填写档案题名和档号。 Enter the record's title and reference.")
    try:
        files = [(p.filename or "page", await p.read(MAX_FILE_BYTES + 1)) for p in pages]
        images = pages_from(files)
        desk = RequestDesk.over(_federation(request).store, parts.audit, archive_code=parts.archive_code)
        done = desk.complete(request_id, staff_id=staff.staff_id, signer=parts.issuing_signer(), pages=images,
                             title=title.strip(), reference=reference.strip(), year=year.strip(),
                             office=office.strip(), archive_name=parts.archive_name)
    except KioskError as e:
        return _detail(request, request_id, revealed=False, status_code=422, error=e.message)
    certificate = _federation(request).store.get(request_id)["certificate"]
    register_issued(parts.store, getattr(request.app.state, "check", None), certificate)
    _federation(request).relay.kick()  # an owner's result goes back to the requesting district now
    return RedirectResponse(f"{PREFIX}/requests?done={done['verification_code']}", status_code=303)


@router.post("/{request_id}/reject", dependencies=[Depends(csrf_checked)])
def reject(request: Request, request_id: str, reason_choice: str = Form(""), reason_text: str = Form(""),
           staff: StaffSession = Depends(archivist)) -> Response:
    parts = parts_of(request)
    reason = reason_text.strip()[:300] or (reason_choice if reason_choice in q.REJECT_REASONS else "")
    try:
        desk = RequestDesk.over(_federation(request).store, parts.audit, archive_code=parts.archive_code)
        desk.reject(request_id, staff_id=staff.staff_id, reason=reason)
    except KioskError as e:
        return _detail(request, request_id, revealed=False, status_code=422,
                       error="请选择或填写驳回理由。 Choose or write a reason." if not reason else e.message)
    _federation(request).relay.kick()
    return RedirectResponse(f"{PREFIX}/requests", status_code=303)
