"""A kiosk whose cache file is damaged starts anyway: the file is moved aside, and a resident who arrives
before the sync has refilled it is told the archive is being updated (档案正在更新), not that she has none."""

from __future__ import annotations

from kiosk.archive.readiness import readiness
from tests.ui.helpers import all_texts, identified


def test_a_damaged_cache_is_replaced_and_the_resident_is_told_it_is_being_updated(qtbot, kiosk_config,
                                                                                     face_engine):
    from kiosk.demo_setup import prepare_demo
    from ui.app import build_kiosk

    prepare_demo(kiosk_config)
    path = kiosk_config.resolve(kiosk_config.cache.path)
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    path.write_bytes(b"garbage, not a database " * 2000)
    kiosk = build_kiosk(kiosk_config, demo=True, face_engine=face_engine)  # no exit, no restart loop
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    try:
        assert [p for p in path.parent.iterdir() if ".damaged-" in p.name]
        assert readiness(kiosk.cache) == "not_synced"
        identified(qtbot, kiosk)
        qtbot.waitUntil(lambda: kiosk.session.fault is not None, timeout=10000)
        assert kiosk.session.fault.code == "CACHE_NOT_SYNCED"
        qtbot.waitUntil(lambda: "档案正在更新。" in all_texts(kiosk.window.current_screen()))
    finally:
        kiosk.shutdown()
