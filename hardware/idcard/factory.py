"""Opens the ID-card reader named by a URL. Called only from :mod:`hardware.registry`.

- ``serial:///dev/ttyUSB0?baud=115200``, ``/dev/ttyUSB0``, ``hwgrep://VID:PID`` (and pyserial's other
  URLs): the real driver on that port;
- ``usb://VID:PID`` (e.g. ``usb://0400:C35A``): the same driver over raw USB bulk transfers (pyusb);
- ``sim://idcard?cards=DIR``: the pty simulator with the card files in DIR, and the real driver on its
  tty. ``baud=115200`` paces the simulated line at that speed (benchmarks); ``transport=usb`` carries
  the simulator's frames through a simulated bulk pipe to the USB transport instead.

Either takes ``poll_ms``, ``retries`` and ``reconnect_ms`` to tune the driver.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hardware.idcard.cards import card_files, load_fixtures, photo_images
from hardware.idcard.photo import make_photo_decoder
from hardware.idcard.reader import ReaderSettings, SerialCardReader
from hardware.idcard.sim_reader import SimulatedCardReader
from hardware.idcard.simulator import CardSimulator
from hardware.urls import DeviceUrl
from kiosk import paths
from kiosk.errors import ConfigError

_SERIAL_SCHEMES = ("serial", "hwgrep", "rfc2217", "socket", "loop", "spy", "alt", "usb")


def open_idcard(url: DeviceUrl, *, cards_dir: str | Path, photo_decoder: str | None = None,
                today: Callable[[], dt.date] = dt.date.today, **options: Any) -> tuple[Any, Any]:
    """(reader, simulator control or None)."""
    settings = ReaderSettings(
        poll_s=url.int_param("poll_ms", 300) / 1000,
        retries=url.int_param("retries", 2),
        reconnect_s=url.int_param("reconnect_ms", 1000) / 1000,
    )
    if url.scheme == "sim" and url.host == "idcard":
        folder = resolve_cards_dir(url.query.get("cards"), Path(cards_dir))
        fixtures = load_fixtures(list(card_files(folder).values()))
        decoder = make_photo_decoder(photo_decoder or "fixture", card_images=photo_images(fixtures))
        simulator = CardSimulator(fixtures, pace_baud=url.int_param("baud", 0) or None)
        simulator.start()
        transport = url.query.get("transport", "pty")
        if transport not in ("pty", "usb"):
            simulator.stop()
            raise ConfigError(f"sim://idcard: transport {transport!r} is not one of pty, usb")
        opener = None
        if transport == "usb":
            from hardware.idcard.sim_usb import open_simulated_usb

            opener = lambda: open_simulated_usb(simulator)  # noqa: E731
        reader = SerialCardReader(simulator.port, settings=settings, photo_decoder=decoder, today=today,
                                  opener=opener)
        device = SimulatedCardReader(simulator, reader)
        return device, device
    if url.scheme in _SERIAL_SCHEMES:
        images = photo_images(load_fixtures(list(card_files(cards_dir).values()))) if photo_decoder == "fixture" else []
        decoder = make_photo_decoder(photo_decoder or "none", card_images=images)
        return SerialCardReader(url.raw, settings=settings, photo_decoder=decoder, today=today), None
    raise ConfigError(f"ID-card reader URL {url.raw!r}: scheme {url.scheme!r} is not supported")


def resolve_cards_dir(given: str | None, default: Path) -> Path:
    """The card folder: as given (relative to the working folder, else to the project), or the default."""
    if not given:
        return default
    path = Path(given)
    if not path.is_absolute() and not path.is_dir():
        path = paths.ROOT / path
    if not path.is_dir():
        raise ConfigError(f"sim://idcard: card folder {given!r} does not exist", detail={"cards": given})
    return path
