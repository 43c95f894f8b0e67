"""Puts "Verify a certificate" (the attract screen's public entry) into the running kiosk.

The screen reads certificate QR codes from the kiosk's camera. The camera is opened (off the UI thread)
when the screen shows and closed when it goes. The verifier trusts the district key the kiosk was
installed with (``gateway.district_pub``; the demo: its own demo district) and the revocation lists synced
into the cache; a kiosk without that key still shows the screen, and every certificate it is shown is
from a district it does not know, which the screen says.
"""

from __future__ import annotations

import logging
from typing import Any

from kiosk.archive.cache import ArchiveCache
from kiosk.certify.trust import kiosk_verifier
from kiosk.certify.verify import CertificateVerifier
from kiosk.config import KioskConfig
from kiosk.demo_setup import district_key_files
from kiosk.errors import GatewayUnreachable, KioskError
from kiosk.session_states import State
from ui.controller import Controller
from ui.main_window import MainWindow
from ui.adapters.certificate_camera import CameraFrameFeed, CertificateReader
from ui.screens.verify_certificate import VerifyCertificateScreen

log = logging.getLogger("ui.verify")


def certificate_verifier(config: KioskConfig, cache: ArchiveCache) -> Any:
    """What this kiosk trusts: the district key it was installed with and the revocations synced since."""
    pub = config.resolve(config.gateway.district_pub) if config.gateway.district_pub else None
    if pub is None and config.gateway.embedded:
        # The demo's own district signs the demo kiosk's copies: the demo verifies what it printed.
        pub = district_key_files(config.resolve(config.data.dir))[1]
    if pub is None or not pub.is_file():
        return CertificateVerifier([])
    return kiosk_verifier(pub, cache, _own_certificate(config))


class GatewayCodes:
    """A typed code asked of the kiosk's gateway over its sync link (``gateway``: the
    :class:`ui.adapters.network.GatewaySync`); called on the worker."""

    def __init__(self, gateway: Any):
        self._gateway = gateway
        self._check: Any = None

    def __call__(self, code: str) -> Any:
        from kiosk.certify.code_check import GatewayCodeCheck

        if self._check is None:
            link = self._gateway.gateway_link() if self._gateway is not None else None
            if link is None:
                raise GatewayUnreachable("the kiosk has no link to its gateway yet")
            self._check = GatewayCodeCheck(*link)
        return self._check.check(code)


class VerifyCertificateWiring:
    def __init__(self, config: KioskConfig, cache: ArchiveCache, controller: Controller, window: MainWindow,
                 gateway: Any = None):
        self.config = config
        self.controller = controller
        verifier = certificate_verifier(config, cache)
        self.screen = VerifyCertificateScreen(CertificateReader(verifier), controller.worker,
                                              codes=GatewayCodes(gateway))
        controller.attach(self.screen)
        window.screens[State.VERIFY_CERTIFICATE] = self.screen
        window.stack.addWidget(self.screen)
        self.feed: CameraFrameFeed | None = None
        self._wanted = False
        controller.register("verify_certificate", self._open)
        controller.register("back", lambda _p: self._leave())
        controller.register("verify_again", lambda _p: None)  # the screen itself starts a new scan
        controller.model.stateChanged.connect(self._on_state)

    def _open(self, _payload: object) -> None:
        self.controller.session.transition(State.VERIFY_CERTIFICATE, "verify a certificate")

    def _leave(self) -> None:
        if self.controller.session.state is State.VERIFY_CERTIFICATE:
            self.controller.session.transition(State.ATTRACT, "certificate check finished")

    def _on_state(self, old: str, new: str, _reason: str) -> None:
        if new == State.VERIFY_CERTIFICATE.value:
            self._start_camera()
        elif old == State.VERIFY_CERTIFICATE.value:
            self.stop()

    def _start_camera(self) -> None:
        from hardware.registry import open_camera

        self._wanted = True
        url = self.config.devices.camera

        def opened(camera: Any) -> None:
            if not self._wanted:  # left before the camera came up
                camera.stop()
                return
            self.feed = CameraFrameFeed(camera)
            self.feed.frame.connect(self.screen.show_frame)
            self.feed.start()

        def failed(err: KioskError) -> None:
            log.warning("camera for certificate checks: %s", err.code)
            self.screen.verdict.setText(err.message)

        # Opening a camera can take a moment (a USB camera wakes up): never on the UI thread.
        self.controller.worker.run(lambda: open_camera(url).driver, opened, failed)

    def stop(self) -> None:
        self._wanted = False
        feed, self.feed = self.feed, None
        if feed is not None:
            feed.stop()


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
