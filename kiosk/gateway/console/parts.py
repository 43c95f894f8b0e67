"""Everything the console's pages use, built once by :func:`kiosk.gateway.console.install`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import jinja2

from kiosk.crypto.keys import Signer, Verifier
from kiosk.gateway.console.accounts import ConsoleAccounts
from kiosk.gateway.console.fleet import KioskBlocks
from kiosk.gateway.console.sessions import SessionStore, StaffSession
from kiosk.gateway.console.staff_directory import StaffDirectory
from kiosk.gateway.store import GatewayStore


class AuditSink(Protocol):
    def append(self, kind: str, detail: dict[str, Any], *, actor: str = ...) -> Any: ...


@dataclass
class ConsoleParts:
    app: Any
    archive_code: str
    archive_name: str
    store: GatewayStore
    accounts: ConsoleAccounts
    sessions: SessionStore
    staff: StaffDirectory
    audit: AuditSink
    templates: jinja2.Environment
    clock: Callable[[], float]
    #: The key that signs certificates issued here (see :mod:`kiosk.gateway.console.signing`).
    issuing_signer: Callable[[], Signer]
    blocks: KioskBlocks
    #: The district root's public keys: signed revocation lists are checked against them.
    district_verifiers: list[Verifier]

    # The request desk and the health board are other features of the same app, installed before.
    @property
    def federation(self) -> Any:
        return getattr(self.app.state, "federation", None)

    @property
    def health(self) -> Any:
        return getattr(self.app.state, "health_board", None)

    def audit_action(self, staff: StaffSession, kind: str, detail: dict[str, Any]) -> None:
        self.audit.append(kind, detail, actor=f"staff:{staff.staff_id}")

    def close(self) -> None:
        self.accounts.close()
        self.sessions.close()
        self.blocks.close()
