"""Byte pipes to a receipt printer: TCP (port 9100), serial, USB, and the in-process simulator.

Our own thin TCP and serial pipes rather than python-escpos's printer classes: those open the connection
on first attribute access, block in ``_read`` without a timeout of our choosing and log to the root
logger; a status query must come back (or be declared silent) within a fraction of a second. USB goes
through python-escpos's ``Usb`` class, which knows the endpoint discovery (it needs ``pyusb``).
"""

from __future__ import annotations

import socket
from typing import Protocol

from hardware.receipt.simulator import ReceiptSimulator
from kiosk.errors import PrinterNotReady
from kiosk.printing.status import PrinterCondition

CONNECT_TIMEOUT_S = 2.0


def unreachable(what: str, why: object) -> PrinterNotReady:
    return PrinterNotReady(f"cannot reach the receipt printer at {what}: {why}",
                           code=PrinterCondition.UNREACHABLE.value, detail={"device": what})


class Transport(Protocol):
    #: True when answers arrive during write() (the in-process simulator): waiting longer brings nothing.
    answers_immediately: bool

    def open(self) -> None:
        """Raises PrinterNotReady(PRINTER_UNREACHABLE) when the printer cannot be reached."""
        ...

    def write(self, data: bytes) -> None: ...

    def read(self, timeout_s: float) -> bytes:
        """What has arrived, waiting at most ``timeout_s``; b"" for silence."""
        ...

    def close(self) -> None: ...


class TcpTransport:
    answers_immediately = False

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self._sock: socket.socket | None = None

    def open(self) -> None:
        if self._sock is not None:
            return
        try:
            self._sock = socket.create_connection((self.host, self.port), timeout=CONNECT_TIMEOUT_S)
        except OSError as e:
            raise unreachable(f"{self.host}:{self.port}", e.strerror or e) from None

    def write(self, data: bytes) -> None:
        self.open()
        assert self._sock is not None
        try:
            self._sock.sendall(data)
        except OSError as e:
            self.close()
            raise unreachable(f"{self.host}:{self.port}", e.strerror or e) from None

    def read(self, timeout_s: float) -> bytes:
        self.open()
        assert self._sock is not None
        self._sock.settimeout(timeout_s)
        try:
            data = self._sock.recv(256)
        except (TimeoutError, BlockingIOError):  # timeout 0 makes the socket non-blocking
            return b""
        except OSError:
            self.close()
            return b""
        if not data:  # the peer closed: unplugged or restarted
            self.close()
        return data

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


class SerialTransport:
    answers_immediately = False

    def __init__(self, port: str, baudrate: int):
        self.port, self.baudrate = port, baudrate
        self._serial = None

    def open(self) -> None:
        if self._serial is not None:
            return
        import serial  # pyserial: only needed when a serial printer is configured

        try:
            self._serial = serial.serial_for_url(self.port, baudrate=self.baudrate, timeout=0.5, write_timeout=5)
        except (serial.SerialException, OSError, ValueError) as e:
            raise unreachable(self.port, e) from None

    def write(self, data: bytes) -> None:
        self.open()
        try:
            self._serial.write(data)  # type: ignore[union-attr]
            self._serial.flush()  # type: ignore[union-attr]
        except Exception as e:  # pyserial raises SerialException, SerialTimeoutException or OSError
            self.close()
            raise unreachable(self.port, e) from None

    def read(self, timeout_s: float) -> bytes:
        self.open()
        self._serial.timeout = timeout_s  # type: ignore[union-attr]
        try:
            return bytes(self._serial.read(1) or b"")  # type: ignore[union-attr]
        except Exception:
            self.close()
            return b""

    def close(self) -> None:
        if self._serial is not None:
            self._serial.close()
            self._serial = None


class UsbTransport:
    answers_immediately = False

    def __init__(self, vendor_id: int, product_id: int):
        self.vendor_id, self.product_id = vendor_id, product_id
        self._printer = None

    @property
    def _where(self) -> str:
        return f"usb {self.vendor_id:04x}:{self.product_id:04x}"

    def open(self) -> None:
        if self._printer is not None:
            return
        from hardware.receipt.escpos_lib import Usb

        if not Usb.is_usable():
            raise unreachable(self._where, "USB printers need the Python package pyusb and libusb")
        printer = Usb(self.vendor_id, self.product_id, timeout=500)
        try:
            printer.open(raise_not_found=True)
        except Exception as e:  # escpos raises USBNotFoundError, pyusb raises USBError
            raise unreachable(self._where, e) from None
        self._printer = printer

    def write(self, data: bytes) -> None:
        self.open()
        try:
            self._printer._raw(data)  # type: ignore[union-attr]
        except Exception as e:
            self.close()
            raise unreachable(self._where, e) from None

    def read(self, timeout_s: float) -> bytes:
        self.open()
        printer = self._printer
        try:
            return bytes(printer.device.read(printer.in_ep, 16, int(timeout_s * 1000)))  # type: ignore
        except Exception:  # pyusb's timeout is a USBTimeoutError; any other error reads as silence too
            return b""

    def close(self) -> None:
        if self._printer is not None:
            self._printer.close()
            self._printer = None


class SimTransport:
    """The simulator in this process: answers are ready as soon as the request is written."""

    answers_immediately = True

    def __init__(self, simulator: ReceiptSimulator):
        self.simulator = simulator
        self._inbox = bytearray()

    def open(self) -> None:
        pass

    def write(self, data: bytes) -> None:
        self._inbox += self.simulator.receive(data)

    def read(self, timeout_s: float) -> bytes:
        data, self._inbox = bytes(self._inbox), bytearray()
        return data

    def close(self) -> None:
        pass
