"""ARCHITECTURE.md is a map a newcomer trusts: every path it names exists, and every function, class or
constant it names in "Where to look" is defined in a file named on the same line. A move that leaves the
map behind fails here."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAP = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
PATH = re.compile(r"(?<![\w/.-])((?:ui|kiosk|hardware|config|tests|assets|scripts)/[\w./*-]*|pyproject\.toml)")


def _paths(text: str) -> list[str]:
    return [p.rstrip(".") for p in PATH.findall(text)]


def test_every_path_on_the_map_exists():
    named = sorted(set(_paths(MAP)))
    assert len(named) > 20, "the map names the project's files"
    missing = [p for p in named if not (any(ROOT.glob(p)) if "*" in p else (ROOT / p).exists())]
    assert missing == []


def _where_to_look_rows() -> list[str]:
    table = MAP.split("## Where to look", 1)[1]
    return [line for line in table.splitlines() if line.startswith("|") and not line.startswith("|---")][1:]


def test_every_name_in_where_to_look_is_defined_where_the_line_says():
    rows = _where_to_look_rows()
    assert len(rows) >= 6, "receipt, card tap, sync check, elder font size, a new device, a new screen"
    wrong = []
    for row in rows:
        files = [ROOT / p for p in _paths(row) if (ROOT / p).is_file()]
        texts = "\n".join(f.read_text(encoding="utf-8") for f in files)
        for token in re.findall(r"`([^`]+)`", row):
            if "/" in token or token.endswith((".py", ".toml")):
                continue
            if token.startswith("["):  # a config section, e.g. [devices]
                found = token in texts
            else:  # Class.method or a name: each part defined (def, class or assignment) in the line's files
                found = all(re.search(rf"(?m)^\s*(?:def |class )?{re.escape(part)}\b\s*[(:=]", texts)
                            for part in token.split("."))
            if not found:
                wrong.append((token, [str(f.relative_to(ROOT)) for f in files]))
    assert wrong == []


def test_the_map_fits_on_a_page():
    assert len(MAP.splitlines()) <= 60
