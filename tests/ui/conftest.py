"""A whole kiosk built from a temporary config, on the simulators, for pytest-qt tests."""

from __future__ import annotations

import pytest


def with_ui(config, **changes):
    """The config with some [ui] or [session] keys changed (both sections are frozen models)."""
    ui = {k: v for k, v in changes.items() if k in type(config.ui).model_fields}
    session = {k: v for k, v in changes.items() if k in type(config.session).model_fields}
    return config.model_copy(update={"ui": config.ui.model_copy(update=ui),
                                     "session": config.session.model_copy(update=session)})


@pytest.fixture
def kiosk_config(config):
    # No goodbye pause: tests wait for ATTRACT right after WIPE.
    return with_ui(config, goodbye_s=0.0)


@pytest.fixture
def kiosk(qtbot, kiosk_config):
    from kiosk.demo_setup import prepare_demo
    from ui.app import build_kiosk

    prepare_demo(kiosk_config)
    k = build_kiosk(kiosk_config, demo=True)
    qtbot.addWidget(k.window)
    k.window.show()
    yield k
    k.shutdown()
