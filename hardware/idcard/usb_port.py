"""GA 467 readers that speak the SAM frames over raw USB bulk transfers (``usb://0400:C35A``).

Many desktop readers carry no USB-serial bridge: the host writes the same frames to a bulk OUT endpoint
and reads the replies from a bulk IN endpoint. :class:`UsbBulkPort` gives such a pipe the small part of
pyserial's port interface the link uses (``write``, ``read``, ``in_waiting``, ``reset_input_buffer``,
``close``, ``baudrate``), so one driver serves both kinds of reader.

The pipe is anything with pyusb's ``Device.write(endpoint, data, timeout)`` / ``Device.read(endpoint,
size, timeout)``: a pyusb device for a real reader, a fake one in tests (:mod:`hardware.idcard.sim_usb`).
pyusb's errors are ``OSError`` subclasses, so an unplugged reader surfaces as the link's
``ReaderUnavailable`` like a vanished tty.
"""

from __future__ import annotations

import errno
from typing import Any, Protocol

import usb.core

from hardware.idcard.errors import PortOpenError

#: Bulk transfer timeouts in milliseconds. A read slice as short as the serial port's keeps a stop
#: request answered quickly; a write has a whole frame's worth of time.
_READ_SLICE_MS = 20
_WRITE_MS = 1000
#: One bulk read asks for this much: a whole read reply (1295 bytes) in one transfer when the reader
#: sends it so, fewer otherwise (the device ends a transfer with a short packet).
_READ_SIZE = 4096
#: Draining stale input stops after this many transfers, so a babbling device cannot hold the link.
_MAX_DRAIN = 64
#: Line speed reported to the link: bulk transfers are far faster than any serial line, so reply-time
#: estimates made for 115200 baud are generous.
USB_NOMINAL_BAUD = 115200


class BulkPipe(Protocol):
    def write(self, endpoint: int, data: bytes, timeout: int | None = None) -> int: ...
    def read(self, endpoint: int, size: int, timeout: int | None = None) -> Any: ...


class UsbBulkPort:
    """A serial-like port over one bulk OUT and one bulk IN endpoint."""

    def __init__(self, pipe: BulkPipe, *, ep_out: int, ep_in: int, name: str = "usb",
                 on_close: Any = None):
        self.pipe = pipe
        self.ep_out = ep_out
        self.ep_in = ep_in
        self.name = name
        self.baudrate = USB_NOMINAL_BAUD
        self._buffer = bytearray()
        self._on_close = on_close
        self.is_open = True

    @property
    def in_waiting(self) -> int:
        return len(self._buffer)

    def write(self, data: bytes) -> int:
        self._check_open()
        return int(self.pipe.write(self.ep_out, bytes(data), _WRITE_MS))

    def read(self, size: int = 1) -> bytes:
        """Up to ``size`` bytes: what is buffered, else what one bulk transfer brings within the slice."""
        self._check_open()
        if not self._buffer:
            self._buffer += self._transfer(_READ_SLICE_MS)
        out = bytes(self._buffer[:size])
        del self._buffer[:size]
        return out

    def reset_input_buffer(self) -> None:
        """Forget buffered bytes and whatever the device still holds from an abandoned reply."""
        self._check_open()
        self._buffer.clear()
        for _ in range(_MAX_DRAIN):
            if not self._transfer(1):
                return

    def close(self) -> None:
        if not self.is_open:
            return
        self.is_open = False
        self._buffer.clear()
        if self._on_close is not None:
            self._on_close()

    def _transfer(self, timeout_ms: int) -> bytes:
        try:
            return bytes(self.pipe.read(self.ep_in, _READ_SIZE, timeout_ms))
        except usb.core.USBTimeoutError:
            return b""

    def _check_open(self) -> None:
        if not self.is_open:
            raise OSError(errno.EBADF, f"USB reader {self.name} is closed")


def parse_usb_ids(target: str) -> tuple[int, int]:
    """``usb://0400:C35A`` → (0x0400, 0xC35A). Typed error for anything else."""
    ids = target.split("://", 1)[-1].split("?", 1)[0].strip("/")
    try:
        vid, pid = (int(part, 16) for part in ids.split(":"))
    except ValueError:
        raise PortOpenError(f"USB reader {target!r}: expected usb://VID:PID in hexadecimal, e.g. usb://0400:C35A",
                            detail={"port": target}) from None
    if not (0 <= vid <= 0xFFFF and 0 <= pid <= 0xFFFF):
        raise PortOpenError(f"USB reader {target!r}: vendor and product ids are 4 hex digits",
                            detail={"port": target})
    return vid, pid


def open_usb_port(target: str) -> UsbBulkPort:
    """The first reader with these ids, its first interface's bulk endpoints claimed. Needs pyusb and a
    libusb backend; a missing device, backend or permission is a typed error."""
    import usb.util

    vid, pid = parse_usb_ids(target)
    try:
        device = usb.core.find(idVendor=vid, idProduct=pid)
    except usb.core.NoBackendError:
        raise PortOpenError(f"cannot open the ID-card reader at {target}: no libusb backend is installed",
                            detail={"port": target}) from None
    if device is None:
        raise PortOpenError(f"cannot open the ID-card reader at {target}: no such USB device",
                            detail={"port": target})
    try:
        try:
            if device.is_kernel_driver_active(0):
                device.detach_kernel_driver(0)
        except (NotImplementedError, usb.core.USBError):
            pass  # platforms without kernel drivers, or none bound
        device.set_configuration()
        interface = device.get_active_configuration()[(0, 0)]
        ep_out = _bulk_endpoint(interface, usb.util.ENDPOINT_OUT)
        ep_in = _bulk_endpoint(interface, usb.util.ENDPOINT_IN)
        usb.util.claim_interface(device, interface.bInterfaceNumber)
    except (usb.core.USBError, LookupError) as e:
        usb.util.dispose_resources(device)
        raise PortOpenError(f"cannot open the ID-card reader at {target}: {e}", detail={"port": target}) from None
    return UsbBulkPort(device, ep_out=ep_out, ep_in=ep_in, name=target,
                       on_close=lambda: usb.util.dispose_resources(device))


def _bulk_endpoint(interface: Any, direction: int) -> int:
    import usb.util

    for ep in interface:
        if (usb.util.endpoint_type(ep.bmAttributes) == usb.util.ENDPOINT_TYPE_BULK
                and usb.util.endpoint_direction(ep.bEndpointAddress) == direction):
            return int(ep.bEndpointAddress)
    raise LookupError("the reader's interface has no bulk endpoint in that direction")
