"""Puts the service guide in view on the visit's receipt (its lines join the receipt's "next step" part)."""

from __future__ import annotations

from kiosk.guides.book import next_step_lines
from ui.controller import Controller
from ui.screens.service_guides import RECEIPT_COLUMNS, ServiceGuideScreen, has_receipt


class GuideReceiptFlow:
    """Puts the guide in view on the visit's receipt (the "next step" lines)."""

    def __init__(self, controller: Controller, screen: ServiceGuideScreen):
        self.c = controller
        self.screen = screen
        controller.register("guide_to_receipt", self.put_on_receipt)

    def put_on_receipt(self, _payload: object) -> None:
        session = self.c.session
        guide = self.screen.chosen(session)
        if guide is None or not has_receipt(session):
            return
        keys = self.c.view.guides_on_receipt
        if guide.key not in keys:
            keys.append(guide.key)
            session.data.next_steps.extend(next_step_lines(guide, width=RECEIPT_COLUMNS,
                                                           language=self.screen.language()))
        self.c.changed()
