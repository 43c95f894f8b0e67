"""One clock for people: what a certificate prints and what the receipt printed with it says agree, in the
point's zone, whatever zone the machine itself runs in."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

import pytest

from kiosk.certify.certificate import paper_time
from kiosk.clock import PeopleClock, clock_for
from kiosk.config import load_config
from kiosk.errors import ConfigError

ISSUED = datetime(2026, 11, 25, 9, 30, 12, tzinfo=UTC)


@pytest.fixture
def machine_in_utc():
    """The kiosk's own machine set to UTC (as a fresh install is): what people read must not follow it."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_certificate_and_receipt_read_the_same_local_time(machine_in_utc):
    clock = PeopleClock(now=lambda: ISSUED)
    assert paper_time(ISSUED) == "2026-11-25 17:30:12"
    assert clock.minutes() == "2026-11-25 17:30" and paper_time(ISSUED).startswith(clock.minutes())


def test_another_configured_zone_is_followed_and_a_naive_time_is_refused():
    assert clock_for("Asia/Urumqi").seconds(ISSUED) == "2026-11-25 15:30:12"
    with pytest.raises(ValueError):
        PeopleClock().seconds(datetime(2026, 11, 25, 9, 30))


def test_an_unknown_zone_in_the_config_stops_with_the_key_named(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('[point]\ntimezone = "Asia/Atlantis"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "timezone" in caught.value.message
    with pytest.raises(ConfigError):
        clock_for("Mars/Olympus")
