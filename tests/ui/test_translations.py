"""Every text the screens pass through ``tr`` has a Chinese translation in the shipped catalogue, and the
compiled catalogue matches it: a screen added without translations shows English to a Chinese resident."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "assets" / "translations" / "kiosk_zh_CN.ts"


def _tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(found).exists():
        pytest.skip(f"{name} is not installed")
    return found


def _messages(ts: Path) -> dict[str, str | None]:
    """source → translation (None while unfinished)."""
    out: dict[str, str | None] = {}
    for m in ET.parse(ts).iter("message"):
        source = m.findtext("source") or ""
        tr = m.find("translation")
        done = tr is not None and tr.get("type") not in ("unfinished", "vanished", "obsolete") and bool(tr.text)
        out[source] = tr.text if done and tr is not None else None
    return out


def test_every_tr_text_in_ui_has_a_chinese_translation(tmp_path):
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run([_tool("pyside6-lupdate"), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    wanted = set(_messages(fresh))
    assert len(wanted) > 100  # the extraction really found the screens' texts
    shipped = _messages(CATALOGUE)
    missing = sorted(s for s in wanted if not shipped.get(s))
    assert not missing, f"untranslated in {CATALOGUE.name} (pyside6-lupdate, translate, pyside6-lrelease): {missing}"


def test_the_compiled_catalogue_is_up_to_date(tmp_path):
    compiled = tmp_path / "kiosk_zh_CN.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(CATALOGUE), "-qm", str(compiled)], check=True, capture_output=True)
    assert compiled.read_bytes() == (CATALOGUE.with_suffix(".qm")).read_bytes()
