"""Faults the simulated reader can be told to commit, counted down as they happen. Thread-safe."""

from __future__ import annotations

import threading
from dataclasses import dataclass

#: Every fault the simulator knows, with what it does.
FAULTS: dict[str, str] = {
    "lift_mid_read": "the card leaves the field during a read: the SAM answers 'read failed' and the card is gone",
    "noise": "stray bytes (with a false start of a preamble) on the line before a reply",
    "fragments": "a reply arrives in many small pieces",
    "bad_checksum": "a reply's checksum is corrupted on the line",
    "no_answer": "the reader does not answer a command",
    "sam_unauthorised": "the SAM answers every command with 'SAM not authorised' (66)",
    "unplug": "the reader is unplugged: the pty closes (plug it back with replug)",
}
COMMAND_FILTERS = ("status", "reset", "sam_id", "find", "select", "read", "read_fingerprint", "read_address")


@dataclass
class _Armed:
    remaining: int | None  # None: until cleared
    on: str | None


class FaultBook:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: dict[str, _Armed] = {}
        self.happened: dict[str, int] = {}
        self._fragment_seed = 0

    def arm(self, name: str, times: int | None = 1, *, on: str | None = None) -> None:
        if name not in FAULTS:
            raise ValueError(f"unknown fault {name!r}; known: {', '.join(FAULTS)}")
        if on is not None and on not in COMMAND_FILTERS:
            raise ValueError(f"unknown command {on!r}; known: {', '.join(COMMAND_FILTERS)}")
        if times is not None and times < 1:
            raise ValueError("times must be at least 1 (or None: until cleared)")
        with self._lock:
            self._armed[name] = _Armed(times, on)

    def clear(self) -> None:
        with self._lock:
            self._armed.clear()

    def take(self, name: str, command: str | None) -> bool:
        """True if the fault applies to this reply to ``command``; counts it down."""
        with self._lock:
            armed = self._armed.get(name)
            if armed is None or (armed.on is not None and command is not None and armed.on != command):
                return False
            if armed.remaining is not None:
                armed.remaining -= 1
                if armed.remaining <= 0:
                    del self._armed[name]
            self.happened[name] = self.happened.get(name, 0) + 1
            return True

    def armed(self) -> list[str]:
        with self._lock:
            return list(self._armed)

    def fragments(self, data: bytes) -> list[bytes]:
        """Pieces of 1 to 40 bytes, sizes varying from one fragmented reply to the next (deterministic)."""
        with self._lock:
            self._fragment_seed += 1
            seed = self._fragment_seed
        pieces, i, k = [], 0, seed
        while i < len(data):
            k = (k * 1103515245 + 12345) & 0x7FFFFFFF
            size = 1 + k % 40
            pieces.append(data[i:i + size])
            i += size
        return pieces
