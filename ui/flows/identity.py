"""Who is at the kiosk: the card, consent to the face check, the face check itself, the staff hand-off."""

from __future__ import annotations

import logging

from hardware.idcard.events import ReaderEvent
from kiosk.errors import CacheNotReady
from kiosk.session_states import State
from ui.controller import Controller
from ui.device_bridges import FaceCheckBridge
from ui.screens.face import FaceCheckScreen
from ui.services import FaceEvent

log = logging.getLogger("ui.identity")


class IdentityFlow:
    def __init__(self, controller: Controller, face: FaceCheckBridge, face_screen: FaceCheckScreen):
        self.c = controller
        self.session = controller.session
        self.face = face
        self.face_screen = face_screen
        #: The cache could not answer this visit's records yet: said on screen once the resident is in.
        self._records_fault: CacheNotReady | None = None
        face.event.connect(self.on_face_event)
        controller.model.stateChanged.connect(self._on_state)
        for name, handler in {
            "agree": lambda _p: self.session.consent(True),
            "decline": lambda _p: self.session.consent(False),
            "face_to_staff": lambda _p: self._to_staff("resident asked for staff"),
            "fault_assisted": lambda _p: self._to_staff("camera not working"),
        }.items():
            controller.register(name, handler)

    # --- the card ---------------------------------------------------------------------------------
    def on_card_event(self, ev: ReaderEvent) -> None:
        s = self.session
        if ev.kind == "placed":
            s.card_presented()
        elif ev.kind == "read" and ev.card is not None and s.state is State.READING_CARD:
            if self.c.mask is not None:
                self.c.mask.protect([ev.card.name, ev.card.english_name])
            s.card_read(ev.card, ev.photo_image)
            self._load_records(ev.card.id_number)
        elif ev.kind in ("failed", "lifted") and s.state is State.READING_CARD:
            s.card_failed(ev.error.code if ev.error else "IDCARD_LIFTED")
        elif ev.kind == "lost":
            s.report_fault(ev.error.code if ev.error else "IDCARD_LOST", "idcard")
        elif ev.kind == "restored" and s.fault is not None and s.fault.device == "idcard":
            s.clear_fault()

    def _load_records(self, id_number: str) -> None:
        data = self.session.data
        self.c.view.records_loading = True
        self._records_fault = None

        def loaded(records: list) -> None:
            data.records = list(records)
            self.c.view.records_loading = False
            self.c.changed()

        def failed(err) -> None:
            self.c.view.records_loading = False
            if isinstance(err, CacheNotReady):  # shown as "being updated", never as an empty list
                self._records_fault = err
                self._show_records_fault()
            else:
                self.c.log_error(err)
            self.c.changed()

        self.c.run(lambda: self.c.services.archive.own_records(id_number), loaded, failed)

    # --- the face check ---------------------------------------------------------------------------
    def _show_records_fault(self) -> None:
        """Once the resident is in (the records screen would be next), an archive that cannot answer yet
        is said on screen."""
        err = self._records_fault
        if err is not None and self.session.state is State.HOME:
            self._records_fault = None
            self.c.fault("archive")(err)

    def _on_state(self, old: str, new: str, _reason: str) -> None:
        if new == State.HOME.value:
            self._show_records_fault()
        if new == State.FACE_CHECK.value and old != State.TIMEOUT_WARNING.value:
            self.face.start(self.session.data.card_photo)
        elif new not in (State.FACE_CHECK.value, State.TIMEOUT_WARNING.value):
            self.face.stop()
            # Whatever ended the check, the last frame of the face leaves the screen with it.
            self.face_screen.forget()

    def on_face_event(self, ev: FaceEvent) -> None:
        s = self.session
        if s.state is not State.FACE_CHECK or not self.face.running:
            return
        if ev.kind == "frame" and ev.frame is not None:
            self.face_screen.show_frame(*ev.frame)
        elif ev.kind == "quality":
            self.face_screen.show_quality(ev.detail)
        elif ev.kind == "challenge":
            self.face_screen.show_challenge(ev.detail)
        elif ev.kind == "camera_lost":
            self.face.stop()
            s.report_fault(ev.detail or "CAMERA_LOST", "camera", remedy="assisted")
        elif ev.kind == "verdict" and ev.verdict is not None:
            self.face.stop()
            s.face_result(ev.verdict)
            if s.state is State.FACE_CHECK:
                # Another attempt: the count shows on screen, the camera starts again.
                self.c.changed()
                self.face.start(s.data.card_photo)

    def _to_staff(self, reason: str) -> None:
        self.session.data.assisted_reason = reason
        self.session.transition(State.ASSISTED_VERIFY, reason)
