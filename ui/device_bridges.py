"""Device events (delivered on device threads) turned into Qt signals on the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from hardware.idcard.events import CardReader, ReaderEvent


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
