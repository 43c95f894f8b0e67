"""The GUI's composition root: builds every object from config and hands them in."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from hardware.registry import open_idcard
from kiosk import paths
from kiosk.archive.cache import ArchiveCache
from kiosk.archive.recovery import open_or_recover
from kiosk.archive.service import CacheArchive
from kiosk.audit import AuditLog
from kiosk.audit_push import chain_key_of, queue_audit_quietly
from kiosk.clock import clock_for
from kiosk.config import KioskConfig
from kiosk.identity.consent import FaceConsent
from kiosk.logs import MaskingFilter, configure_logging
from kiosk.staff.pepper import pepper_for
from kiosk.storage import storage_key_for
from kiosk.session import Session
from kiosk.staff.auth import StaffAuthenticator
from kiosk.staff.district_lock import district_lock_for
from kiosk.staff.lockout import PinLockout
from kiosk.staff.registry import StaffRegistry
from kiosk.session_states import State
from kiosk.stats.kiosk_stats import start_stats
from ui.adapters.face import CameraFaceCheck
from ui.adapters.network import GatewaySync
from ui.adapters.printing import JournalPrinting
from ui.adapters.requests import OutboxRequests
from ui.appearance import Appearance
from ui.controller import Controller
from ui.device_bridges import CardReaderBridge, FaceCheckBridge
from ui.flows.archive import ArchiveFlow
from ui.flows.identity import IdentityFlow
from ui.flows.network import NetworkWatch
from ui.first_paint import after_first_paint
from ui.flows.printing import PrintFlow
from ui.main_window import MainWindow
from ui.malloc_tuning import limit_malloc_arenas, release_free_memory
from ui.screen_registry import ScreenContext, build_screens
from ui.screens.error import ErrorScreen
from ui.flows.guides import GuideReceiptFlow
from ui.screens.service_guides import ServiceGuideScreen
from ui.services import Services
from ui.session_model import SessionModel
from ui.speech.player import open_player
from ui.speech.speaker import Speaker
from ui.start_guard import build_or_wait
from ui.update_confirm import confirm_release_when_painted
from ui.watchdog import start_watchdog
from ui.widgets.demo_panel import DemoPanel
from ui.widgets.top_bar import TopBar
from ui.workers import Worker

if TYPE_CHECKING:
    from hardware.camera.faces import FaceEngine
    from kiosk.stats.recorder import StatsRecorder
    from ui.flows.agent import AgentFlow
    from ui.flows.field_operations import FieldOperations
    from ui.flows.verify_certificate import VerifyCertificateFlow


@dataclass
class KioskParts:
    """The flows and services the kiosk is made of, by name and type. The staff modes join after the
    attract screen's first paint (``add_staff_modes``)."""

    identity: IdentityFlow
    archive: ArchiveFlow
    printing: PrintFlow
    guides: GuideReceiptFlow | None
    network: NetworkWatch
    face_check: CameraFaceCheck
    sync: GatewaySync
    stats: StatsRecorder
    requests: OutboxRequests
    verify: VerifyCertificateFlow | None = None
    agent: AgentFlow | None = None
    field: FieldOperations | None = None


@dataclass
class Kiosk:
    """Everything the running kiosk is made of; tests build one and drive it."""

    config: KioskConfig
    session: Session
    model: SessionModel
    window: MainWindow
    controller: Controller
    card_bridge: CardReaderBridge
    card_sim: Any
    audit: AuditLog
    cache: ArchiveCache
    worker: Worker
    mask: MaskingFilter
    appearance: Appearance
    speaker: Speaker
    services: Services
    face_bridge: FaceCheckBridge
    #: Staff sign-in (own card + PIN), shared by the session's agent check and technician sign-in.
    staff: StaffAuthenticator
    parts: KioskParts
    demo_panel: DemoPanel | None = None

    def shutdown(self) -> None:
        self.model.stop()
        for part in (self.parts.network, self.parts.verify):
            if part is not None:
                part.stop()
        self.face_bridge.stop()
        self.parts.face_check.close()
        self.card_bridge.stop()
        self.appearance.close()
        # Before the window goes: a late answer must not reach a deleted screen.
        self.worker.close(5000)
        self.services.printing.close()
        self.services.requests.close()
        self.parts.sync.close()
        self.staff.close()
        self.cache.close()
        self.audit.close()


