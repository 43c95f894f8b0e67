"""The kiosk's own start (the path ``run_app`` takes) on storage it cannot use: it shows the out-of-service
screen with what happened, in the resident's words, and the staff code, instead of exiting into a
restart loop; once the storage is usable again it comes up by itself. An unfinished first sync is no
fault: the kiosk starts, and a resident is told the archive is being updated (档案正在更新)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tests.kiosk.storage_faults.filesystems import fill, small_filesystem
from tests.ui.helpers import all_texts, identified


def start_watching(check: Callable[[], bool]) -> QTimer:
    """Run ``check`` on the UI thread every 50 ms while the start waits, until it returns True."""
    timer = QTimer()
    timer.setInterval(50)

    def tick() -> None:
        if check():
            timer.stop()

    timer.timeout.connect(tick)
    timer.start()
    return timer


def fault_screen():
    from ui.screens.start_fault import StartFaultScreen

    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, StartFaultScreen) and w.isVisible()]
    return shown[0] if shown else None


def start(config, face_engine, retry_s: float = 0.2):
    from ui.app import build_kiosk
    from ui.start_guard import build_or_wait

    return build_or_wait(QApplication.instance(), config,
                         lambda: build_kiosk(config, demo=True, face_engine=face_engine), retry_s=retry_s)


def test_a_cache_path_that_is_a_folder_is_out_of_service_until_it_is_put_right(qtbot, kiosk_config, face_engine):
    from kiosk.demo_setup import prepare_demo

    prepare_demo(kiosk_config)
    cache = kiosk_config.resolve(kiosk_config.cache.path)
    aside = cache.with_name("cache-aside.sqlite")
    cache.rename(aside)
    cache.mkdir()  # a folder where the cache file belongs
    seen: list[str] = []

    def put_right() -> bool:
        screen = fault_screen()
        if screen is None:
            return False
        seen.append(all_texts(screen))
        cache.rmdir()
        aside.rename(cache)
        return True

    watch = start_watching(put_right)
    kiosk = start(kiosk_config, face_engine)
    watch.stop()
    try:
        assert seen, "the out-of-service screen was never shown"
        texts = seen[0]
        assert "本机暂停服务" in texts and "本机数据存储出现故障" in texts and "「S-05」" in texts
        assert kiosk_config.point.name in texts and kiosk_config.point.phone in texts
        assert "STORAGE" not in texts and str(cache) not in texts  # no raw code or path for a resident
        assert kiosk is not None and kiosk.cache.path == str(cache)
        assert fault_screen() is None
    finally:
        if kiosk is not None:
            kiosk.shutdown()


def test_a_data_folder_under_a_regular_file_is_out_of_service(qtbot, kiosk_config, face_engine):
    data = kiosk_config.resolve(kiosk_config.data.dir)
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text("a file where the data folder belongs")
    seen: list[str] = []

    def look_then_quit() -> bool:
        screen = fault_screen()
        if screen is None:
            return False
        seen.append(all_texts(screen))
        screen.close()  # the kiosk is stopped while out of service
        return True

    watch = start_watching(look_then_quit)
    kiosk = start(kiosk_config, face_engine, retry_s=0.1)
    watch.stop()
    assert kiosk is None  # stopped while out of service: nothing started, nothing raised
    assert "本机数据存储出现故障" in seen[0] and "「S-04」" in seen[0]


def test_a_full_disk_at_start_is_out_of_service_with_the_full_disk_words(qtbot, kiosk_config, face_engine):
    data = kiosk_config.resolve(kiosk_config.data.dir)
    with small_filesystem(data, size_kb=512) as mnt:
        fill(mnt)
        seen: list[str] = []

        def look_then_quit() -> bool:
            screen = fault_screen()
            if screen is None:
                return False
            seen.append(all_texts(screen))
            screen.close()
            return True

        watch = start_watching(look_then_quit)
        kiosk = start(kiosk_config, face_engine, retry_s=0.1)
        watch.stop()
        assert kiosk is None
        assert "本机存储空间已满" in seen[0] and "「S-01」" in seen[0]


def test_an_unfinished_first_sync_starts_and_tells_the_resident_the_archive_is_being_updated(
        qtbot, kiosk_config, face_engine):
    from kiosk.demo_setup import prepare_demo

    prepare_demo(kiosk_config)
    kiosk = start(kiosk_config, face_engine)
    assert kiosk is not None and fault_screen() is None
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    try:
        kiosk.cache.set_meta({"bulk_load": "1"})  # records in, indexes not built: the first sync was cut off
        identified(qtbot, kiosk)
        qtbot.waitUntil(lambda: kiosk.session.fault is not None, timeout=10000)
        assert kiosk.session.fault.code == "CACHE_INCOMPLETE"
        qtbot.waitUntil(lambda: "档案正在更新。" in all_texts(kiosk.window.current_screen()))
    finally:
        kiosk.shutdown()
