"""A whole kiosk built from a temporary config, on the simulators, for pytest-qt tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def kiosk(qtbot, config):
    from kiosk.demo_setup import prepare_demo
    from ui.app import build_kiosk

    prepare_demo(config)
    k = build_kiosk(config, demo=True)
    qtbot.addWidget(k.window)
    k.window.show()
    yield k
    k.shutdown()
