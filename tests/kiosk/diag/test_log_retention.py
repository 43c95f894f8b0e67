"""Logs turn over at midnight, one file a day, and more than six months of them are kept (Cybersecurity
Law art. 21); every line is masked on the way in."""

from __future__ import annotations

import datetime as dt
import logging
import logging.handlers

import pytest

from kiosk.config import load_config
from kiosk.errors import ConfigError
from kiosk.logs import MaskingFilter, configure_logging


@pytest.fixture
def kiosk_logger():
    lg = logging.getLogger("kiosk")
    saved = (lg.handlers[:], lg.level, lg.propagate)
    yield lg
    for h in lg.handlers:
        if h not in saved[0]:
            h.close()
    lg.handlers[:], lg.level, lg.propagate = saved


def test_a_day_turns_over_into_a_dated_file_and_the_oldest_beyond_the_retention_go(tmp_path, kiosk_logger):
    configure_logging(tmp_path, "INFO", retention_days=190)
    (handler,) = kiosk_logger.handlers
    assert isinstance(handler, logging.handlers.TimedRotatingFileHandler)
    assert handler.when == "MIDNIGHT" and handler.backupCount == 190
    assert any(isinstance(f, MaskingFilter) for f in handler.filters)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    days = [yesterday - dt.timedelta(days=n) for n in range(200)]  # 200 days of older logs
    for day in days:
        (tmp_path / f"kiosk.log.{day.isoformat()}").write_text(f"{day} INFO kiosk: a day\n", encoding="utf-8")
    kiosk_logger.info("card of 330106195203142627 read")

    handler.doRollover()

    kept = sorted(p.name for p in tmp_path.glob("kiosk.log.*"))
    assert len(kept) == 190
    assert f"kiosk.log.{dt.date.today().isoformat()}" in kept
    oldest = dt.date.fromisoformat(kept[0].removeprefix("kiosk.log."))
    assert (dt.date.today() - oldest).days >= 184, "more than six months of logs are kept"
    assert not (tmp_path / f"kiosk.log.{days[-1].isoformat()}").exists()
    today = (tmp_path / f"kiosk.log.{dt.date.today().isoformat()}").read_text(encoding="utf-8")
    assert "3301**********2627" in today and "330106195203142627" not in today


def test_a_config_keeping_less_than_six_months_of_logs_is_refused(tmp_config_file):
    with pytest.raises(ConfigError) as refused:
        load_config(tmp_config_file, env={"KIOSK_LOGGING__RETENTION_DAYS": "180"})
    assert "logging.retention_days" in refused.value.message
    assert load_config(tmp_config_file, env={"KIOSK_LOGGING__RETENTION_DAYS": "184"}).logging.retention_days == 184
