"""Everything the console's pages use, built once by :func:`kiosk.gateway.console.install`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2

from kiosk.clock import PeopleClock
from kiosk.crypto.keys import Signer, Verifier
from kiosk.gateway.console.accounts import ConsoleAccounts
from kiosk.gateway.console.fleet import KioskBlocks
from kiosk.gateway.console.sessions import SessionStore, StaffSession
from kiosk.gateway.console.staff_directory import StaffDirectory
from kiosk.gateway.store import GatewayStore
from kiosk.ports import AuditSink


def local_minutes(people: PeopleClock, iso: str | None) -> str:
    """``2026-12-05T11:15:00+00:00`` → ``2026-12-05 19:15`` in the district's zone; "—" for nothing."""
    if not iso:
        return "—"
    try:
        moment = dt.datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return people.minutes(moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc))


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
    #: Times are kept in UTC and shown to staff in the district's zone (Asia/Shanghai unless configured).
    people: PeopleClock

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
