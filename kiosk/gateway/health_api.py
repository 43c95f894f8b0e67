"""Kiosk health on the gateway: reports arrive through the outbox (kind ``health``); staff list every
kiosk with its last health and alerts (paper near end, reader lost, sync lagging, kiosk silent).

Mounted by :mod:`kiosk.gateway.app` from ``FEATURE_ROUTERS``; ``install`` opens the board beside the
gateway's own SQLite file (or in ``health_db=``) and registers the intake handler.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, HTTPException, Request

from kiosk.gateway.app_parts import close_at_shutdown, installed_part
from kiosk.diag.health_board import HealthBoard
from kiosk.diag.health_report import HEALTH_KIND
from kiosk.errors import DataError
from kiosk.gateway.roles import allow
from kiosk.tls.identity import Role

router = APIRouter(prefix="/kiosks", tags=["health"])


def _board_path(store: Any, context: dict[str, Any]) -> str:
    if context.get("health_db"):
        return str(context["health_db"])
    path = getattr(store, "path", None)
    # A store without a file (PostgreSQL) keeps the board in memory: kiosks report every few minutes, so
    # a restarted gateway has its board back within one round.
    return str(path) if isinstance(path, str) and path else ":memory:"


def install(app: Any, store: Any = None, **context: Any) -> HealthBoard:
    board = HealthBoard(_board_path(store, context))
    app.state.health_board = board
    intake = getattr(app.state, "intake", None)
    if intake is not None:
        # The payload is the handler's last argument whether the intake passes (payload) or
        # (store, key, payload).
        intake.register(HEALTH_KIND, lambda *args: board.record(args[-1]))
    close_at_shutdown(app, board.close)
    return board


def _board(request: Request) -> HealthBoard:
    return installed_part(request, "health_board", "HEALTH_OFF", "kiosk health is not installed")


@router.get("", dependencies=[allow(Role.STAFF)])
def list_kiosks(request: Request) -> dict[str, Any]:
    kiosks = _board(request).kiosks()
    return {"kiosks": kiosks, "alerts": sum(len(k["alerts"]) for k in kiosks)}


@router.get("/{kiosk_id}", dependencies=[allow(Role.STAFF)])
def one_kiosk(request: Request, kiosk_id: str) -> dict[str, Any]:
    found = _board(request).kiosk(kiosk_id)
    if found is None:
        raise HTTPException(404, detail={"code": "KIOSK_UNKNOWN", "message": f"no report from {kiosk_id}"})
    return found


@router.post("/health", dependencies=[allow(Role.KIOSK)])
def report_directly(request: Request, report: dict[str, Any] = Body(...)) -> dict[str, Any]:
    """For a kiosk (or a probe) that reports without its outbox; the outbox path is the usual one."""
    try:
        return _board(request).record(report)
    except DataError as e:
        raise HTTPException(422, detail=e.to_dict()) from None
