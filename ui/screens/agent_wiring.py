"""Builds agent mode from config for the GUI's composition root (``ui/app.py``).

The staff registry and the directory of archives come from the synced cache (documents of kind ``staff``
and ``archive``); requests go through the kiosk's outbox when this build has one.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

from PIL import Image
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from hardware.registry import open_camera
from kiosk.audit import AuditLog
from kiosk.config import KioskConfig
from kiosk.errors import CameraError
from kiosk.requests.archives import ArchiveDirectory
from kiosk.requests.book import RequestBook
from kiosk.requests.service import Outbox, RequestService
from kiosk.requests.status_client import GatewayRequestStatus
from kiosk.requests.synced import synced_documents
from kiosk.staff.auth import StaffAuthenticator
from kiosk.staff.lockout import PinLockout
from kiosk.staff.registry import StaffRegistry
from ui.controller import Controller
from ui.screens.agent_flow import AgentFlow, ScreenHost


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


def request_service(config: KioskConfig, audit: AuditLog, outbox: Outbox | None) -> RequestService | None:
    if outbox is None:
        return None
    book = RequestBook(config.resolve(config.data.dir) / "requests.sqlite")
    source = GatewayRequestStatus(config.gateway.url, timeout_s=config.gateway.timeout_s) \
        if config.gateway.url else None
    return RequestService(book, outbox, audit, status_source=source)


def build_agent_mode(config: KioskConfig, controller: Controller, host: ScreenHost, audit: AuditLog, *,
                     set_elder: Callable[[bool], None], outbox: Outbox | None = None,
                     clock: Callable[[], float] = time.monotonic, card_events: Any = None) -> AgentFlow:
    cache_path = config.resolve(config.cache.path)
    auth = StaffAuthenticator(lambda: StaffRegistry.from_documents(synced_documents(cache_path, "staff")),
                              PinLockout(clock), audit)
    flow = AgentFlow(controller, authenticator=auth, requests=request_service(config, audit, outbox),
                     archives=ArchiveDirectory.from_documents(synced_documents(cache_path, "archive")), audit=audit,
                     capture_still=camera_still(config.devices.camera), set_elder=set_elder,
                     origin_archive=config.point.archive_code, kiosk_id=config.point.kiosk_id)
    flow.attach(host)
    # Staff reach sign-in with the service key on the kiosk's keyboard drawer, never from a resident's screen.
    if isinstance(host, QWidget):
        QShortcut(QKeySequence("Ctrl+Alt+S"), host, lambda: controller.on_action("agent_start", None))
    if card_events is not None:
        card_events.connect(flow.on_card_event)
    return flow
