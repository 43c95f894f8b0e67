"""ID-card reader self-test through the real driver on the pty simulator, with and without faults."""

from __future__ import annotations

from pathlib import Path

import pytest

from hardware import registry
from hardware.diagnostics import check_idcard, read_card_once, test_idcard as idcard_selftest

CARDS = Path(__file__).resolve().parents[2] / "assets" / "demo" / "cards"


@pytest.fixture
def reader():
    opened = registry.open_idcard("sim://idcard", cards_dir=CARDS)
    yield opened
    opened.driver.stop()


def test_a_healthy_reader_reports_its_sam_id_and_status():
    r = check_idcard("sim://idcard", cards_dir=CARDS)
    assert r.ok and r.state == "ready", r
    assert r.facts["sam_status"] == "ok" and r.facts["sam_id"].count("-") >= 2


@pytest.mark.parametrize("fault, state, code", [
    ("sam_unauthorised", "sam_error", "IDCARD_SAM_UNAUTHORISED"),
    ("no_answer", "timeout", "IDCARD_TIMEOUT"),
    ("bad_checksum", "error", "IDCARD_CHECKSUM"),
])
def test_faults_fail_the_self_test_with_their_code(reader, fault, state, code):
    reader.simulator.inject_fault(fault, None)
    r = idcard_selftest(reader.driver, reader.simulator)
    assert not r.ok and r.state == state and code in r.detail


def test_noise_on_the_line_is_survived(reader):
    reader.simulator.inject_fault("noise", None)
    assert idcard_selftest(reader.driver, reader.simulator).ok


def test_an_unplugged_reader_is_lost(reader):
    reader.simulator.unplug()
    r = idcard_selftest(reader.driver, reader.simulator)
    assert not r.ok and r.state == "lost"


def test_reading_a_card_shows_masked_fields_only(reader):
    reader.simulator.place("ouyang_xiuying")
    r = read_card_once(reader.driver, 3.0)
    assert r.ok and r.state == "card_read"
    card = r.to_dict()["facts"]["card"]
    assert card["name"] == "欧**英" and card["id_number"] == "3301**********2627"
    assert "birth" not in card and "address" not in card and "photo_wlt_sha256" not in card


def test_no_card_within_the_time_is_reported(reader):
    r = read_card_once(reader.driver, 0.3)
    assert not r.ok and r.state == "no_card"


def test_stopping_the_reader_in_the_middle_of_an_exchange_reports_no_lost_reader(qtbot, reader):
    """A kiosk shutting down stops its reader; the exchange that stop cuts short is no fault of the reader,
    and a "lost" report then would reach a UI that is already closing."""
    events = []
    reader.driver.start(events.append)
    sim = reader.simulator.simulator  # the pty peer behind the simulated reader
    qtbot.waitUntil(lambda: len(sim.commands_seen) >= 2, timeout=5000)  # polling
    sim.inject_fault("no_answer", None)
    asked = len(sim.commands_seen)
    qtbot.waitUntil(lambda: len(sim.commands_seen) > asked, timeout=5000)  # a command waits for its answer
    reader.driver.stop()
    assert [e.kind for e in events if e.kind in ("lost", "lifted")] == []
