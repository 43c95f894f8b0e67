"""The gateway's optional parts (health board, federation, district PIN tally, console, certificate checks)
live on ``app.state``: each is closed when the gateway shuts down, and a route whose part this gateway was
built without answers 503 with that part's own code rather than an AttributeError."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import HTTPException, Request


def close_at_shutdown(app: Any, close: Callable[[], Any]) -> None:
    """Run ``close`` when the gateway shuts down (a bare test app without a router is left alone)."""
    on_shutdown = getattr(getattr(app, "router", None), "on_shutdown", None)
    if isinstance(on_shutdown, list):
        on_shutdown.append(close)


def installed_part(request: Request, name: str, code: str, message: str) -> Any:
    """The part ``app.state.<name>``, or 503 ``code`` when this gateway runs without it."""
    part = getattr(request.app.state, name, None)
    if part is None:
        raise HTTPException(503, detail={"code": code, "message": message})
    return part
