"""The diagnostics screen's tools as the kiosk binds them, on the real face engine and the simulators."""

from __future__ import annotations

import datetime as dt

import cv2
import numpy as np
import pytest

from tests.hardware.camera.conftest import DEMO_FACES, small
from ui.assembly.devices import device_tools
from tests.storage_key import TEST_KEY


@pytest.mark.slow
def test_the_camera_preview_outlines_a_face_with_the_face_engine_and_none_on_an_empty_frame(config):
    closers: list = []
    tools = device_tools(config, None, closers)
    frame = small(cv2.imread(str(DEMO_FACES / "li_na_open.jpg")))
    try:
        box = tools.find_face(frame)
        empty = tools.find_face(np.full_like(frame, 255))
    finally:
        for close in closers:
            close()
    assert box is not None and empty is None
    top, right, bottom, left = box
    h, w = frame.shape[:2]
    assert 0 <= left < right <= w and 0 <= top < bottom <= h
    assert (right - left) * (bottom - top) > 0.02 * w * h, "a face, not a speck"


def test_the_receipt_and_page_tools_print_on_the_simulators(config):
    tools = device_tools(config, None, [])
    receipt = tools.test_receipt()
    page = tools.test_page()
    assert receipt.ok and receipt.detail.startswith("test receipt printed")
    assert page.ok and "test page printed" in page.detail
    assert len(list((config.resolve(config.devices.sim_paper_dir) / "out").glob("*.pdf"))) == 1


def test_health_is_queued_for_the_gateway_at_most_once_per_interval_with_its_alerts(config, tmp_path):
    from kiosk.archive.cache import ArchiveCache
    from kiosk.diag.model import failed, passed
    from kiosk.sync.outbox import Outbox
    from ui.assembly.devices import REPORT_INTERVAL_S, health_reporter

    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    try:
        assert health_reporter(config, cache) is None, "no gateway configured: nothing to report to"
        with_gateway = config.model_copy(update={"gateway": config.gateway.model_copy(update={"embedded": True})})
        now = [1000.0]
        report = health_reporter(with_gateway, cache, clock=lambda: now[0],
                                 wall_clock=lambda: dt.datetime.fromtimestamp(now[0], dt.timezone.utc))
        outbox = Outbox(cache)
        rounds = [[passed("idcard", "ready", "SAM ok"), passed("receipt", "paper_near_end", "ready, but near end")],
                  [failed("idcard", "lost", "reader lost")]]
        report(rounds[0])
        now[0] += REPORT_INTERVAL_S - 1
        report(rounds[1])  # too soon: the gateway needs no report a minute
        assert outbox.pending_count() == 1
        now[0] += 2
        report(rounds[1])
        items = [i for i in outbox.pending() if i["kind"] == "health"]
        assert len(items) == 2
        alerts = [[a["code"] for a in i["payload"]["alerts"]] for i in items]
        assert alerts == [["PAPER_NEAR_END"], ["READER_LOST"]]
    finally:
        cache.close()
