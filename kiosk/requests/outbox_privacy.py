"""Forgetting the photographs in requests the outbox has already pushed.

The outbox keeps a pushed item (its key answers "was this sent?"), but a proxy request's authorisation
letter and ID photo must not stay on the kiosk once the gateway has them. This replaces each pushed
request's payload by the same payload without the picture bytes, with SQLite's ``secure_delete`` on (the
freed pages are overwritten, not just unlinked) and a checkpoint that truncates the write-ahead log, so
the pictures are not left in free pages or old log frames either.
"""

from __future__ import annotations

from typing import Any, Protocol


class CacheWithOutbox(Protocol):
    conn: Any

    def transaction(self) -> Any: ...


def forget_sent_photos(cache: CacheWithOutbox) -> int:
    """Returns how many pushed requests had their photos removed (the outbox does this after every push;
    ``kiosk request forget-photos`` asks for it on demand)."""
    from kiosk.sync.outbox import Outbox

    return Outbox(cache).forget_sent_attachments()  # type: ignore[arg-type]
