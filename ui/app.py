"""The GUI's composition root: builds every object from config and hands them in."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from hardware.registry import open_idcard
from kiosk.archive.cache import ArchiveCache
from kiosk.audit import AuditLog
from kiosk.config import KioskConfig
from kiosk.logs import MaskingFilter, configure_logging
from kiosk.session import Session
from kiosk.session_states import State
from ui import theme
from ui.controller import Controller
from ui.device_bridges import CardReaderBridge
from ui.main_window import MainWindow
from ui.screens.face import FaceCheckScreen
from ui.screens.home import HomeScreen
from ui.screens.simple import (AssistedVerifyScreen, AttractScreen, ConsentScreen, GoodbyeScreen,
                               ReadingCardScreen)
from ui.screens.timeout import TimeoutWarningScreen
from ui.session_model import SessionModel
from ui.widgets.demo_panel import DemoPanel
from ui.workers import Worker

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Kiosk:
    """Everything the running kiosk is made of; tests build one and drive it."""

    config: KioskConfig
    session: Session
    model: SessionModel
    window: MainWindow
    controller: Controller
    card_bridge: CardReaderBridge
    card_sim: object | None
    audit: AuditLog
    cache: ArchiveCache
    worker: Worker
    mask: MaskingFilter
    demo_panel: DemoPanel | None = None

    def shutdown(self) -> None:
        self.card_bridge.stop()
        self.worker.wait(5000)
        self.cache.close()
        self.audit.close()


def build_kiosk(config: KioskConfig, *, demo: bool) -> Kiosk:
    app = QApplication.instance()
    assert app is not None, "create the QApplication first"
    mask = configure_logging(config.resolve(config.logging.dir), config.logging.level,
                             config.logging.retention_days)
    audit = AuditLog(config.resolve(config.data.dir) / "audit.sqlite")
    cache = ArchiveCache(config.resolve(config.cache.path))
    sc = config.session
    session = Session(audit=audit, idle_timeout_s=sc.idle_timeout_s, warning_s=sc.warning_s,
                      hard_cap_s=sc.hard_cap_s, max_face_attempts=sc.max_face_attempts)
    worker = Worker()
    model = SessionModel(session)
    controller = Controller(session, cache, worker, mask)
    opened = open_idcard(config.devices.idcard, cards_dir=PROJECT_ROOT / "assets" / "demo" / "cards")
    bridge = CardReaderBridge(opened.driver)
    bridge.event.connect(controller.on_card_event)

    t = theme.pick(elder=config.ui.elder_mode, high_contrast=config.ui.high_contrast)
    app.setStyleSheet(theme.stylesheet(t))
    app.setFont(QFont(theme.FONT_FAMILIES[0], t.body_px))
    attract = AttractScreen(config.point.name)
    screens = {
        State.ATTRACT: attract,
        State.READING_CARD: ReadingCardScreen(),
        State.CONSENT: ConsentScreen(),
        State.FACE_CHECK: FaceCheckScreen(),
        State.ASSISTED_VERIFY: AssistedVerifyScreen(),
        State.HOME: HomeScreen(),
        State.TIMEOUT_WARNING: TimeoutWarningScreen(),
        State.WIPE: GoodbyeScreen(),
    }
    for s in screens.values():
        controller.attach(s)
    window = MainWindow(model, screens, fallback=attract)
    window.setWindowTitle(config.point.name)
    window.resize(config.ui.width, config.ui.height)
    panel = DemoPanel(opened.simulator) if (demo and config.ui.demo_panel) else None
    bridge.start()
    return Kiosk(config, session, model, window, controller, bridge, opened.simulator, audit, cache, worker, mask,
                 panel)


def run_app(config: KioskConfig, *, demo: bool) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    kiosk = build_kiosk(config, demo=demo)
    if config.ui.fullscreen:
        kiosk.window.showFullScreen()
    else:
        kiosk.window.show()
    if kiosk.demo_panel is not None:
        kiosk.demo_panel.move(kiosk.window.geometry().right() + 10, 0)
        kiosk.demo_panel.show()
    try:
        return app.exec()
    finally:
        kiosk.shutdown()
