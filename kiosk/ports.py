"""Ports the domain's parts share, declared once: what a part needs of a collaborator it is handed."""

from __future__ import annotations

from typing import Any, Protocol


class AuditSink(Protocol):
    """Where a part writes what happened (``kiosk.audit.AuditLog``; a list in a test)."""

    def append(self, kind: str, detail: dict[str, Any], *, actor: str = ...) -> Any: ...
