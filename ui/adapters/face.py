"""The face check behind the FACE_CHECK screen: :class:`kiosk.identity.face_check.FaceCheck` on the
configured camera and the face engine (this is where the hardware parts are assembled into the domain's
loop), its events turned into the screen's :class:`ui.services.FaceEvent`.

The face engine is one worker process per kiosk: :meth:`CameraFaceCheck.warm_up` starts it off the UI
thread once the attract screen is up, and every session reuses it (a test suite may hand one engine to all
its kiosks). Frames stay in memory: a preview becomes RGB bytes for the screen and nothing else, and the
card's face template is dropped as soon as an attempt ends.

On ``sim://camera`` the simulator handle (:class:`SimulatedResident`) is the person in front of the kiosk,
with the controls the demo panel, the walkthrough and the tests use: ``next_match`` (the card holder steps
up, or somebody else does), ``hold_up_photo(bool)`` (a photo instead of a face: the liveness challenge
fails), ``lose_camera(bool)`` (camera unplugged / back), ``hold`` (stay in view but do not perform the
challenge yet, so the screen can be photographed), ``started`` (attempts begun).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from hardware.urls import parse_device_url
from kiosk.errors import KioskError
from kiosk.identity.consent import FaceConsent
from kiosk.identity.quality import BLURRED, MULTIPLE, NO_FACE, PARTIAL, TOO_DARK, TOO_SMALL
from ui.services import FaceEvent

if TYPE_CHECKING:  # OpenCV and the camera code load off the UI thread, after the first paint
    from hardware.camera.faces import FaceEngine
    from hardware.camera.sim_camera import SimulatedCameraSource
    from kiosk.identity.face_check import FaceCheck, FaceCheckEvent

log = logging.getLogger("ui.adapters.face")

#: The face check's quality codes as the screen's hints name them; any other code asks to hold still.
SCREEN_HINTS = {NO_FACE: "no_face", MULTIPLE: "several_faces", TOO_SMALL: "too_far", PARTIAL: "too_close",
                TOO_DARK: "too_dark", BLURRED: "blurred"}
#: What the screen is told when an attempt cannot run at all (it offers the staff path).
NO_CARD_PHOTO = "FACE_CARD_PHOTO"

FaceEventHandler = Callable[[FaceEvent], None]


class _Hold:
    """``threading.Event``-like; clearing it lets the simulated resident perform the challenge it held back."""

    def __init__(self, released: Callable[[], None]):
        self._event = threading.Event()
        self._released = released

    def set(self) -> None:
        self._event.set()

    def clear(self) -> None:
        self._event.clear()
        self._released()

    def is_set(self) -> bool:
        return self._event.is_set()


class SimulatedResident:
    """Who stands in front of the simulated camera, and what they do when the screen asks.

    The controls work before the camera is opened (the kiosk opens it after its first paint): a camera
    pulled out beforehand is out when it opens."""

    def __init__(self) -> None:
        self.next_match = True
        self.started = 0
        self.hold = _Hold(self._perform_held)
        self._lock = threading.Lock()
        self._camera: SimulatedCameraSource | None = None
        self._lost = False
        self._photo = False
        self._act = "follow"
        self._held: str | None = None
        self._holders: dict[str, str] = {}

    def attach(self, camera: SimulatedCameraSource) -> None:
        # Whose demo face goes with which card photo, by digest: the photos themselves are not kept.
        self._holders = {_digest(p.read_bytes()): p.name.removesuffix("_card.png")
                         for p in camera.faces_dir.glob("*_card.png")}
        with self._lock:
            self._camera, self._act = camera, camera.act
        self.lose_camera(self._lost)
        self.hold_up_photo(self._photo)

    def lose_camera(self, lost: bool = True) -> None:
        with self._lock:
            self._lost, camera = lost, self._camera
        if camera is None:
            return
        if lost:
            camera.lose()
        else:
            camera.restore()

    def hold_up_photo(self, photo: bool = True) -> None:
        """Someone holds up a photo of the person instead of their face: it cannot blink or turn."""
        self._photo = photo
        if self._camera is not None:
            self._camera.act = "photo" if photo else self._act

    def step_up(self, card_photo: bytes | None) -> str | None:
        """The card holder steps in front of the camera, or (``next_match`` False) somebody else does."""
        camera = self._camera
        if camera is None:
            return None
        holder = self._holders.get(_digest(card_photo)) if card_photo else None
        if self.next_match:
            person = holder
        else:
            person = next((p for p in camera.people() if p != holder), None)
        camera.show(person)
        return person

    def step_away(self) -> None:
        with self._lock:
            self._held = None
        if self._camera is not None:
            self._camera.show(None)

    def asked(self, move: str) -> None:
        """The screen shows the challenge: a cooperative resident does it, unless held back."""
        with self._lock:
            if self.hold.is_set():
                self._held = move
                return
        if self._camera is not None:
            self._camera.perform(move)

    def _perform_held(self) -> None:
        with self._lock:
            move, self._held = self._held, None
        if move is not None and self._camera is not None:
            self._camera.perform(move)


class CameraFaceCheck:
    """The :class:`ui.services.FaceCheckPort` of the kiosk. ``consent`` gives the session's consent at the
    moment an attempt starts (:meth:`kiosk.identity.consent.FaceConsent.of`).

    Building it costs nothing: the camera, OpenCV and the engine's worker come up in :meth:`warm_up` (or at
    the first attempt, whichever is first)."""

    def __init__(self, camera_url: str, consent: Callable[[], FaceConsent], *, engine: FaceEngine | None = None):
        self.camera_url = camera_url
        url = parse_device_url(camera_url)
        self.simulator = SimulatedResident() if (url.scheme, url.host) == ("sim", "camera") else None
        self._consent = consent
        self._engine = engine
        self._owns_engine = engine is None
        self._check: FaceCheck | None = None
        self._opening = threading.Lock()
        #: Counts starts and stops: an attempt whose camera is still opening when it is stopped never begins.
        self._attempt = 0
        self._attempt_lock = threading.RLock()  # a synchronous fault event may stop the check from within
        self._warming: threading.Thread | None = None

    @property
    def engine(self) -> FaceEngine | None:
        return self._engine

    def warm_up(self) -> None:
        """Open the camera and start the engine's worker process in the background (spawn and model load
        take a second or two); an attempt begun meanwhile waits for them."""
        if self._warming is None:
            self._warming = threading.Thread(target=self._warm, name="face-check-start", daemon=True)
            self._warming.start()

    def _warm(self) -> None:
        try:
            self._opened()
            assert self._engine is not None  # _opened made it
            self._engine.start()
        except KioskError as e:  # the first attempt tries again and shows the fault
            log.warning("face check not ready: %s", e.code)

    def _opened(self) -> FaceCheck:
        with self._opening:
            if self._check is None:
                from hardware.camera.faces import FaceEngine
                from hardware.registry import open_camera
                from kiosk.identity.face_check import FaceCheck

                opened = open_camera(self.camera_url)
                if self._engine is None:
                    self._engine = FaceEngine()
                if self.simulator is not None and opened.simulator is not None:
                    self.simulator.attach(opened.simulator)
                self._check = FaceCheck(opened.driver, self._engine)
            return self._check

    def start(self, card_photo: bytes | None, on_event: FaceEventHandler) -> None:
        with self._attempt_lock:
            self._attempt += 1
            attempt = self._attempt
        if self._check is None:
            # Opening the camera loads OpenCV: never on the UI thread, even when warm_up has not run.
            threading.Thread(target=self._begin, args=(attempt, card_photo, on_event), name="face-check-open",
                             daemon=True).start()
        else:
            self._begin(attempt, card_photo, on_event)

    def _begin(self, attempt: int, card_photo: bytes | None, on_event: FaceEventHandler) -> None:
        try:
            check = self._opened()
        except KioskError as e:  # a camera URL that cannot be opened: the screen offers the staff path
            on_event(FaceEvent("camera_lost", detail=e.code))
            return
        with self._attempt_lock:
            if attempt != self._attempt:
                return  # stopped while the camera was being opened
            if self.simulator is not None:
                self.simulator.started += 1
                self.simulator.step_up(card_photo)
            if not card_photo:
                on_event(FaceEvent("camera_lost", detail=NO_CARD_PHOTO))
                return
            try:
                check.start(card_photo, lambda ev: self._deliver(ev, on_event), consent=self._consent())
            except KioskError as e:
                on_event(FaceEvent("camera_lost", detail=e.code))

    def stop(self) -> None:
        with self._attempt_lock:
            self._attempt += 1
        if self._check is not None:
            # forget(): the card's template goes with the attempt; the next attempt makes it again.
            self._check.forget()
        if self.simulator is not None:
            self.simulator.step_away()

    def close(self) -> None:
        if self._warming is not None:
            self._warming.join(timeout=30)
        self.stop()
        if self._owns_engine and self._engine is not None:
            self._engine.close()

    def _deliver(self, ev: FaceCheckEvent, on_event: FaceEventHandler) -> None:
        """On the face check's threads: one FaceCheckEvent → at most one FaceEvent."""
        if ev.kind == "preview" and ev.frame is not None:
            height, width = ev.frame.shape[:2]
            rgb = ev.frame[:, :, ::-1].tobytes()  # the camera's BGR as the screen's RGB, in one copy
            on_event(FaceEvent("frame", frame=(width, height, rgb)))
        elif ev.kind == "quality" and ev.reason:
            on_event(FaceEvent("quality", detail=SCREEN_HINTS.get(ev.reason, "hold_still")))
        elif ev.kind == "challenge" and ev.challenge is not None:
            on_event(FaceEvent("challenge", detail=ev.challenge.value))
            if self.simulator is not None:
                self.simulator.asked(ev.challenge.value)
        elif ev.kind == "verdict" and ev.verdict is not None:
            on_event(FaceEvent("verdict", detail=ev.verdict.summary(), matched=ev.verdict.verified,
                              verdict=ev.verdict))
        elif ev.kind in ("camera_lost", "error"):
            on_event(FaceEvent("camera_lost", detail=ev.error.code if ev.error else "CAMERA_LOST"))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
