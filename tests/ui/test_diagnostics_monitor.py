"""The service monitor on its own: critical devices take the kiosk out of service and back; others do not;
a technician's decision holds; a round never runs while a resident is at the screen."""

from __future__ import annotations

import pytest

from kiosk.diag.model import failed, passed
from kiosk.session import Session
from kiosk.session_states import State
from ui.flows.service_monitor import ServiceMonitor
from ui.workers import Worker


@pytest.fixture
def rig(qtbot):
    health = {"idcard": True, "storage": True, "receipt": True}
    runs: list[str] = []

    def check(device):
        def run():
            runs.append(device)
            return passed(device, "ready", "ok") if health[device] else failed(device, "error", f"{device} broken")
        return run

    session = Session()
    worker = Worker()
    monitor = ServiceMonitor(session, worker, {d: check(d) for d in health}, interval_s=3600, timeout_s=5)
    monitor.start()
    with qtbot.waitSignal(monitor.checked, timeout=10000):
        pass
    yield session, monitor, health, runs
    monitor.stop()
    worker.close(5000)


def round_of(qtbot, monitor):
    with qtbot.waitSignal(monitor.checked, timeout=10000) as got:
        monitor.check_now()
    return got.args[0]


def test_storage_down_takes_the_kiosk_out_and_its_recovery_brings_it_back(qtbot, rig):
    session, monitor, health, _ = rig
    health["storage"] = False
    round_of(qtbot, monitor)
    assert session.state is State.OUT_OF_SERVICE
    health["storage"] = True
    round_of(qtbot, monitor)
    assert session.state is State.ATTRACT


def test_a_receipt_printer_down_keeps_the_kiosk_in_service(qtbot, rig):
    session, monitor, health, _ = rig
    health["receipt"] = False
    results = round_of(qtbot, monitor)
    assert [r.device for r in results if not r.ok] == ["receipt"]
    assert session.state is State.ATTRACT


def test_a_technicians_hold_outlasts_healthy_rounds(qtbot, rig):
    session, monitor, _, _ = rig
    monitor.hold(True)
    session.transition(State.OUT_OF_SERVICE, "technician")
    round_of(qtbot, monitor)
    assert session.state is State.OUT_OF_SERVICE
    monitor.hold(False)
    round_of(qtbot, monitor)
    assert session.state is State.ATTRACT


def test_no_round_runs_while_a_resident_is_at_the_screen(qtbot, rig):
    session, monitor, _, runs = rig
    session.transition(State.READING_CARD, "card")
    before = len(runs)
    monitor.check_now()
    assert len(runs) == before and not monitor._busy
