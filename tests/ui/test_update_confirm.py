"""A release switched to by a signed update is kept only once the kiosk's window has really painted."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

from kiosk.update.releases import Releases
from tests.kiosk.update.test_updates import copy_installer, tiny_wheel
from ui.update_confirm import confirm_release_when_painted


def switched(tmp_path: Path) -> Releases:
    releases = Releases(tmp_path / "opt", installer=copy_installer)
    releases.install(tiny_wheel(tmp_path / "build", "1.1.0"), "1.1.0")
    releases.switch("1.1.0")
    assert releases.pending() is not None
    return releases


def test_the_first_paint_confirms_the_release_just_switched_to(qtbot, tmp_path):
    releases = switched(tmp_path)
    window = QLabel("请将身份证放在读卡器上")
    qtbot.addWidget(window)
    painted = confirm_release_when_painted(window, str(releases.root))
    with qtbot.waitSignal(painted.painted, timeout=10000):
        window.show()
    assert releases.pending() is None
    assert releases.status()["current"] == "1.1.0"


def test_a_window_never_shown_leaves_the_release_to_the_watchdog(qtbot, tmp_path):
    releases = switched(tmp_path)
    window = QLabel("attract")
    qtbot.addWidget(window)
    confirm_release_when_painted(window, str(releases.root))
    QApplication.processEvents()  # pending events run; a hidden window is never painted
    assert releases.pending() is not None


def test_a_kiosk_not_installed_through_updates_confirms_nothing(qtbot):
    window = QLabel("attract")
    qtbot.addWidget(window)
    assert confirm_release_when_painted(window, "") is None
