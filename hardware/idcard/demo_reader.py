"""An in-process reader for the walking skeleton: cards are 'placed' from card files by the demo panel.

It delivers the same :class:`ReaderEvent` s as the serial driver, on its own thread, so the UI path is the
one real readers use.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path

from hardware.idcard.cards import card_files, load_card_file
from hardware.idcard.events import EventHandler, ReaderEvent


class InProcessCardReader:
    def __init__(self, cards_dir: str | Path):
        self._cards = card_files(cards_dir)
        self._queue: queue.Queue[ReaderEvent | None] = queue.Queue()
        self._thread: threading.Thread | None = None

    # CardReader
    def start(self, on_event: EventHandler) -> None:
        def pump() -> None:
            while (ev := self._queue.get()) is not None:
                on_event(ev)

        self._thread = threading.Thread(target=pump, name="idcard-inprocess", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._queue.put(None)
        if self._thread:
            self._thread.join(timeout=2)

    # CardSimulatorControl
    def available_cards(self) -> list[str]:
        return list(self._cards)

    def place(self, card_name: str) -> None:
        card, _ = load_card_file(self._cards[card_name])
        self._queue.put(ReaderEvent("placed"))
        self._queue.put(ReaderEvent("read", card=card))

    def lift(self) -> None:
        self._queue.put(ReaderEvent("lifted"))
