"""Builds agent mode from config for the GUI's composition root (``ui/app.py``).

The staff registry and the directory of archives come from the synced cache (documents of kind ``staff``
and ``archive``); requests go through the kiosk's outbox when this build has one.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import Any

from PIL import Image
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from hardware.registry import open_camera, open_docprinter
from kiosk.archive.cache import ArchiveCache
from kiosk.audit import AuditLog
from kiosk.config import KioskConfig
from kiosk.errors import CameraError
from kiosk.printing.jobs import JobOutcome
from kiosk.printing.journal import PrintJournal
from kiosk.storage import storage_key_for
from kiosk.requests.notice import ready_notices
from kiosk.requests.printout import print_certificate
from kiosk.requests.service import RequestService
from kiosk.requests.kiosk_service import KioskRequests, archive_directory, open_requests
from ui.controller import Controller
from kiosk.session_states import State
from ui.flows.agent import AgentFlow
from ui.screens.base import ScreenHost
from ui.screens.agent_verify import AgentVerifyScreen
from ui.flows.ready_requests import ReadyRequestsFlow


def camera_still(url: str) -> Callable[[], bytes]:
    """One JPEG from the camera, taken when asked: the photo of a letter or an ID held up to the lens."""

    def take() -> bytes:
        camera = open_camera(url).driver
        source = camera.source
        source.open()
        try:
            frame = source.read()
        finally:
            source.close()
        if frame is None:
            raise CameraError("the camera gave no picture", code="CAMERA_NO_FRAME")
        out = io.BytesIO()
        Image.fromarray(frame[:, :, ::-1]).save(out, format="JPEG", quality=85)  # the camera's frames are BGR
        return out.getvalue()

    return take


def certificate_printer(config: KioskConfig, service: RequestService) -> Callable[[str], JobOutcome]:
    """Prints a certificate that came back for a request, on the document printer through the print
    journal. The printer and journal are opened at the first print: most visits never print one."""
    opened: dict[str, Any] = {}
    # Two taps in quick succession run on two worker threads: one print at a time.
    lock = threading.Lock()

    def print_ready(request_id: str) -> JobOutcome:
        with lock:
            if not opened:
                opened["journal"] = PrintJournal.open(config.resolve(config.data.dir), key=storage_key_for(config))
                opened["printer"] = open_docprinter(config.devices.docprinter).driver
            return print_certificate(service, request_id, opened["journal"], opened["printer"],
                                     point_name=config.point.name, kiosk_id=config.point.kiosk_id)

    return print_ready


def build_agent_mode(config: KioskConfig, controller: Controller, host: ScreenHost, audit: AuditLog,
                     cache: ArchiveCache, *, set_elder: Callable[[bool], None], card_events: Any = None,
                     requests: KioskRequests | None = None) -> AgentFlow:
    requests = requests or open_requests(config, cache, audit)
    verify = host.screens[State.ASSISTED_VERIFY]
    assert isinstance(verify, AgentVerifyScreen)
    flow = AgentFlow(controller, requests=requests.service, verify_screen=verify,
                     archives=archive_directory(cache), audit=audit,
                     capture_still=camera_still(config.devices.camera), set_elder=set_elder,
                     origin_archive=config.point.archive_code, kiosk_id=config.point.kiosk_id,
                     reload_archives=lambda: archive_directory(cache))
    flow.attach(host)
    # Staff reach sign-in with the service key on the kiosk's keyboard drawer, never from a resident's screen.
    if isinstance(host, QWidget):
        QShortcut(QKeySequence("Ctrl+Alt+S"), host, lambda: controller.on_action("agent_start", None))
    if card_events is not None:
        card_events.connect(flow.on_card_event)
    # Results of earlier requests (filed by an agent or by the resident) are told at the next card tap.
    service = requests.service
    ready = ReadyRequestsFlow(controller, notices=lambda id_number: ready_notices(service, id_number),
                              print_ready=certificate_printer(config, service),
                              acknowledge=service.acknowledge_rejection)
    if isinstance(host, QWidget):
        ready.attach(host)
    flow.ready_requests = ready
    return flow
