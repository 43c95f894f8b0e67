"""The live face check (人证核验): camera frames against the card photo, with a liveness challenge.

Qt-free and device-free: frames come from a :class:`kiosk.identity.face_ports.FrameSource` and their
analysis from a :class:`kiosk.identity.face_ports.FaceAnalyser`; hardware/camera provides both and the
composition roots assemble them. The UI's FACE_CHECK screen wraps it in a bridge that re-emits events as a
Qt signal.

    check = FaceCheck(camera, engine, policy=MatchPolicy(...), liveness=LivenessSettings(...))
    check.start(card_photo, on_event, consent=FaceConsent.of(session))  # card photo: encoded bytes or BGR
    ...                                  # on_event(FaceCheckEvent) arrives on FaceCheck's own threads
    check.stop()                         # any time; idempotent. check.forget() at WIPE drops the template.

``start`` demands the resident's consent (``Session.consent(True)``, :mod:`kiosk.identity.consent`):
without it, it raises ``ConsentRequired`` before the camera is touched or a frame is taken. One ``start``
is one attempt; it ends with exactly one ``verdict`` event (or an ``error``), after which the camera is
released. The session counts attempts (``Session.face_result``); the owner calls
``start`` again for the next one. ``verdict.verified`` is what ``Session.face_result`` wants; the verdict's
``audit_detail()`` is what the audit log may keep (``kiosk.identity.face_outcome.apply_face_verdict``).

Event kinds (:class:`FaceCheckEvent`), in the order they usually come:

- ``started``: the card template is ready; ``challenge`` names the liveness challenge chosen for this
  attempt (shown to the resident only at ``challenge``).
- ``preview``: every camera frame (``frame``: BGR numpy array, memory only; ``box``: the last face box
  as (top, right, bottom, left) or None) for the live picture. From the camera's thread.
- ``analysis``: one analysed frame: ``box``, ``landmarks`` (68 points by group, plain numbers), ``reason``
  (None when usable).
- ``quality``: the frame was unusable; ``reason`` is a stable code (``FACE_NO_FACE``, ``FACE_MULTIPLE``,
  ``FACE_TOO_SMALL``, ``FACE_PARTIAL``, ``FACE_TOO_DARK``, ``FACE_TOO_BRIGHT``, ``FACE_BLURRED``,
  ``FACE_NOT_FRONTAL``) for a hint on screen ("come closer", "one person only" ...).
- ``challenge``: the resident's open-eye baseline is learnt; show the ``challenge`` now
  (``blink``, ``turn_left``: their own left, ``turn_right``). During the challenge no frame is compared
  with the card, and while a blink is awaited every frame is looked at, none skipped.
- ``progress``: ``agreeing`` of ``needed`` consecutive frames agree so far.
- ``match``: the identity decision (``verdict`` holds it, liveness still pending when it matched).
- ``verdict``: the attempt's outcome (:class:`kiosk.identity.policy.FaceVerdict`).
- ``camera_lost`` / ``camera_restored``: show "camera unavailable" and keep the agent path open; the
  attempt's clock stops while the camera is away.
- ``error``: the face engine or the card photo failed (``error``: a typed KioskError); no verdict follows.
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from kiosk.errors import KioskError
from kiosk.identity.consent import FaceConsent
from kiosk.identity.face_ports import CameraFrame, FaceAnalyser, FaceAnalysis, FrameEvent, FrameSource
from kiosk.identity.liveness import Challenge, LivenessJudge, LivenessSettings, LivenessStatus, choose_challenge
from kiosk.identity.policy import FaceVerdict, MatchDecision, MatchPolicy, MatchTracker, face_distance
from kiosk.identity.quality import MULTIPLE, NOT_FRONTAL

log = logging.getLogger("kiosk.identity.face_check")

#: Frames held for a blink's frame-by-frame look: half a second at 15 fps.
RECENT_FRAMES = 8

EventKind = Literal["started", "preview", "analysis", "quality", "challenge", "progress", "match", "verdict",
                    "camera_lost", "camera_restored", "error"]


@dataclass(frozen=True)
class FaceCheckEvent:
    kind: EventKind
    t: float = 0.0  # time.monotonic() when the event was made
    frame: np.ndarray | None = field(default=None, repr=False)
    box: tuple[int, int, int, int] | None = None
    landmarks: dict[str, list[tuple[float, float]]] | None = field(default=None, repr=False)
    reason: str | None = None
    challenge: Challenge | None = None
    agreeing: int = 0
    needed: int = 0
    verdict: FaceVerdict | None = None
    error: KioskError | None = None


FaceCheckHandler = Callable[[FaceCheckEvent], None]


class FaceCheck:
    def __init__(self, camera: FrameSource, engine: FaceAnalyser, *, policy: MatchPolicy | None = None,
                 liveness: LivenessSettings | None = None, rng: random.Random | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.camera = camera
        self.engine = engine
        self.policy = policy or MatchPolicy()
        self.liveness = liveness or LivenessSettings()
        # The challenge must not be predictable by someone preparing a video: system randomness.
        self._rng = rng or random.SystemRandom()
        self._clock = clock
        self._cond = threading.Condition()
        self._latest: CameraFrame | None = None
        self._seq = 0
        #: The last half second of frames with their sequence numbers, so a blink can be followed frame by
        #: frame even when the engine was busy while it happened. Memory only, dropped with the attempt.
        self._recent: deque[tuple[int, CameraFrame]] = deque(maxlen=RECENT_FRAMES)
        self._camera_lost = False
        self._stop = threading.Event()
        self._ended = threading.Event()
        self._thread: threading.Thread | None = None
        self._on_event: FaceCheckHandler | None = None
        self._started_camera = False
        self._box: tuple[int, int, int, int] | None = None
        self._card_key: str | None = None
        self._card_encoding: np.ndarray | None = None

    # --- the API ------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, card_photo: bytes | np.ndarray, on_event: FaceCheckHandler, *, consent: FaceConsent,
              challenge: Challenge | None = None) -> None:
        consent.require()
        self.stop()
        self._stop.clear()
        self._ended.clear()
        self._on_event = on_event
        self._box = None
        with self._cond:
            self._latest, self._camera_lost = None, self.camera.lost
        chosen = challenge or choose_challenge(self._rng)
        self._thread = threading.Thread(target=self._run, args=(card_photo, chosen), name="face-check", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread() and not self._ended.is_set():
            thread.join(timeout=30)
        self._thread = None
        self._release_camera()

    def forget(self) -> None:
        """Drop the card template (the session's WIPE)."""
        self.stop()
        self._card_key = self._card_encoding = None

    # --- camera side (camera thread) ----------------------------------------------------------------
    def _on_camera(self, ev: FrameEvent) -> None:
        if ev.kind == "frame" and ev.frame is not None:
            with self._cond:
                self._latest, self._seq = ev.frame, self._seq + 1
                self._recent.append((self._seq, ev.frame))
                self._cond.notify_all()
            self._emit(FaceCheckEvent("preview", ev.frame.t, frame=ev.frame.image, box=self._box))
            return
        with self._cond:
            self._camera_lost = ev.kind == "lost"
            self._cond.notify_all()
        self._emit(FaceCheckEvent("camera_lost" if ev.kind == "lost" else "camera_restored", self._clock(),
                                  error=ev.error))

    def _attach_camera(self) -> None:
        self.camera.add_listener(self._on_camera)
        if not self.camera.running:
            self.camera.start()
            self._started_camera = True

    def _release_camera(self) -> None:
        self.camera.remove_listener(self._on_camera)
        if self._started_camera:
            self.camera.stop()
            self._started_camera = False
        with self._cond:
            self._latest = None  # no frame outlives the attempt
            self._recent.clear()

    def _emit(self, event: FaceCheckEvent) -> None:
        handler = self._on_event
        if handler is None or (self._stop.is_set() and event.kind == "preview"):
            return
        try:
            handler(event)
        except Exception:
            log.exception("face check event handler failed")

    # --- the attempt (analysis thread) --------------------------------------------------------------
    def _run(self, card_photo: bytes | np.ndarray, challenge: Challenge) -> None:
        try:
            card = self._card_template(card_photo)
        except KioskError as e:
            self._finish(FaceCheckEvent("error", self._clock(), error=e))
            return
        self._emit(FaceCheckEvent("started", self._clock(), challenge=challenge))
        self._attach_camera()
        failure: KioskError | None = None
        try:
            verdict = _Attempt(self, card, challenge).run()
        except KioskError as e:
            failure, verdict = e, None
        finally:
            self._release_camera()
        if failure is not None:
            self._finish(FaceCheckEvent("error", self._clock(), error=failure))
        elif verdict is not None and not self._stop.is_set():
            log.info("face check: %s", verdict.summary())
            self._finish(FaceCheckEvent("verdict", self._clock(), verdict=verdict))

    def _finish(self, event: FaceCheckEvent) -> None:
        # Nothing of the attempt is touched after this: a stop() from the UI thread (the WIPE right after
        # the verdict) need not wait for this thread to be scheduled and end.
        self._ended.set()
        self._emit(event)

    def _card_template(self, card_photo: bytes | np.ndarray) -> np.ndarray:
        raw = bytes(card_photo) if isinstance(card_photo, (bytes, bytearray, memoryview)) else None
        key = hashlib.sha256(raw if raw is not None else np.ascontiguousarray(card_photo).tobytes()).hexdigest()
        if key != self._card_key or self._card_encoding is None:
            self._card_encoding = self.engine.encode_card(raw if raw is not None else card_photo).encoding
            self._card_key = key
        return self._card_encoding

    def _next_frame(self, last_seq: int, timeout: float, *,
                    every: bool = False) -> tuple[CameraFrame | None, int, bool]:
        """The newest frame after ``last_seq``: older ones are skipped, analysis keeps up with now. With
        ``every``, the oldest one still held after ``last_seq`` instead: no frame of a movement is missed,
        and analysis without a descriptor soon catches up."""
        with self._cond:
            self._cond.wait_for(lambda: self._stop.is_set() or self._seq > last_seq, timeout=timeout)
            if self._seq <= last_seq:
                return None, self._seq, self._camera_lost
            if every:
                for seq, frame in self._recent:
                    if seq > last_seq:
                        return frame, seq, self._camera_lost
            return self._latest, self._seq, self._camera_lost


class _Attempt:
    """One attempt's state: match run, liveness judge, time spent, reasons seen."""

    def __init__(self, check: FaceCheck, card: np.ndarray, challenge: Challenge):
        self.check = check
        self.card = card
        self.challenge = challenge
        self.tracker = MatchTracker(check.policy)
        self.judge = LivenessJudge(challenge, check.liveness)
        self.match: MatchDecision | None = None
        self.reasons: Counter[str] = Counter()
        self.last_centre: tuple[float, float] | None = None
        #: The last frame showed the head still turned the way the turn challenge asked.
        self.turned = False

    def run(self) -> FaceVerdict | None:
        c = self.check
        spent, seq = 0.0, 0
        last = c._clock()
        while not c._stop.is_set():
            frame, seq, lost = c._next_frame(seq, timeout=0.25, every=self._awaiting_blink())
            now = c._clock()
            if not lost:  # the attempt's clock stops while the camera is away
                spent += now - last
            last = now
            if spent > c.policy.attempt_timeout_s:
                return self._verdict(self.match or self.tracker.give_up("timeout"), "timeout")
            if frame is None or lost:
                continue
            verdict = self._analyse(frame)
            if verdict is not None:
                return verdict
        return None

    def _analyse(self, frame: CameraFrame) -> FaceVerdict | None:
        c = self.check
        looked: list[bool] = []
        # Frames are compared with the card only while the face looks as it does on the card. While a
        # challenge is under way every frame goes to liveness instead: a descriptor (~60 ms, more on a busy
        # machine) would let a 200 ms blink slip between two analysed frames, and a turned head measures
        # far from its frontal card photo. Such frames are skipped by the match, not held against it; the
        # run stays one face (a jump or a second face still restarts it).
        encode = self.match is None and self.judge.status is not LivenessStatus.CHALLENGE and not self.turned
        # The worker hands over the landmarks before it computes the descriptor: the hint, the challenge
        # and the liveness judge need no descriptor, so they do not wait for one.
        a = c.engine.analyse_live(frame.image, encode=encode,
                                  on_landmarks=lambda early: looked.append(self._look(early, frame.t)))
        if not (looked[0] if looked else self._look(a, frame.t)):
            return None
        reason = a.quality.first_reason
        compare = encode and not self.turned
        if self.match is None and (compare or reason is not None):
            if reason is not None or a.encoding is None:
                self.tracker.unusable()
            else:
                decision = self.tracker.add(face_distance(self.card, a.encoding))
                c._emit(FaceCheckEvent("progress", c._clock(), agreeing=self.tracker.agreeing,
                                       needed=c.policy.frames_to_agree))
                if decision is not None:
                    self.match = decision
                    c._emit(FaceCheckEvent("match", c._clock(), verdict=self._verdict(decision, decision.reason)))
                    if not decision.matched:
                        return self._verdict(decision, "no_match")
        if self.match is not None and self.judge.status is LivenessStatus.PASSED:
            return self._verdict(self.match, "verified")
        if self.judge.status is LivenessStatus.FAILED:
            return self._verdict(self.match or self.tracker.give_up("liveness_failed"), "liveness_failed")
        return None

    def _look(self, a: FaceAnalysis, t: float) -> bool:
        """Box, hints and liveness from one frame's landmarks. False when the run must start over."""
        c = self.check
        reason = a.quality.first_reason
        c._box = a.box
        c._emit(FaceCheckEvent("analysis", c._clock(), box=a.box, landmarks=a.landmarks, reason=reason))
        if reason is not None:
            self.reasons[reason] += 1
            c._emit(FaceCheckEvent("quality", c._clock(), box=a.box, reason=reason))
        if reason == MULTIPLE or self._jumped(a.box):
            # Another face, or a different one: what was seen so far may not be this person's.
            self.tracker.unusable()
            self.judge = LivenessJudge(self.challenge, c.liveness)
            self.turned = False
            return False
        landmarks = a.landmarks if a.quality.measures.faces == 1 else None
        self._feed_liveness(landmarks, t, turning=reason == NOT_FRONTAL)
        self.turned = self.judge.turned_away(landmarks)
        return True

    def _feed_liveness(self, landmarks: Any, t: float, *, turning: bool) -> None:
        if turning and self.judge.status is not LivenessStatus.CHALLENGE:
            landmarks = None  # a turned head is no baseline
        before = self.judge.status
        after = self.judge.feed(landmarks, t)
        if before is LivenessStatus.BASELINE and after is LivenessStatus.CHALLENGE:
            self.check._emit(FaceCheckEvent("challenge", self.check._clock(), challenge=self.challenge))

    def _awaiting_blink(self) -> bool:
        # A blink lasts a few frames and may come while the worker still computes a descriptor: then
        # every frame held since is looked at, in order.
        return self.challenge is Challenge.BLINK and self.judge.status is LivenessStatus.CHALLENGE

    def _jumped(self, box: tuple[int, int, int, int] | None) -> bool:
        if box is None:
            return False
        top, right, bottom, left = box
        centre = ((left + right) / 2, (top + bottom) / 2)
        previous, self.last_centre = self.last_centre, centre
        if previous is None:
            return False
        return abs(centre[0] - previous[0]) + abs(centre[1] - previous[1]) > 0.6 * (right - left)

    def _verdict(self, decision: MatchDecision, reason: str) -> FaceVerdict:
        live = self.judge.status is LivenessStatus.PASSED
        return FaceVerdict(matched=decision.matched, live=live, distance=decision.distance,
                           threshold=self.check.policy.threshold, reason=reason, liveness=self.judge.evidence(),
                           quality_reasons=tuple(r for r, _ in self.reasons.most_common(3)))
