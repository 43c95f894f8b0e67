"""This kiosk's devices, bound from its config into the plain callables the flows are handed: a still
from the camera, a returned certificate on the document printer, the technician's self-tests, health
reports, and what the certificate check trusts.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from PIL import Image

from hardware import diagnostics as selftests
from hardware.registry import open_camera, open_docprinter, open_receipt
from kiosk.archive.cache import ArchiveCache
from kiosk.certify.trust import kiosk_verifier
from kiosk.certify.verify import CertificateVerifier
from kiosk.config import KioskConfig
from kiosk.demo_setup import district_key_files
from kiosk.diag.config_view import config_in_force
from kiosk.diag.export import export_bundle
from kiosk.diag.gateway_check import check_gateway, read_sync_status
from kiosk.diag.health_report import build_health_report, push_health
from kiosk.diag.in_force import config_report, running_versions
from kiosk.diag.model import CheckResult
from kiosk.diag.names import names_in_cache
from kiosk.diag.storage import check_storage
from kiosk.diag.test_prints import self_test_receipt, test_page_pdf
from kiosk.diag.versions import versions
from kiosk.errors import CameraError, KioskError
from kiosk.printing.jobs import JobOutcome
from kiosk.printing.journal import PrintJournal
from kiosk.requests.printout import print_certificate
from kiosk.requests.service import RequestService
from kiosk.storage import storage_key_for
from kiosk.sync.outbox import Outbox
from ui.flows.diagnostics import DiagnosticsTools

log = logging.getLogger("ui.assembly")

#: Seconds between health reports queued for the gateway (checks run more often, reports need not).
REPORT_INTERVAL_S = 300.0


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


def docprinter_options(config: KioskConfig) -> dict[str, Any]:
    # The simulated document printer writes its PDFs somewhere a technician can look, not a fresh temp dir.
    if config.devices.docprinter.startswith("sim:"):
        return {"folder": str(config.resolve(config.devices.sim_paper_dir))}
    return {}


def device_tools(config: KioskConfig, card_reader: Any, closers: list[Callable[[], None]]) -> DiagnosticsTools:
    """The technician's self-tests. The kiosk's own open reader is used (a serial port cannot be opened
    twice); the other devices are opened from their URLs per test, as ``kiosk diag`` does."""
    urls = config.devices
    data_dir = config.resolve(config.data.dir)
    key = storage_key_for(config)
    point = config.point
    gw = config.gateway
    doc_options = docprinter_options(config)
    checks = {
        "idcard": lambda: selftests.test_idcard(card_reader),
        "camera": lambda: selftests.check_camera(urls.camera),
        "receipt": lambda: selftests.check_receipt(urls.receipt),
        "docprinter": lambda: selftests.check_docprinter(urls.docprinter, **doc_options),
        "gateway": lambda: check_gateway(gw.url, embedded=gw.embedded, timeout_s=gw.timeout_s,
                                         sync_interval_s=gw.sync_interval_s,
                                         sync_status=lambda: read_sync_status(config.resolve(config.cache.path), key),
                                         credentials=config.resolve(gw.credentials) if gw.credentials else None,
                                         storage_key=key),
        "storage": lambda: check_storage(data_dir, config.resolve(config.cache.path), key=key,
                                         min_free_mb=config.data.min_free_mb, warn_free_mb=config.data.warn_free_mb),
    }

    def test_receipt() -> CheckResult:
        opened = open_receipt(urls.receipt)
        try:
            layout = self_test_receipt(point.kiosk_id, point.name, columns=opened.driver.profile.columns)
            return selftests.test_receipt(opened.driver, opened.simulator, test_layout=layout)
        finally:
            opened.driver.close()

    def test_page() -> CheckResult:
        opened = open_docprinter(urls.docprinter, **doc_options)
        return selftests.test_docprinter(opened.driver, opened.simulator,
                                         test_page=test_page_pdf(point.kiosk_id, point.name))

    engine: list[Any] = []

    def find_face(frame: np.ndarray) -> tuple[int, int, int, int] | None:
        # The face engine is a worker process that takes seconds to start: only when a preview asks.
        if not engine:
            from hardware.camera.faces import FaceEngine

            engine.append(FaceEngine())
            closers.append(engine[0].close)
        return engine[0].analyse_live(frame, encode=False).box

    def export(results: list[CheckResult]) -> dict[str, Any]:
        return export_bundle(data_dir / "support", kiosk_id=point.kiosk_id, results=results,
                             config_view=config_in_force(config), versions=versions(),
                             log_dir=config.resolve(config.logging.dir),
                             names=names_in_cache(config.resolve(config.cache.path), key))

    return DiagnosticsTools(
        checks=checks,
        read_card=lambda: selftests.read_card_once(card_reader, 15.0),
        test_receipt=test_receipt, test_page=test_page,
        info=lambda: {"versions": versions(), "config": config_in_force(config)},
        export=export, open_camera=lambda: open_camera(urls.camera).driver, find_face=find_face)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def health_reporter(config: KioskConfig, cache: ArchiveCache, clock: Callable[[], float] = time.monotonic,
                    wall_clock: Callable[[], dt.datetime] = _utc_now) -> Callable[[list[CheckResult]], None] | None:
    """Queues a health report in the outbox every REPORT_INTERVAL_S; None for a kiosk with no gateway."""
    if not (config.gateway.url or config.gateway.embedded):
        return None
    outbox = Outbox(cache)
    last: list[float] = []

    def report(results: list[CheckResult]) -> None:
        now = clock()
        if last and now - last[0] < REPORT_INTERVAL_S:
            return
        last[:] = [now]
        push_health(outbox, build_health_report(config.point.kiosk_id, config.point.name, results,
                                                running_versions(config), at=wall_clock(),
                                                config=config_report(config)))

    return report


def certificate_verifier(config: KioskConfig, cache: ArchiveCache) -> Any:
    """What this kiosk trusts: the district key it was installed with and the revocations synced since.
    A kiosk without that key still shows the check, and every certificate it is shown is from a district
    it does not know, which the screen says."""
    pub = config.resolve(config.gateway.district_pub) if config.gateway.district_pub else None
    if pub is None and config.gateway.embedded:
        # The demo's own district signs the demo kiosk's copies: the demo verifies what it printed.
        pub = district_key_files(config.resolve(config.data.dir))[1]
    if pub is None or not pub.is_file():
        return CertificateVerifier([])
    return kiosk_verifier(pub, cache, _own_certificate(config))


def _own_certificate(config: KioskConfig) -> list[Any]:
    """This kiosk's own kiosk certificate: its papers verify here before the gateway has synced it back."""
    from kiosk.certify.kiosk_cert import load_kiosk_certificate
    from kiosk.paths import kiosk_key_files

    cert = kiosk_key_files(config.resolve(config.data.dir))[1]
    try:
        return [load_kiosk_certificate(cert)] if cert.is_file() else []
    except KioskError as e:
        log.warning("own kiosk certificate unreadable: %s", e.code)
        return []
