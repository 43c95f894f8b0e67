"""The support bundle: logs, config in force, diagnosis and versions, redacted, in one folder and zip.

Nothing personal goes in: log lines are masked again on the way out (they were masked when written; a
second pass costs little and catches a line written by a tool that bypassed the filter), ID numbers by
their shape and names through :mod:`kiosk.diag.names`; config secrets are hidden, and no database, card,
photo or document is copied.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kiosk.diag.model import CheckResult
from kiosk.diag.names import NameMask
from kiosk.privacy import mask_id_numbers_in, redact

#: Support needs recent history, not six months of it; older logs stay on the kiosk.
MAX_LOG_FILES = 31
MAX_LOG_BYTES = 20 * 1024 * 1024


def _recent_logs(log_dir: Path) -> list[Path]:
    if not log_dir.is_dir():
        return []
    files = [p for p in log_dir.iterdir() if p.is_file() and p.name.startswith("kiosk.log")]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)[:MAX_LOG_FILES]


def _copy_masked(src: Path, dst: Path, budget: int, mask_names: NameMask) -> int:
    """Copy the newest lines that fit in ``budget`` bytes, each masked; returns bytes written."""
    lines = src.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    kept: list[str] = []
    used = 0
    for line in reversed(lines):
        masked = mask_names(mask_id_numbers_in(line))
        size = len(masked.encode("utf-8"))
        if used + size > budget:
            break
        kept.append(masked)
        used += size
    dst.write_text("".join(reversed(kept)), encoding="utf-8")
    return used


def _write_json(path: Path, data: Any, mask_names: NameMask) -> None:
    text = json.dumps(redact(data), ensure_ascii=False, indent=2, default=str)
    path.write_text(mask_names(text) + "\n", encoding="utf-8")


def export_bundle(out_dir: Path, *, kiosk_id: str, results: Iterable[CheckResult], config_view: dict[str, Any],
                  versions: dict[str, str], log_dir: Path, names: Iterable[str] = (),
                  now: dt.datetime | None = None) -> dict[str, Any]:
    """``names``: full names to mask wherever they appear (:func:`kiosk.diag.names.names_in_cache`)."""
    when = now or dt.datetime.now(dt.timezone.utc)
    mask_names = NameMask(names)
    name = f"kiosk-support-{kiosk_id}-{when.strftime('%Y%m%dT%H%M%SZ')}"
    folder = out_dir / name
    (folder / "logs").mkdir(parents=True, exist_ok=True)
    results = list(results)
    _write_json(folder / "diag.json", {"devices": [r.to_dict() for r in results]}, mask_names)
    _write_json(folder / "config.json", config_view, mask_names)
    _write_json(folder / "versions.json", versions, mask_names)
    budget = MAX_LOG_BYTES
    logs = []
    for src in _recent_logs(log_dir):
        if budget <= 0:
            break
        budget -= _copy_masked(src, folder / "logs" / src.name, budget, mask_names)
        logs.append(src.name)
    manifest = {"kiosk_id": kiosk_id, "created": when.isoformat(timespec="seconds"), "logs": logs,
                "files": ["diag.json", "config.json", "versions.json", *[f"logs/{n}" for n in logs]],
                "ok": all(r.ok for r in results)}
    _write_json(folder / "manifest.json", manifest, mask_names)
    archive = shutil.make_archive(str(folder), "zip", root_dir=out_dir, base_dir=name)
    return {"folder": str(folder), "zip": archive, **manifest}