def staff_authenticator(config: KioskConfig, cache: ArchiveCache, audit: AuditLog,
                        clock: Callable[[], float] = time.time) -> StaffAuthenticator:
    """Staff sign-in (agents and technicians) over the registry synced into the cache."""
    # Kept on disk: switching the kiosk off and on must not give a locked card five fresh tries.
    lockout = PinLockout(clock, path=config.resolve(config.data.dir) / paths.STAFF_LOCKOUT_FILE, key=cache.key)
    # Read per sign-in: a sync since start-up may have added or removed staff.
    # The pepper is read then too: a kiosk without one still serves residents; staff sign-in says what is missing.
    # With a gateway, wrong PINs count for the whole district too (kiosk.staff.district_lock).
    return StaffAuthenticator(lambda: StaffRegistry.from_documents(cache.documents("staff").values(),
                                                                   pepper_for(config)), lockout, audit,
                              district=district_lock_for(config, cache))


def build_services(config: KioskConfig, cache: ArchiveCache, session: Session, *,
                   face_engine: FaceEngine | None = None, audit: AuditLog,
                   request_events: Any = None) -> Services:
    """The services behind the screens. Stand-ins serve where the real service is not wired in yet.
    ``face_engine``: a running face engine to share (a test suite's); by default the kiosk starts its own."""
    network = GatewaySync(config, cache)
    archive = CacheArchive(cache)
    printers = JournalPrinting(config, archive, register=_certificate_register(cache))
    face = CameraFaceCheck(config.devices.camera, lambda: FaceConsent.of(session), engine=face_engine)
    simulators = {name: sim for name, sim in (("network", network if network.configured else None),
                                              ("printer", printers.controls), ("face", face.simulator))
                  if sim is not None}
    return Services(archive=archive, network=network, printing=printers, face=face,
                    requests=OutboxRequests(config, cache, audit, request_events), simulators=simulators)


