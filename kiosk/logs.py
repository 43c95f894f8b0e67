"""Logging set-up: named loggers, a masking filter on every handler, daily rotation kept ≥ 6 months."""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Iterable
from pathlib import Path

from kiosk.privacy import mask_id_numbers_in, mask_names_in


class MaskingFilter(logging.Filter):
    """Masks ID numbers anywhere in a record, and the names of the residents currently in session.

    Names cannot be recognised in free text by pattern, so the session registers the names it holds
    (``protect``) and forgets them at WIPE (``forget``).
    """

    def __init__(self) -> None:
        super().__init__()
        self._names: set[str] = set()

    def protect(self, names: Iterable[str]) -> None:
        self._names.update(n for n in names if n)

    def forget(self) -> None:
        self._names.clear()

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        masked = mask_names_in(mask_id_numbers_in(msg), self._names)
        record.msg, record.args = masked, None
        if record.exc_text:
            record.exc_text = mask_names_in(mask_id_numbers_in(record.exc_text), self._names)
        return True


def configure_logging(log_dir: str | Path | None, level: str = "INFO", retention_days: int = 190,
                      *, stderr: bool = False) -> MaskingFilter:
    """Install handlers on the ``kiosk``, ``hardware`` and ``ui`` loggers; return the masking filter."""
    mask = MaskingFilter()
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = []
    if log_dir is not None:
        Path(log_dir).mkdir(parents=True, exist_ok=True)
        fh = logging.handlers.TimedRotatingFileHandler(Path(log_dir) / "kiosk.log", when="midnight",
                                                       backupCount=retention_days, encoding="utf-8")
        handlers.append(fh)
    if stderr:
        handlers.append(logging.StreamHandler())
    for h in handlers:
        h.setFormatter(fmt)
        h.addFilter(mask)
    for name in ("kiosk", "hardware", "ui"):
        lg = logging.getLogger(name)
        lg.setLevel(level)
        for old in list(lg.handlers):
            lg.removeHandler(old)
        for h in handlers:
            lg.addHandler(h)
        lg.propagate = False
    return mask
