"""The ID-card reader driver: a pyserial port polled on its own thread (find → select → read).

It reports :class:`ReaderEvent` s: ``placed``, ``read`` (or ``failed`` with a typed error), ``lifted``,
``lost`` (unplugged, silent, or its SAM refuses) and ``restored``. Callers are never blocked: ``start``
returns at once, ``stop`` returns within one command's time. A reader that goes away is reopened by
name every ``reconnect_s`` until it answers again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from hardware.idcard.errors import (CardLifted, CardValidationError, FrameError, PhotoDecoderError, ReaderTimeout,
                                    ReaderUnavailable, SamStatusError)
from hardware.idcard.events import EventHandler, ReaderEvent
from hardware.idcard.link import DEFAULT_BAUD, SamLink, open_port
from hardware.idcard.photo import NoPhotoDecoder, PhotoDecoder
from hardware.idcard.validation import decode_card
from kiosk.errors import KioskError

log = logging.getLogger("hardware.idcard.reader")


@dataclass(frozen=True)
class ReaderSettings:
    baud: int | None = None  # None: the port's own (URL ``baud=``) or 115200
    #: Polling faster than about every 300 ms makes some SAMs miss cards.
    poll_s: float = 0.3
    retries: int = 2
    reconnect_s: float = 1.0
    answer_margin_s: float = 0.3


class SerialCardReader:
    def __init__(self, port: str, *, settings: ReaderSettings = ReaderSettings(),
                 photo_decoder: PhotoDecoder | None = None, today: Callable[[], dt.date] = dt.date.today):
        self.port_name = port
        self.settings = settings
        self.photo_decoder = photo_decoder or NoPhotoDecoder()
        self.today = today
        self._stop = threading.Event()
        self._confirm = threading.Event()
        self._thread: threading.Thread | None = None
        self._link: SamLink | None = None
        self._on_event: EventHandler = lambda ev: None
        self._card_present = False
        self._healthy = True
        self._lost_reported: str | None = None

    # --- CardReader ---------------------------------------------------------------------------------
    def start(self, on_event: EventHandler) -> None:
        if self._thread is not None:
            raise RuntimeError("reader already started")
        self._on_event = on_event
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="idcard-reader", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def confirm_presence(self) -> None:
        """Ask for a 'lifted' report at the next poll if no card is on the reader, even if none was placed
        (the session waits for a card that never came, or the owner lost track)."""
        self._confirm.set()

    # --- the reader's thread ------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                if self._link is None or not self._healthy:
                    if not self._reconnect():
                        self._stop.wait(self.settings.reconnect_s)
                        continue
                try:
                    self._poll()
                except ReaderUnavailable as e:
                    self._drop_link()
                    self._report_lost(e)
                    continue
                except (ReaderTimeout, SamStatusError, FrameError) as e:
                    # A reader that stays silent or keeps refusing while idle is out of order.
                    self._report_lost(e)
                    continue
                except Exception:  # a driver bug must not leave the kiosk without a reader thread
                    log.exception("ID-card reader poll failed")
                    self._drop_link()
                    self._stop.wait(self.settings.reconnect_s)
                    continue
                self._stop.wait(self.settings.poll_s)
        finally:
            self._drop_link()

    def _reconnect(self) -> bool:
        try:
            if self._link is None:
                s = self.settings
                port = open_port(self.port_name, s.baud)
                self._link = SamLink(port, baud=port.baudrate or DEFAULT_BAUD, retries=s.retries,
                                     answer_margin_s=s.answer_margin_s, should_stop=self._stop.is_set)
            self._link.status()
        except ReaderUnavailable as e:
            self._drop_link()
            self._report_lost(e)
            return False
        except (ReaderTimeout, SamStatusError, FrameError) as e:
            self._report_lost(e)
            return False
        if not self._healthy:
            log.info("ID-card reader answers again")
            self._healthy = True
            self._lost_reported = None
            self._emit(ReaderEvent("restored"))
        return True

    def _report_lost(self, error: KioskError) -> None:
        self._healthy = False
        if self._card_present:
            self._card_present = False
            self._emit(ReaderEvent("lifted", error=error))
        if self._lost_reported != error.code:  # one report per cause, not one per retry
            self._lost_reported = error.code
            log.warning("ID-card reader out of order: %s", error)
            self._emit(ReaderEvent("lost", error=error))

    def _drop_link(self) -> None:
        if self._link is not None:
            self._link.close()
            self._link = None

    def _poll(self) -> None:
        link = self._link
        assert link is not None
        if self._card_present:
            if not link.select():
                self._card_present = False
                self._confirm.clear()
                self._emit(ReaderEvent("lifted"))
            else:
                self._confirm.clear()
            return
        if link.find():
            self._confirm.clear()
            self._card_present = True
            self._emit(ReaderEvent("placed"))
            self._read_card(link)
        elif self._confirm.is_set():
            self._confirm.clear()
            self._emit(ReaderEvent("lifted"))

    def _read_card(self, link: SamLink) -> None:
        try:
            if not link.select():
                raise CardLifted("the card left the reader before it could be read")
            blocks = link.read()
        except (SamStatusError, CardLifted, ReaderTimeout, FrameError) as e:
            if isinstance(e, (SamStatusError, CardLifted)) and not self._still_there(link):
                self._card_present = False
                self._emit(ReaderEvent("lifted", error=CardLifted(f"the card was lifted during the read ({e.code})")))
            else:
                self._emit(ReaderEvent("failed", error=e))
            return
        sha = hashlib.sha256(blocks.photo).hexdigest()
        try:
            card = replace(decode_card(blocks.text, today=self.today()), photo_wlt_sha256=sha)
        except CardValidationError as e:
            log.warning("card refused: %s", e)
            refused = replace(e.card, photo_wlt_sha256=sha) if e.card is not None else None
            self._emit(ReaderEvent("failed", card=refused, error=e))
            return
        self._emit(ReaderEvent("read", card=card, photo_raw=blocks.photo, photo_image=self._decode_photo(blocks.photo)))

    def _still_there(self, link: SamLink) -> bool:
        try:
            return link.select()
        except (SamStatusError, ReaderTimeout, FrameError):
            return False

    def _decode_photo(self, wlt: bytes) -> bytes | None:
        try:
            return self.photo_decoder.decode(wlt)
        except PhotoDecoderError as e:
            log.warning("card photo not decoded: %s", e)
            return None

    def _emit(self, event: ReaderEvent) -> None:
        try:
            self._on_event(event)
        except Exception:  # the owner's bug must not kill the reader thread; it is logged, not swallowed
            log.exception("ID-card event handler failed on %s", event.kind)