def build_kiosk(config: KioskConfig, *, demo: bool, staff_modes: bool = True,
                face_engine: FaceEngine | None = None, clock: Callable[[], float] = time.time) -> Kiosk:
    """The whole kiosk; ``staff_modes=False`` leaves agent and technician mode and the certificate check to
    :func:`add_staff_modes` (run_app adds them once the attract screen is up)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "create the QApplication first"
    mask = configure_logging(config.resolve(config.logging.dir), config.logging.level,
                             config.logging.retention_days)
    key = storage_key_for(config)
    audit = AuditLog(config.resolve(config.data.dir) / "audit.sqlite", key=key, chain_key=chain_key_of(config))
    # A cache that cannot be opened is moved aside and rebuilt by the sync, not a reason to stop the kiosk
    # (one that does not open with the storage key is not damaged: that stops it, STORAGE_KEY_INVALID).
    cache, _damaged = open_or_recover(config.resolve(config.cache.path), key=key)
    sc = config.session
    # The session itself asks staff sign-in whether an agent may confirm a resident (SECURITY.md).
    staff = staff_authenticator(config, cache, audit, clock)
    session = Session(audit=audit, idle_timeout_s=sc.idle_timeout_s, warning_s=sc.warning_s,
                      hard_cap_s=sc.hard_cap_s, max_face_attempts=sc.max_face_attempts, staff=staff)
    worker = Worker()
    ui = config.ui
    appearance = Appearance(app, paths.TRANSLATIONS, language=ui.language, elder=ui.elder_mode,
                            high_contrast=ui.high_contrast)
    appearance.apply()
    speaker = Speaker(paths.VOICE, worker, open_player() if ui.speech else None, enabled=ui.speech)
    model = SessionModel(session, goodbye_ms=int(ui.goodbye_s * 1000))
    stats = start_stats(config, session, cache)
    services = build_services(config, cache, session, face_engine=face_engine, audit=audit, request_events=stats)
    # A signed copy holds the record's pages: it leaves memory with the visit.
    session.on_wipe(services.printing.forget)
    if config.gateway.url or config.gateway.embedded:
        # The visit's audit rows go to the district with the next push (kiosk/audit_push.py).
        session.on_wipe(lambda: queue_audit_quietly(audit, cache, config.point.kiosk_id))
    controller = Controller(session, model, services, worker, mask)

    ctx = ScreenContext(config, session, services, worker, cache)
    screens = build_screens(ctx)
    error = ErrorScreen()
    for s in [*screens.values(), error]:
        controller.attach(s)
    window = MainWindow(model, screens, fallback=screens[State.ATTRACT], error=error,
                        top_bar=TopBar(config.point.name, config.point.name_en), appearance=appearance, speaker=speaker)
    window.setWindowTitle(config.point.name)
    window.resize(ui.width, ui.height)

    face_bridge = FaceCheckBridge(services.face)
    identity = IdentityFlow(controller, face_bridge, screens[State.FACE_CHECK])  # type: ignore[arg-type]
    attract = screens[State.ATTRACT]
    controller.register("show_card_hint", lambda _p: attract.show_card_hint())  # type: ignore[attr-defined]
    controller.register("read_aloud", lambda text: speaker.read_aloud(str(text)))
    controller.attach(window.finish_confirm)  # type: ignore[arg-type]
    guides = screens[State.GUIDE]
    watch = NetworkWatch(services.network, window, worker)
    appearance.changed.connect(watch.check)
    assert isinstance(services.requests, OutboxRequests) and isinstance(services.network, GatewaySync)
    assert isinstance(services.face, CameraFaceCheck)
    parts = KioskParts(identity=identity, archive=ArchiveFlow(controller),
                       printing=PrintFlow(controller, config.point, clock_for(config.point.timezone)),
                       guides=GuideReceiptFlow(controller, guides) if isinstance(guides, ServiceGuideScreen) else None,
                       network=watch, face_check=services.face, sync=services.network, stats=stats,
                       requests=services.requests)

    opened = open_idcard(config.devices.idcard, cards_dir=paths.DEMO_CARDS)
    bridge = CardReaderBridge(opened.driver)
    bridge.event.connect(identity.on_card_event)
    simulators = {"idcard": opened.simulator, **services.simulators}
    panel = DemoPanel(simulators) if (demo and ui.demo_panel) else None
    if panel is not None and "offline" in panel.switches:
        # The banner follows the cable at once, not at the watch's next round.
        panel.switches["offline"].toggled.connect(lambda _on: watch.check())
    kiosk = Kiosk(config, session, model, window, controller, bridge, opened.simulator, audit, cache, worker, mask,
                  appearance, speaker, services, face_bridge, staff, parts, panel)
    if staff_modes:
        add_staff_modes(kiosk)
    bridge.start()
    watch.check()
    return kiosk


def add_staff_modes(kiosk: Kiosk) -> None:
    """Agent mode, technician diagnostics, the out-of-service screen and health reports (started by
    run_app), and the public certificate check: the rest of the screen table and the flows behind it.
    Their imports (requests, PDF and QR printing, QR reading, self-tests) are a third of the start-up: the
    running kiosk builds them after the attract screen is up, where no resident waits for them."""
    from ui.assembly.staff import (CONTROLLER_SCREENS, build_agent_mode, build_field_operations,
                                   build_verify_certificate, staff_screens)

    k = kiosk
    screens = staff_screens(ScreenContext(k.config, k.session, k.services, k.worker, k.cache), k.parts.sync)
    for state in CONTROLLER_SCREENS:
        k.controller.attach(screens[state])
    k.window.add_screens(screens)
    every = k.window.screens
    card_events = k.card_bridge.event
    k.parts.verify = build_verify_certificate(k.config, k.controller, every)
    k.parts.agent = build_agent_mode(k.config, k.controller, k.audit, k.cache, every,
                                     requests=k.parts.requests.kiosk_requests,
                                     set_elder=lambda on: k.appearance.set(elder=on), card_events=card_events,
                                     window=k.window)
    k.parts.field = build_field_operations(k.config, k.session, k.model, k.worker, k.audit, k.cache,
                                           k.card_bridge.reader, every, authenticator=k.staff,
                                           card_events=card_events, window=k.window)


def preload_printing(kiosk: Kiosk) -> None:
    """Does the printing's first-time work on the worker while nobody is at the screen: reportlab reads
    the certified copy's 5 MB CJK font, and python-escpos parses its printer capabilities (YAML, in
    Python) when the receipt encoder is first imported. Both keep the interpreter busy long enough to
    stall the UI thread for 100 ms or more, which at the first print of the day was in front of a resident.
    The printers and the kiosk's signing key are opened here too, rather than at the first preview."""

    def load() -> None:
        import hardware.receipt.encoder  # noqa: F401 - imported for its one-time set-up
        from kiosk.printing.fonts import register_cjk_font

        register_cjk_font()
        kiosk.services.printing.warm_up()
        # What the font and the capabilities parse left behind goes back to the system.
        release_free_memory()

    kiosk.worker.run(load, lambda _none: None, kiosk.controller.log_error)


