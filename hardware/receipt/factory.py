"""Opens the receipt device named by a URL. Called only from :mod:`hardware.registry`.

``sim://receipt``, ``escpos+tcp://host:9100``, ``escpos+serial:///dev/ttyS0?baud=19200``,
``escpos+usb://04b8:0202``; every one takes profile keys (``?profile=cn58&text=raster``, see profiles.py).
``sim://receipt?paper=out|near_end&cover=open&silent=1`` starts the simulator with a fault set.
"""

from __future__ import annotations

from typing import Any

from hardware.receipt.driver import EscposReceiptPrinter
from hardware.receipt.profiles import profile_from_url
from hardware.receipt.simulator import ReceiptSimulator
from hardware.receipt.transports import SerialTransport, SimTransport, TcpTransport, Transport, UsbTransport
from hardware.urls import DeviceUrl
from kiosk.errors import ConfigError


def open_receipt(url: DeviceUrl, **options: Any) -> tuple[EscposReceiptPrinter, ReceiptSimulator | None]:
    profile = profile_from_url(url)
    simulator = None
    transport: Transport
    if url.scheme == "sim":
        simulator = options.get("simulator") or ReceiptSimulator(dots=profile.dots)
        _apply_faults(simulator, url)
        transport = SimTransport(simulator)
    elif url.scheme == "escpos+tcp":
        host, _, port = url.host.rpartition(":")
        transport = TcpTransport(host or url.host, int(port) if port.isdigit() else 9100)
    elif url.scheme == "escpos+serial":
        transport = SerialTransport(url.path, url.int_param("baud", 19200))
    elif url.scheme == "escpos+usb":
        transport = UsbTransport(*_usb_ids(url))
    else:
        raise ConfigError(f"receipt URL {url.raw!r}: scheme {url.scheme!r} is not supported "
                          "(sim, escpos+tcp, escpos+serial, escpos+usb)")
    return EscposReceiptPrinter(transport, profile, url.raw, options.get("font_path")), simulator


def _usb_ids(url: DeviceUrl) -> tuple[int, int]:
    vid, _, pid = url.host.partition(":")
    try:
        return int(vid, 16), int(pid, 16)
    except ValueError:
        raise ConfigError(f"receipt URL {url.raw!r}: expected escpos+usb://VID:PID in hex, e.g. 0416:5011") from None


def _apply_faults(simulator: ReceiptSimulator, url: DeviceUrl) -> None:
    paper = url.query.get("paper", "ok")
    if paper == "out":
        simulator.set_paper_out()
    elif paper == "near_end":
        simulator.set_paper_near_end()
    if url.query.get("cover") == "open":
        simulator.set_cover_open()
    if url.query.get("silent") in ("1", "true", "yes"):
        simulator.set_silent()
