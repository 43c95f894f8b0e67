"""Which screen shows which session state: every state the kiosk can be in has its line here, and a new
screen is one line. No flow adds or swaps a screen at run time; the window shows ``table[state]``.

Two tables, built by the composition root (``ui/app.py``) at two moments: :data:`SCREENS`, the resident's
visit, before the attract screen's first paint; :data:`STAFF_SCREENS` (agent and technician modes, out of
service, the public certificate check), after it, where their imports keep no resident waiting. Each entry
builds its screen from a typed context, so a screen that needs a new part adds a field, not a constructor
chain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hardware.handwriting import open_recogniser
from kiosk import paths
from kiosk.archive.cache import ArchiveCache
from kiosk.config import KioskConfig
from kiosk.session import Session
from kiosk.session_states import State
from ui.screens.agent_verify import AgentVerifyScreen
from ui.screens.attract import AttractScreen
from ui.screens.base import Screen
from ui.screens.certify import CertifyScreen
from ui.screens.checkout import CheckoutScreen
from ui.screens.face import FaceCheckScreen
from ui.screens.goodbye import GoodbyeScreen
from ui.screens.home import HomeScreen
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

if TYPE_CHECKING:
    from ui.adapters.certificate_camera import CertificateReader
    from kiosk.certify.code_check import CodeVerdict


@dataclass
class ScreenContext:
    """What the resident's screens are built from."""

    config: KioskConfig
    session: Session
    services: Services
    worker: Worker
    cache: ArchiveCache


@dataclass
class StaffScreenContext(ScreenContext):
    """What the staff and public screens add: the certificate check's reader and gateway, the archives an
    agent may file with."""

    #: A frame → the certificate in view judged by the kiosk's verifier.
    certificate_reader: CertificateReader | None = None
    #: A typed code → the gateway's verdict (``ui.adapters.certificate_codes.GatewayCodes``).
    certificate_codes: Callable[[str], CodeVerdict] | None = None
    #: (code, name) of the archives a proxy request may go to, as the synced directory holds them.
    archives: Sequence[tuple[str, str]] = ()


ScreenFactory = Callable[[ScreenContext], Screen]
StaffScreenFactory = Callable[[StaffScreenContext], Screen]

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
    (State.GUIDE, lambda ctx: ServiceGuideScreen(load_guides(paths.GUIDES, ctx.cache))),
    (State.CHECKOUT, lambda ctx: CheckoutScreen()),
    (State.TIMEOUT_WARNING, lambda ctx: TimeoutWarningScreen(total_s=ctx.config.session.warning_s)),
    (State.WIPE, lambda ctx: GoodbyeScreen()),
]


def _verify_certificate(ctx: StaffScreenContext) -> Screen:
    from ui.screens.verify_certificate import VerifyCertificateScreen

    assert ctx.certificate_reader is not None
    return VerifyCertificateScreen(ctx.certificate_reader, ctx.worker, codes=ctx.certificate_codes)


def _agent_login(ctx: StaffScreenContext) -> Screen:
    from ui.screens.agent_login import AgentLoginScreen

    return AgentLoginScreen()


def _agent_session(ctx: StaffScreenContext) -> Screen:
    from ui.screens.agent_session import AgentSessionScreen

    return AgentSessionScreen()


def _proxy_request(ctx: StaffScreenContext) -> Screen:
    from ui.screens.proxy_request import ProxyRequestScreen

    return ProxyRequestScreen(ctx.archives)


def _technician_login(ctx: StaffScreenContext) -> Screen:
    from ui.screens.diagnostics import TechnicianLoginScreen

    return TechnicianLoginScreen()


def _diagnostics(ctx: StaffScreenContext) -> Screen:
    from ui.screens.diagnostics import DiagnosticsScreen

    return DiagnosticsScreen()


def _out_of_service(ctx: StaffScreenContext) -> Screen:
    from ui.screens.out_of_service import OutOfServiceScreen

    return OutOfServiceScreen(ctx.config.point.name, ctx.config.point.phone)


# Imported inside their factories: the certificate check's modules (an HTTP client among them) would
# otherwise be read before the attract screen's first paint.
STAFF_SCREENS: list[tuple[State, StaffScreenFactory]] = [
    (State.VERIFY_CERTIFICATE, _verify_certificate),
    (State.AGENT_LOGIN, _agent_login),
    (State.AGENT_SESSION, _agent_session),
    (State.PROXY_REQUEST, _proxy_request),
    (State.TECHNICIAN_LOGIN, _technician_login),
    (State.DIAGNOSTICS, _diagnostics),
    (State.OUT_OF_SERVICE, _out_of_service),
]


def build_screens(ctx: ScreenContext) -> dict[State, Screen]:
    return {state: factory(ctx) for state, factory in SCREENS}


def build_staff_screens(ctx: StaffScreenContext) -> dict[State, Screen]:
    return {state: factory(ctx) for state, factory in STAFF_SCREENS}
