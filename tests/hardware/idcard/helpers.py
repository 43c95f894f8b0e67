"""Shared by the ID-card tests: demo card files, an event recorder with deadlines, a reader on a simulator."""

from __future__ import annotations

import datetime as dt
import queue
import time
from pathlib import Path

from hardware.idcard.cards import card_files, load_fixtures
from hardware.idcard.events import ReaderEvent
from hardware.idcard.reader import ReaderSettings

ROOT = Path(__file__).resolve().parents[3]
DEMO_CARDS = ROOT / "assets" / "demo" / "cards"
TODAY = dt.date(2026, 1, 1)
#: Quick polls and reconnects for tests; half a second for an answer, so that a busy test machine does
#: not turn a slow reply into a retry.
FAST = ReaderSettings(poll_s=0.05, retries=2, reconnect_s=0.05, answer_margin_s=0.5)


def demo_fixtures(*names: str):
    files = card_files(DEMO_CARDS)
    return load_fixtures([files[n] for n in (names or files)])


class EventRecorder:
    """The reader's event handler: events queue up and are awaited with a deadline, never a sleep."""

    def __init__(self) -> None:
        self._queue: queue.Queue[ReaderEvent] = queue.Queue()
        self.seen: list[ReaderEvent] = []

    def __call__(self, event: ReaderEvent) -> None:
        self._queue.put(event)

    def next(self, timeout: float = 5.0) -> ReaderEvent:
        try:
            event = self._queue.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no reader event within {timeout} s (seen: {[e.kind for e in self.seen]})") from None
        self.seen.append(event)
        return event

    def wait_for(self, kind: str, timeout: float = 5.0) -> ReaderEvent:
        """The next event of ``kind``; the events before it stay in :attr:`seen`."""
        deadline = time.monotonic() + timeout
        while True:
            event = self.next(max(0.01, deadline - time.monotonic()))
            if event.kind == kind:
                return event

    def none_within(self, timeout: float) -> bool:
        try:
            event = self._queue.get(timeout=timeout)
        except queue.Empty:
            return True
        self.seen.append(event)
        return False
