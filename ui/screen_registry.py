"""Which screen shows which session state. A new screen is one line in :data:`SCREENS`.

Each entry builds its screen from the :class:`ScreenContext` (config, services, session, worker, ...),
so a screen that needs a new service adds it to the context, not to a constructor chain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hardware.handwriting import open_recogniser
from kiosk.config import KioskConfig
from kiosk.demo_setup import project_root
from kiosk.session import Session
from kiosk.session_states import State
from ui.screens.attract import AttractScreen
from ui.screens.base import Screen
from ui.screens.certify import CertifyScreen
from ui.screens.checkout import CheckoutScreen
from ui.screens.face import FaceCheckScreen
from ui.screens.goodbye import GoodbyeScreen
from ui.screens.home import HomeScreen
from ui.screens.agent_verify import AgentVerifyScreen
from ui.screens.identify import ConsentScreen, ReadingCardScreen
from ui.screens.print_options import PrintOptionsScreen
from ui.screens.record_view import RecordViewScreen
from ui.screens.records import RecordsScreen
from ui.screens.request import RequestScreen
from ui.screens.search import SearchScreen
from ui.screens.service_guides import ServiceGuideScreen, load_guides
from ui.screens.timeout import TimeoutWarningScreen
from ui.services import Services
from ui.workers import Worker


@dataclass
class ScreenContext:
    config: KioskConfig
    session: Session
    services: Services
    worker: Worker
    #: Anything else a screen needs (the audit log, the cache, staff services ...), by name.
    extras: dict[str, Any] = field(default_factory=dict)


ScreenFactory = Callable[[ScreenContext], Screen]

SCREENS: list[tuple[State, ScreenFactory]] = [
    (State.ATTRACT, lambda ctx: AttractScreen(ctx.config.point.name, ctx.config.ui.reader_position,
                                                     name_en=ctx.config.point.name_en)),
    (State.READING_CARD, lambda ctx: ReadingCardScreen()),
    (State.CONSENT, lambda ctx: ConsentScreen()),
    (State.FACE_CHECK, lambda ctx: FaceCheckScreen()),
    (State.ASSISTED_VERIFY, lambda ctx: AgentVerifyScreen()),
    (State.HOME, lambda ctx: HomeScreen()),
    (State.RECORDS, lambda ctx: RecordsScreen()),
    (State.RECORD_VIEW, lambda ctx: RecordViewScreen()),
    (State.SEARCH, lambda ctx: SearchScreen(open_recogniser)),
    (State.PRINT, lambda ctx: PrintOptionsScreen()),
    (State.CERTIFY, lambda ctx: CertifyScreen()),
    (State.REQUEST, lambda ctx: RequestScreen()),
    (State.GUIDE, lambda ctx: ServiceGuideScreen(load_guides(project_root() / "config" / "guides",
                                                           ctx.extras.get("cache")))),
    (State.CHECKOUT, lambda ctx: CheckoutScreen()),
    (State.TIMEOUT_WARNING, lambda ctx: TimeoutWarningScreen(total_s=ctx.config.session.warning_s)),
    (State.WIPE, lambda ctx: GoodbyeScreen()),
    # Screens that need devices or staff sign-in (verify a certificate, agent and technician modes, out of
    # service) are added by their own wiring modules after the first paint.
]


def build_screens(ctx: ScreenContext) -> dict[State, Screen]:
    return {state: factory(ctx) for state, factory in SCREENS}
