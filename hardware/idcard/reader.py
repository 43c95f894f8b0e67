"""The ID-card reader driver: a pyserial port polled on its own thread (find → select → read).

It reports :class:`ReaderEvent` s: ``placed``, ``read`` (or ``failed`` with a typed error), ``lifted``,
``lost`` (unplugged, silent, or its SAM refuses) and ``restored``. Callers are never blocked: ``start``
returns at once, ``stop`` returns within one command's time. A reader that goes away is reopened by
name every ``reconnect_s`` until it answers again.

Technician calls (:meth:`sam_status`, :meth:`sam_id`, :meth:`read_once`) run on the reader's thread
between two polls when it is running, so the port always has one owner.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from hardware.idcard.errors import (CardLifted, CardNotFound, CardValidationError, FrameError, ReaderTimeout,
                                    ReaderUnavailable, SamStatusError)
from hardware.idcard.events import EventHandler, ReaderEvent
from hardware.idcard.link import DEFAULT_BAUD, SamLink, open_port
from hardware.idcard.photo import NoPhotoDecoder, PhotoDecoder
from hardware.idcard.reading import read_found_card, wait_for_card
from kiosk.errors import KioskError
from kiosk.identity.card import IdCard

log = logging.getLogger("hardware.idcard.reader")
T = TypeVar("T")
_LINK_ERRORS = (ReaderTimeout, SamStatusError, FrameError)


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
                 photo_decoder: PhotoDecoder | None = None, today: Callable[[], dt.date] = dt.date.today,
                 opener: Callable[[], Any] | None = None):
        self.port_name = port
        #: Opens the port on each (re)connect; default: the port by name (:func:`open_port`).
        self._opener = opener
        self.settings = settings
        self.photo_decoder = photo_decoder or NoPhotoDecoder()
        self.today = today
        self._stop = threading.Event()
        self._confirm = threading.Event()
        self._thread: threading.Thread | None = None
        self._jobs: queue.Queue[Callable[[], None]] = queue.Queue()
        self._link: SamLink | None = None
        self._on_event: EventHandler = lambda ev: None
        self._card_present = False
        self._healthy = True

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
        self._drop_link()

    def confirm_presence(self) -> None:
        """Ask for a 'lifted' report at the next poll if no card is on the reader, even if none was placed
        (the session waits for a card that never came, or the owner lost track)."""
        self._confirm.set()

    # --- technician calls ---------------------------------------------------------------------------
    def sam_status(self) -> str:
        def status(link: SamLink) -> str:
            link.status()
            return "ok"

        return self._with_link(status)

    def sam_id(self) -> str:
        return self._with_link(lambda link: link.sam_id())

    def read_once(self, timeout_s: float = 10.0) -> IdCard | None:
        """The card on the reader, or put on it within ``timeout_s`` (None if none came). Typed errors otherwise."""
        def read(link: SamLink) -> IdCard | None:
            # A card the polling already found answers "find" no more until it is lifted (the protocol):
            # it is read where it lies. Jobs run between polls on this thread, so the flag is current.
            if not self._card_present:
                try:
                    wait_for_card(link, timeout_s=timeout_s, poll_s=self.settings.poll_s,
                                  pause=self._stop.wait)
                except CardNotFound:
                    return None
            return read_found_card(link, decoder=self.photo_decoder, today=self.today()).card

        return self._with_link(read, timeout_s=timeout_s + 5)

    def _with_link(self, action: Callable[[SamLink], T], *, timeout_s: float = 5.0) -> T:
        thread = self._thread
        if thread is None or not thread.is_alive():
            link = self._open_link()
            try:
                return action(link)
            finally:
                link.close()
        box: queue.Queue[tuple[bool, Any]] = queue.Queue()

        def job() -> None:
            try:
                if self._link is None:
                    self._link = self._open_link()
                box.put((True, action(self._link)))
            except KioskError as e:
                box.put((False, e))

        self._jobs.put(job)
        try:
            ok, value = box.get(timeout=timeout_s + self.settings.poll_s)
        except queue.Empty:
            raise ReaderTimeout("the reader thread did not get to the request in time") from None
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    # --- the reader's thread ------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                self._run_jobs()
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
                except _LINK_ERRORS as e:
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

    def _run_jobs(self) -> None:
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            job()

    def _open_link(self) -> SamLink:
        s = self.settings
        port = self._opener() if self._opener is not None else open_port(self.port_name, s.baud)
        return SamLink(port, baud=port.baudrate or DEFAULT_BAUD, retries=s.retries,
                       answer_margin_s=s.answer_margin_s, should_stop=self._stop.is_set)

    def _reconnect(self) -> bool:
        try:
            if self._link is None:
                self._link = self._open_link()
            self._link.status()
        except ReaderUnavailable as e:
            self._drop_link()
            self._report_lost(e)
            return False
        except _LINK_ERRORS as e:
            self._report_lost(e)
            return False
        if not self._healthy:
            log.info("ID-card reader answers again")
            self._healthy = True
            self._emit(ReaderEvent("restored"))
        return True

    def _report_lost(self, error: KioskError) -> None:
        if self._stop.is_set():
            # stop() cut the exchange short: the reader is fine, the kiosk is closing. A "lost" now would
            # reach a UI whose audit log is already closed.
            return
        was_healthy, self._healthy = self._healthy, False
        if self._card_present:
            self._card_present = False
            self._emit(ReaderEvent("lifted", error=error))
        if was_healthy:  # one report when it goes, not one per reconnect attempt
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
                self._emit(ReaderEvent("lifted"))
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
            reading = read_found_card(link, decoder=self.photo_decoder, today=self.today())
        except CardValidationError as e:
            log.warning("card refused: %s", e)
            self._emit(ReaderEvent("failed", card=e.card, error=e))
            return
        except (SamStatusError, CardLifted, ReaderTimeout, FrameError) as e:
            if isinstance(e, (SamStatusError, CardLifted)) and not self._still_there(link):
                self._card_present = False
                lifted = CardLifted(f"the card was lifted during the read ({e.code})")
                self._emit(ReaderEvent("lifted", error=lifted))
            else:
                self._emit(ReaderEvent("failed", error=e))
            return
        self._emit(ReaderEvent("read", card=reading.card, photo_raw=reading.photo_raw,
                               photo_image=reading.photo_image))

    def _still_there(self, link: SamLink) -> bool:
        try:
            return link.select()
        except _LINK_ERRORS:
            return False

    def _emit(self, event: ReaderEvent) -> None:
        try:
            self._on_event(event)
        except Exception:  # the owner's bug must not kill the reader thread; it is logged, not swallowed
            log.exception("ID-card event handler failed on %s", event.kind)
