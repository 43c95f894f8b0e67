"""Turns device events and screen actions into session calls. Holds no state of its own."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject

from hardware.idcard.events import ReaderEvent
from kiosk.archive.cache import ArchiveCache
from kiosk.errors import KioskError
from kiosk.logs import MaskingFilter
from kiosk.session import Session
from kiosk.session_states import State
from ui.screens.base import Screen
from ui.workers import Worker

log = logging.getLogger("ui.controller")


class Controller(QObject):
    def __init__(self, session: Session, cache: ArchiveCache, worker: Worker, mask: MaskingFilter | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.cache = cache
        self.worker = worker
        self.mask = mask
        session.on_wipe(self._forget)

    def attach(self, screen: Screen) -> None:
        screen.action.connect(self.on_action)

    # --- devices ----------------------------------------------------------------------------------
    def on_card_event(self, ev: ReaderEvent) -> None:
        s = self.session
        if ev.kind == "placed":
            s.card_presented()
        elif ev.kind == "read" and ev.card is not None and s.state is State.READING_CARD:
            if self.mask is not None:
                self.mask.protect([ev.card.name, ev.card.english_name])
            s.card_read(ev.card, ev.photo_image)
            self._load_records(ev.card.id_number)
        elif ev.kind in ("failed", "lifted") and s.state is State.READING_CARD:
            s.card_failed(ev.error.code if ev.error else "IDCARD_LIFTED")

    def _load_records(self, id_number: str) -> None:
        def loaded(records: Any) -> None:
            # The session may have ended while the query ran: never attach data to a later session.
            card = self.session.data.card
            if card is not None and card.id_number == id_number:
                self.session.data.records = list(records)

        self.worker.run(lambda: self.cache.own_records(id_number), loaded, self._on_error)

    def _on_error(self, err: KioskError) -> None:
        log.error("background task failed: %s", err)

    # --- screens ----------------------------------------------------------------------------------
    def on_action(self, action: str, payload: object) -> None:
        s = self.session
        s.touch()
        if action == "agree":
            s.consent(True)
        elif action == "decline":
            s.consent(False)
        elif action == "face_to_staff":
            s.data.assisted_reason = "resident asked for staff"
            s.transition(State.ASSISTED_VERIFY, "resident asked for staff")
        elif action == "agent_confirm":
            s.assisted_confirmed("staff", "confirmed against the card at the counter")
        elif action == "more_time":
            s.more_time()
        elif action == "logout":
            s.transition(State.WIPE, "resident finished")
        else:
            log.warning("unknown screen action %s", action)

    def _forget(self) -> None:
        if self.mask is not None:
            self.mask.forget()
