"""Names a support bundle must not carry in full, found in free text.

Logs are masked when written (``kiosk.logs.MaskingFilter`` knows the names of the session in progress);
the bundle masks them again on the way out, because a line may come from a tool that bypassed the filter
or from a session whose names the filter never saw. A name cannot be recognised in free text by its
shape, so two nets are cast: every name the local archive cache indexes (the people the kiosk can know
of), and any value written after a name key (``name=张建国``, ``"name": "李娜"``, ``姓名：王芳``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.privacy import NAME_KEYS, mask_name
from kiosk.storage import Error, StorageKey, open_db

#: Runs of Chinese characters (with the middle dot of transcribed names): the only places a Chinese
#: name can sit, so only these are looked up, and a long log of ASCII costs almost nothing.
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·]{2,}")

_KEYED = re.compile(
    r"(?P<key>(?<![A-Za-z_])(?:" + "|".join(sorted(NAME_KEYS, key=len, reverse=True)) + r")|姓名)"
    r"(?P<sep>[\"']?\s*[:=：]\s*[\"']?)(?P<value>[^\s,;\"'}\]]+)", re.IGNORECASE)


def names_in_cache(cache_path: Path, key: StorageKey) -> frozenset[str]:
    """Every name the cache indexes records by, read-only; an absent or unreadable cache knows none (the
    storage check reports why)."""
    if not cache_path.is_file():
        return frozenset()
    try:
        db = open_db(cache_path, key, readonly=True)
    except (Error, KioskError):
        return frozenset()
    try:
        rows = db.execute("SELECT DISTINCT name FROM record_names").fetchall()
    except Error:
        return frozenset()
    finally:
        db.close()
    return frozenset(str(r[0]).strip() for r in rows if r[0] and len(str(r[0]).strip()) >= 2)


class NameMask:
    """Masks known Chinese names and keyed name values in text: ``欧阳秀英`` → ``欧**英``."""

    def __init__(self, names: Iterable[str] = ()):
        self._known: dict[int, set[str]] = {}
        for name in names:
            if len(name) >= 2 and _HAN_RUN.fullmatch(name):
                self._known.setdefault(len(name), set()).add(name)
        self._lengths = sorted(self._known, reverse=True)

    def __call__(self, text: str) -> str:
        if self._lengths:
            text = _HAN_RUN.sub(lambda m: self._mask_run(m.group(0)), text)
        # Every name key contains "name" (or is 姓名): most lines have neither and skip the slower pattern.
        if "姓名" not in text and "name" not in text.lower():
            return text
        return _KEYED.sub(lambda m: m.group("key") + m.group("sep") + _masked(m.group("value")), text)

    def _mask_run(self, run: str) -> str:
        """Longest known name first at each position, so 欧阳秀英 is not cut as 阳秀 + ..."""
        out: list[str] = []
        i = 0
        while i < len(run):
            for length in self._lengths:
                piece = run[i:i + length]
                if len(piece) == length and piece in self._known[length]:
                    out.append(mask_name(piece))
                    i += length
                    break
            else:
                out.append(run[i])
                i += 1
        return "".join(out)


def _masked(value: str) -> str:
    # Already masked (张*英), or a placeholder: leave it as it is.
    return value if "*" in value else mask_name(value)
