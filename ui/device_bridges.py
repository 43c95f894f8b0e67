"""Device events (delivered on device threads) turned into Qt signals on the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from hardware.idcard.events import CardReader, ReaderEvent
from ui.services import FaceCheckPort


class CardReaderBridge(QObject):
    """Emitting a signal from the reader's thread queues it to receivers living in the UI thread."""

    event = Signal(object)

    def __init__(self, reader: CardReader, parent: QObject | None = None):
        super().__init__(parent)
        self.reader = reader

    def start(self) -> None:
        self.reader.start(self._deliver)

    def stop(self) -> None:
        self.reader.stop()

    def _deliver(self, ev: ReaderEvent) -> None:
        self.event.emit(ev)


class FaceCheckBridge(QObject):
    """Face-check events (frames, hints, challenge, verdict, camera lost) re-posted to the UI thread."""

    event = Signal(object)

    def __init__(self, service: FaceCheckPort, parent: QObject | None = None):
        super().__init__(parent)
        self.service = service
        self.running = False

    def start(self, card_photo: bytes | None) -> None:
        self.running = True
        self.service.start(card_photo, self.event.emit)

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.service.stop()
