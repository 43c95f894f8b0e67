"""What a restart owes the kiosk's previous run: the session it cut short is closed, open print jobs settled.

systemd restarts the kiosk after a crash, a hung UI (the watchdog) or a power cut. The new process starts
on the attract screen with an empty session: the previous session's data lived only in memory and died
with the old process. What survives on disk is the audit log, which still shows that session as running,
and the print journal, which may hold jobs the crash left open. Both are settled here, once, at start-up:
the audit log is told the session ended by the restart, and every open job is finished or voided
(``kiosk.printing.recovery``: receipts voided, promised certified copies printed once).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kiosk.errors import KioskError
from kiosk.printing.journal import PrintJournal
from kiosk.storage import StorageKey
from kiosk.printing.recovery import RecoveryReport, recover
from kiosk.session_states import IDLE, State

log = logging.getLogger("kiosk.diag.restart")

#: A session that last moved into one of these had nothing personal left to cut short.
_AT_REST = frozenset({s.value for s in IDLE} | {State.WIPE.value})


class Audit(Protocol):
    def append(self, kind: str, detail: dict[str, Any] | None = None, *, actor: str = ...) -> int: ...
    def rows(self, kind: str | None = None, limit: int = ...) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class RestartReport:
    #: The state the previous run's session was in when the process ended (None: it was at rest).
    interrupted_state: str | None
    print_jobs: RecoveryReport

    def to_dict(self) -> dict[str, Any]:
        return {"interrupted_state": self.interrupted_state,
                "print_jobs": {k: len(v) for k, v in self.print_jobs.to_dict().items()}}


def session_cut_short(audit: Audit, *, this_run_moved: bool = False) -> str | None:
    """The state of a session the last run left running, read from the audit log's transitions.

    Within one run the transitions form a chain (each starts where the one before ended); a new run
    starts at attract. So, walking back from the newest: a link whose end is at rest is a clean end, and
    a break in the chain is a restart that cut a session short, in the state where the chain broke.
    ``this_run_moved``: this run has already recorded transitions of its own (a card laid on the reader
    the moment the screen came up); otherwise the new run's start at attract closes the chain.
    """
    chain = [r["detail"] for r in audit.rows("session.transition", limit=50)]
    if not this_run_moved:
        chain.append({"from": State.ATTRACT.value})
    for earlier, later in zip(reversed(chain[:-1]), reversed(chain[1:])):
        ended = str(earlier.get("to", ""))
        if ended in _AT_REST:
            return None
        if ended != later.get("from"):
            return ended
    return None


def settle_after_restart(audit: Audit, data_dir: Path, open_docprinter: Callable[[], Any], *, key: StorageKey,
                         interrupted_state: str | None, timeout_s: float = 60.0) -> RestartReport:
    """Run once at start-up, off the UI thread (a document job is followed to its end on the printer).

    ``interrupted_state`` is :func:`session_cut_short`, read before the new run's first transition (a
    resident may start a session while this still runs). A document printer that cannot be opened leaves
    its jobs waiting in the journal, to be printed by the next resume; it never stops the kiosk starting.
    """
    state = interrupted_state
    if state is not None:
        audit.append("session.ended_by_restart", {"state": state})
        log.warning("the previous run ended in the middle of a session (%s); it is closed", state)
    journal = PrintJournal.open(data_dir, key=key)
    printer = None
    try:
        if journal.open_jobs():
            try:
                printer = open_docprinter()
            except KioskError as e:
                log.warning("document printer not available for recovery: %s", e.code)
        report = recover(journal, printer, timeout_s)
    finally:
        if printer is not None:
            with suppress(Exception):
                printer.close()
        journal.close()
    settled = RestartReport(state, report)
    counts = settled.to_dict()["print_jobs"]
    if any(counts.values()):
        audit.append("print.recovered_at_start", counts)
    return settled
