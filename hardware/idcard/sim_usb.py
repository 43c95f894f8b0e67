"""A simulated USB bulk pipe: the card simulator's frames carried by bulk transfers instead of a pty.

The real :class:`~hardware.idcard.usb_port.UsbBulkPort` (and through it the real driver) talks to it as
it talks to a pyusb device: ``write`` hands a command to the OUT endpoint, ``read`` takes the reply from
the IN endpoint, a transfer at a time, and times out with pyusb's own ``USBTimeoutError``. The replies
are the :class:`~hardware.idcard.simulator.CardSimulator`'s, faults included; a reader unplugged at the
simulator fails its transfers with ``ENODEV`` as libusb does.
"""

from __future__ import annotations

import errno
import threading
from collections import deque

import usb.core

from hardware.idcard.errors import PortOpenError
from hardware.idcard.protocol import FrameDecoder
from hardware.idcard.simulator import CardSimulator
from hardware.idcard.usb_port import UsbBulkPort

EP_OUT = 0x02
EP_IN = 0x82


class SimulatedBulkPipe:
    """One claimed interface of the simulated reader. Safe for one host thread plus control calls."""

    def __init__(self, simulator: CardSimulator, *, max_packet: int = 64):
        self.simulator = simulator
        self.max_packet = max_packet
        self._decoder = FrameDecoder()
        self._transfers: deque[bytes] = deque()
        self._ready = threading.Condition()
        self.transfers_in = 0  # IN transfers that carried data (tests)

    def write(self, endpoint: int, data: bytes, timeout: int | None = None) -> int:
        self._check(endpoint, EP_OUT)
        self._decoder.feed(bytes(data))
        for body in self._decoder.bodies():
            reply, command = self.simulator.answer(body)
            if reply is None:
                continue
            with self._ready:
                self._transfers.extend(self.simulator.wire_pieces(reply, command))
                self._ready.notify_all()
        return len(data)

    def read(self, endpoint: int, size: int, timeout: int | None = None) -> bytes:
        """One IN transfer: the next reply piece (a transfer ends with its short packet), at most
        ``size`` bytes of it; pyusb's timeout error when nothing comes within ``timeout`` ms."""
        self._check(endpoint, EP_IN)
        with self._ready:
            if not self._ready.wait_for(lambda: self._transfers or not self.simulator.plugged,
                                        (timeout or 1000) / 1000):
                raise usb.core.USBTimeoutError("Operation timed out", -7, errno.ETIMEDOUT)
            self._check(endpoint, EP_IN)
            piece = self._transfers.popleft()
            if len(piece) > size:
                self._transfers.appendleft(piece[size:])
                piece = piece[:size]
            self.transfers_in += 1
            return piece

    def _check(self, endpoint: int, expected: int) -> None:
        if not self.simulator.plugged:
            raise usb.core.USBError("No such device (it may have been disconnected)", -4, errno.ENODEV)
        if endpoint != expected:
            raise usb.core.USBError("Invalid parameter", -2, errno.EINVAL)


def open_simulated_usb(simulator: CardSimulator) -> UsbBulkPort:
    """The simulated reader's bulk port, as :func:`~hardware.idcard.usb_port.open_usb_port` gives a real one."""
    if not simulator.plugged:
        raise PortOpenError("cannot open the ID-card reader at usb (simulated): no such USB device",
                            detail={"port": "sim://idcard?transport=usb"})
    return UsbBulkPort(SimulatedBulkPipe(simulator), ep_out=EP_OUT, ep_in=EP_IN, name="sim://idcard?transport=usb")
