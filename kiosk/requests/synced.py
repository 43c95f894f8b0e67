"""Reading synced documents of one kind from the kiosk cache's ``documents(kind, key, body)`` table.

Staff, archive directory and guides all arrive this way. A cache that has not synced yet (no table) reads
as empty, so a fresh kiosk starts and shows what its config files hold.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def synced_documents(cache_path: str | Path, kind: str) -> list[str]:
    if not Path(cache_path).exists():
        return []
    db = sqlite3.connect(f"file:{Path(cache_path)}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT body FROM documents WHERE kind = ? ORDER BY key", (kind,)).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        db.close()
    return [r[0] if isinstance(r[0], str) else bytes(r[0]).decode("utf-8") for r in rows]