def run_app(config: KioskConfig, *, demo: bool, probe: str | None = None) -> int:
    """``probe`` (`kiosk bench ui`): report the first paint of the attract screen (and the memory with the
    face engine loaded) as JSON lines, then quit."""
    limit_malloc_arenas()  # before any of the kiosk's threads start
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # Storage it cannot use (a full disk, a folder it may not open) is out of service on screen, not an exit.
    kiosk = build_or_wait(app, config, lambda: build_kiosk(config, demo=demo, staff_modes=False))
    if kiosk is None:
        return 1  # closed while out of service, before it could start
    if config.ui.fullscreen:
        kiosk.window.showFullScreen()
    else:
        kiosk.window.show()
    if kiosk.demo_panel is not None:
        kiosk.demo_panel.move(kiosk.window.geometry().right() + 10, 0)
        kiosk.demo_panel.show()
    if probe is not None:
        from ui.devtools.startup_probe import attach

        attach(kiosk, probe)
    # Fed from this (the UI) thread: a hung UI stops the pings and systemd restarts the kiosk.
    watchdog = start_watchdog(kiosk.model)
    confirm_release_when_painted(kiosk.window, config.update.releases)

    def background_services() -> None:
        # What building the screens left behind is reused by the warm-ups below instead of adding to it.
        release_free_memory()
        # Threads of their own: the face engine's worker process, and the sync (with the demo's gateway).
        kiosk.parts.face_check.warm_up()
        kiosk.parts.sync.start()
        preload_printing(kiosk)

    def staff_and_devices() -> None:
        add_staff_modes(kiosk)
        # Settles what the last run left open, then watches the devices.
        kiosk.parts.field.start()
        # On a later turn of the loop: their imports compete for the interpreter with whatever the first
        # paint has queued.
        QTimer.singleShot(0, background_services)

    after_first_paint(kiosk.window, staff_and_devices)
    try:
        return app.exec()
    finally:
        watchdog.stop()
        if kiosk.parts.field is not None:
            kiosk.parts.field.shutdown()
        kiosk.shutdown()


def _certificate_register(cache: ArchiveCache) -> Any:
    """Printed certificates go to the gateway's register through the outbox (the public check's source)."""
    def register(entry: dict[str, Any]) -> None:
        from kiosk.certify.registry import OUTBOX_KIND
        from kiosk.sync.outbox import Outbox

        Outbox(cache).enqueue(OUTBOX_KIND, entry, key=f"certificate:{entry['verification_code']}")

    return register
