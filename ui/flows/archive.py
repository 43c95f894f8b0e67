"""Browsing: record types, one record and its pages, the catalogue search, requests, the guides."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kiosk.privacy import mask_name
from kiosk.session_records import VisitRequest
from kiosk.session_states import State
from ui.controller import Controller
from ui.images import decode_all
from ui.view_model import VisitView


class ArchiveFlow:
    def __init__(self, controller: Controller):
        self.c = controller
        self.session = controller.session
        for name, handler in {
            "open_type": self.open_type,
            "open_record": self.open_record,
            "back_to_records": self.back_to_records,
            "open_search": lambda _p: self.session.transition(State.SEARCH, "search"),
            "search": self.search,
            "open_hit": self.open_hit,
            "open_request": self.open_request,
            "request_type": self.request_type,
            "request_year": self.request_year,
            "submit_request": self.submit_request,
            "open_guide": lambda _p: self.session.transition(State.GUIDE, "guide"),
            "guide_topic": self.guide_topic,
            "guide_back": lambda _p: self.c.back_home_or_attract(),
        }.items():
            controller.register(name, handler)

    @property
    def view(self) -> VisitView:
        return self.c.view

    def open_type(self, record_type: object) -> None:
        self.view.record_type = str(record_type)
        self.session.transition(State.RECORDS, "record type chosen")

    def open_record(self, record_id: object) -> None:
        record = next((r for r in self.session.data.records if r.record_id == record_id), None)
        if record is not None:
            self._show(record)
            return

        def found(r: Any) -> None:
            if r is not None:
                self._show(r)

        self.c.run(lambda: self.c.services.archive.record(str(record_id)), found)

    def _show(self, record: Any) -> None:
        self.view.pages = self.view.page_images = None
        self.view.record_type = record.record_type
        self.session.open_record(record)

        def pages(loaded: tuple[list[bytes], list[Any]]) -> None:
            if self.session.data.current_record is record:
                self.view.pages, self.view.page_images = loaded
                self.c.changed()

        archive = self.c.services.archive

        def load() -> tuple[list[bytes], list[Any]]:
            pngs = archive.page_images(record)
            return pngs, decode_all(pngs)  # decoded here, not on the UI thread

        self.c.run(load, pages, self.c.fault("archive"))

    def back_to_records(self, _payload: object) -> None:
        target = State.RECORDS if self.view.record_type else State.HOME
        self.session.transition(target, "back")

    def search(self, text: object) -> None:
        query = str(text or "").strip()
        card = self.session.data.card
        if not query or card is None:
            return
        self.view.search_hits = None
        self.view.search_query = query
        id_number = card.id_number

        def answered(hits: list) -> None:
            self.view.search_hits = hits
            self.c.changed()

        self.c.run(lambda: self.c.services.archive.search(query, id_number), answered, self.c.fault("archive"))

    def open_hit(self, index: object) -> None:
        hits = self.view.search_hits or []
        if not isinstance(index, int) or not 0 <= index < len(hits):
            return
        hit = hits[index]
        if hit.openable:
            self.open_record(hit.record_id)
        else:
            self.view.request_draft = {"record_type": hit.record_type, "year": hit.year,
                                           "archive_code": hit.archive_code}
            self.session.transition(State.REQUEST, "catalogue hit held elsewhere")

    def open_request(self, _payload: object) -> None:
        draft = self.view.request_draft or {}
        if draft.get("request_id"):
            draft = {}
        draft.setdefault("year", dt.date.today().year - 10)
        self.view.request_draft = draft
        self.session.transition(State.REQUEST, "request")

    def request_type(self, record_type: object) -> None:
        self.view.request_draft["record_type"] = str(record_type)
        self.c.changed()

    def request_year(self, delta: object) -> None:
        draft = self.view.request_draft
        year = int(draft.get("year", dt.date.today().year)) + int(delta)  # type: ignore[call-overload]
        draft["year"] = max(1949, min(dt.date.today().year, year))
        self.c.changed()

    def submit_request(self, _payload: object) -> None:
        draft = self.view.request_draft or {}
        card = self.session.data.card
        if not draft.get("record_type") or card is None:
            return
        request = {"record_type": draft["record_type"], "year": draft.get("year"),
                   "archive_code": draft.get("archive_code", ""), "subject_id": card.id_number,
                   "subject_name": mask_name(card.name)}

        def sent(answer: dict) -> None:
            draft["request_id"] = answer["request_id"]
            self.session.data.requests.append(VisitRequest(
                request_id=answer["request_id"], record_type=draft["record_type"], year=draft.get("year"),
                pickup=answer.get("pickup", ""), days=answer.get("days")))
            self.c.changed()

        self.c.run(lambda: self.c.services.requests.submit(request), sent,
                   self.c.fault("network", retry=lambda: self.submit_request(None)))

    def guide_topic(self, topic: object) -> None:
        self.view.guide_topic = str(topic)
        self.c.changed()
