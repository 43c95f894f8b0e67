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


@pytest.fixture(scope="session")
def face_engine():
    """One face engine worker process for every kiosk of the run, as one serves a kiosk's every session
    (starting one takes a second or two)."""
    from hardware.camera.faces import FaceEngine

    engine = FaceEngine()
    engine.start()
    yield engine
    engine.close()


@pytest.fixture
def kiosk(qtbot, kiosk_config, face_engine, prepare_demo):
    from ui.app import build_kiosk

    prepare_demo(kiosk_config)
    k = build_kiosk(kiosk_config, demo=True, face_engine=face_engine)
    qtbot.addWidget(k.window)
    k.window.show()
    yield k
    k.shutdown()


@pytest.fixture
def gateway_kiosk(qtbot, kiosk_config, face_engine, prepare_demo):
    """A kiosk syncing from the demo's district gateway (embedded, on loopback), started as run_app starts
    it after the first paint; it syncs every half second."""
    from ui.app import build_kiosk

    gateway = kiosk_config.gateway.model_copy(update={"embedded": True, "sync_interval_s": 0.5})
    config = kiosk_config.model_copy(update={"gateway": gateway})
    prepare_demo(config)
    k = build_kiosk(config, demo=True, face_engine=face_engine)
    qtbot.addWidget(k.window)
    k.window.show()
    k.parts.sync.start()
    assert k.parts.sync.wait_started(), k.parts.sync.last_error
    yield k
    k.shutdown()
