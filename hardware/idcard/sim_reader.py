"""``sim://idcard``: the pty simulator with the real pyserial driver on its tty, as one device.

It is both the kiosk's :class:`CardReader` and the demo panel's :class:`CardSimulatorControl`: placing a
card here puts it on the simulated reader, and the kiosk learns of it only through the driver polling
the tty, as with a real reader.
"""

from __future__ import annotations

from hardware.idcard.events import EventHandler
from hardware.idcard.reader import SerialCardReader
from hardware.idcard.simulator import CardSimulator
from kiosk.identity.card import IdCard


class SimulatedCardReader:
    def __init__(self, simulator: CardSimulator, reader: SerialCardReader):
        self.simulator = simulator
        self.reader = reader

    @property
    def port(self) -> str:
        return self.simulator.port

    # CardReader
    def start(self, on_event: EventHandler) -> None:
        self.reader.start(on_event)

    def stop(self) -> None:
        self.reader.stop()
        self.simulator.stop()

    def confirm_presence(self) -> None:
        self.reader.confirm_presence()

    # technician calls, through the real driver
    def sam_status(self) -> str:
        return self.reader.sam_status()

    def sam_id(self) -> str:
        return self.reader.sam_id()

    def read_once(self, timeout_s: float = 10.0) -> IdCard | None:
        return self.reader.read_once(timeout_s)

    # CardSimulatorControl
    def available_cards(self) -> list[str]:
        return self.simulator.available_cards()

    def place(self, card_name: str) -> None:
        self.simulator.place(card_name)

    def lift(self) -> None:
        self.simulator.lift()
        # Lifting is also how a demo operator says "there is no card": the driver then confirms the
        # empty reader at its next poll even if it never saw a card placed.
        self.reader.confirm_presence()

    def inject_fault(self, name: str, times: int | None = 1, *, on: str | None = None) -> None:
        self.simulator.inject_fault(name, times, on=on)

    def clear_faults(self) -> None:
        self.simulator.clear_faults()

    def unplug(self) -> None:
        self.simulator.unplug()

    def replug(self) -> None:
        self.simulator.replug()
