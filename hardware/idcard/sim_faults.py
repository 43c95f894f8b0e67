"""Faults the simulated reader can be told to commit, counted down as they happen. Thread-safe."""

from __future__ import annotations

import threading

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


class FaultBook:
    """Armed faults, each for all commands or for one (``on``), with how many replies it still spoils."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: dict[tuple[str, str | None], int | None] = {}  # (fault, command) → remaining, None: always
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
            self._armed[(name, on)] = times

    def clear(self) -> None:
        with self._lock:
            self._armed.clear()

    def take(self, name: str, command: str) -> bool:
        """True if the fault applies to this reply to ``command``; counts it down."""
        with self._lock:
            key = (name, command) if (name, command) in self._armed else (name, None)
            if key not in self._armed:
                return False
            remaining = self._armed[key]
            if remaining is not None:
                if remaining <= 1:
                    del self._armed[key]
                else:
                    self._armed[key] = remaining - 1
            self.happened[name] = self.happened.get(name, 0) + 1
            return True

    def armed(self) -> list[str]:
        with self._lock:
            return [name if on is None else f"{name}@{on}" for name, on in self._armed]

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
