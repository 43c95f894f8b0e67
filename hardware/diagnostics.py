"""Per-device self-tests through the device interfaces, each returning a :class:`CheckResult`.

Two ways in: ``test_<device>(driver)`` tests a driver that is already open (the running kiosk's, so a
serial port is not opened twice), and ``check_<device>(url, ...)`` opens the device from its URL, tests
it and closes it (``kiosk diag``). Drivers are asked through the capability methods they offer; a
method a driver lacks is reported as "not reported by this driver", never guessed as fine.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any

from hardware import registry
from kiosk.diag.model import Check, CheckResult, failed, passed
from kiosk.errors import KioskError
from kiosk.privacy import redact

#: Receipt and document printer states that still print, but need staff soon.
_WARNING_STATES = frozenset({"paper_near_end", "toner_low", "media_low"})


def _close(driver: Any) -> None:
    for name in ("close", "stop"):
        fn = getattr(driver, name, None)
        if callable(fn):
            with suppress(Exception):
                fn()
            return


def _error_result(device: str, e: KioskError) -> CheckResult:
    code = e.code.upper()
    state = "error"
    for word, s in (("UNREACHABLE", "unreachable"), ("PAPER_OUT", "paper_out"), ("COVER_OPEN", "cover_open"),
                    ("OFFLINE", "offline"), ("STATUS_UNKNOWN", "unknown"), ("JAM", "jammed"), ("PAUSED", "paused"),
                    ("LOST", "lost"), ("PORT_OPEN", "lost"), ("TIMEOUT", "timeout"), ("CONFIG", "misconfigured"), ("SAM", "sam_error")):
        if word in code:
            state = s
            break
    return failed(device, state, f"{e.message} [{e.code}]", code=e.code)


def _typed_errors_as_results(device: str) -> Callable[[Callable[..., CheckResult]], Callable[..., CheckResult]]:
    """A device's typed error is a diagnosis (paper out, SAM not authorised), not an exception."""
    def wrap(test: Callable[..., CheckResult]) -> Callable[..., CheckResult]:
        @functools.wraps(test)
        def guarded(*args: Any, **kwargs: Any) -> CheckResult:
            try:
                return test(*args, **kwargs)
            except KioskError as e:
                return _error_result(device, e)
        return guarded
    return wrap


def _opened(device: str, opener: Callable[[], registry.OpenedDevice],
            test: Callable[[Any, Any], CheckResult]) -> CheckResult:
    try:
        opened = opener()
    except KioskError as e:
        return _error_result(device, e)
    try:
        return test(opened.driver, opened.simulator)
    except KioskError as e:
        return _error_result(device, e)
    finally:
        _close(opened.driver)


# --- ID-card reader -----------------------------------------------------------------------------------
@_typed_errors_as_results("idcard")
def test_idcard(reader: Any, simulator: Any = None) -> CheckResult:
    sam_id = getattr(reader, "sam_id", None)
    sam_status = getattr(reader, "sam_status", None)
    if callable(sam_id) or callable(sam_status):
        facts: dict[str, Any] = {}
        if callable(sam_status):
            facts["sam_status"] = str(sam_status())
        if callable(sam_id):
            facts["sam_id"] = str(sam_id())
        return passed("idcard", "ready", "SAM answered: " + ", ".join(f"{k} {v}" for k, v in facts.items()),
                      **facts)
    cards = getattr(simulator, "available_cards", None)
    if callable(cards):
        return passed("idcard", "ready", f"simulated reader, {len(cards())} demo cards", simulated=True)
    return failed("idcard", "unknown", "this reader driver reports no SAM status")


def check_idcard(url: str, *, cards_dir: str | Path) -> CheckResult:
    return _opened("idcard", lambda: registry.open_idcard(url, cards_dir=cards_dir), test_idcard)


@_typed_errors_as_results("idcard")
def read_card_once(reader: Any, timeout_s: float = 10.0) -> CheckResult:
    """Read the card on the reader once and show its fields masked (technician screen)."""
    read = getattr(reader, "read_once", None)
    if not callable(read):
        return failed("idcard", "unsupported", "this reader driver cannot read on demand")
    card = read(timeout_s=timeout_s)
    if card is None:
        return failed("idcard", "no_card", f"no card within {timeout_s:g} s")
    fields = card.to_dict() if hasattr(card, "to_dict") else dict(vars(card))
    # Enough to see the reader decodes every field, nothing that identifies the holder: the birth date is
    # the part of the ID number the mask hides.
    hidden = ("photo", "photo_wlt", "photo_wlt_sha256", "address", "birth")
    shown = {k: v for k, v in redact(fields).items() if k not in hidden}
    return passed("idcard", "card_read", "card read", card=shown)


# --- camera -------------------------------------------------------------------------------------------
@_typed_errors_as_results("camera")
def test_camera(camera: Any, simulator: Any = None, *, frames: int = 5, timeout_s: float = 5.0) -> CheckResult:
    grab = getattr(camera, "read_frame", None) or getattr(camera, "grab", None)
    if not callable(grab):
        return failed("camera", "unknown", "this camera driver offers no frame grab")
    started = time.monotonic()
    got = 0
    shape: tuple[int, ...] = ()
    while got < frames and time.monotonic() - started < timeout_s:
        frame = grab(timeout_s=max(0.1, timeout_s - (time.monotonic() - started)))
        if frame is None:
            break
        shape = tuple(getattr(frame, "shape", ()))
        got += 1
    elapsed = time.monotonic() - started
    if got == 0:
        return failed("camera", "lost", f"no frame within {timeout_s:g} s")
    fps = round(got / elapsed, 1) if elapsed > 0 else 0.0
    size = f"{shape[1]}x{shape[0]}" if len(shape) >= 2 else "?"
    return passed("camera", "ready", f"{got} frames {size} at {fps} fps", fps=fps, size=size)


def check_camera(url: str) -> CheckResult:
    return _opened("camera", lambda: registry.open_camera(url), test_camera)


# --- receipt printer ----------------------------------------------------------------------------------
def _status_result(device: str, status: Any) -> CheckResult:
    """A printer's status object/mapping → result. Silence is unknown, never fine."""
    data = status.to_dict() if hasattr(status, "to_dict") else status if isinstance(status, Mapping) else \
        {"state": str(status)}
    state = str(data.get("state") or "unknown").lower()
    reasons = data.get("reasons") or []
    detail = state.replace("_", " ") + (f" ({', '.join(map(str, reasons))})" if reasons else "")
    facts = {k: v for k, v in data.items() if k != "state"}
    if state in ("ready", "idle", "printing", "processing") or state in _WARNING_STATES:
        return passed(device, state, detail, **facts)
    return failed(device, state, detail, **facts)


@_typed_errors_as_results("receipt")
def test_receipt(printer: Any, simulator: Any = None, *, print_test: bool = False) -> CheckResult:
    status_fn = getattr(printer, "status", None)
    if not callable(status_fn):
        return failed("receipt", "unknown", "this receipt driver reports no status")
    result = _status_result("receipt", status_fn())
    if print_test and result.ok:
        printer.print_test_receipt()
        return passed("receipt", result.state, result.detail + "; test receipt printed", **result.facts)
    return result


def check_receipt(url: str, *, print_test: bool = False) -> CheckResult:
    return _opened("receipt", lambda: registry.open_receipt(url),
                   lambda d, s: test_receipt(d, s, print_test=print_test))


# --- document printer ---------------------------------------------------------------------------------
@_typed_errors_as_results("docprinter")
def test_docprinter(printer: Any, simulator: Any = None, *, print_test: bool = False) -> CheckResult:
    status_fn = getattr(printer, "status", None) or getattr(printer, "queue_state", None)
    if not callable(status_fn):
        return failed("docprinter", "unknown", "this document printer driver reports no queue state")
    result = _status_result("docprinter", status_fn())
    if print_test and result.ok:
        job = printer.print_test_page()
        return passed("docprinter", result.state, result.detail + f"; test page sent ({job})", **result.facts)
    return result


def check_docprinter(url: str, *, print_test: bool = False) -> CheckResult:
    return _opened("docprinter", lambda: registry.open_docprinter(url),
                   lambda d, s: test_docprinter(d, s, print_test=print_test))


def device_checks(urls: Mapping[str, str], *, cards_dir: str | Path) -> dict[str, Check]:
    """The four device checks for ``kiosk diag``, bound to the configured URLs."""
    return {
        "idcard": lambda: check_idcard(urls["idcard"], cards_dir=cards_dir),
        "camera": lambda: check_camera(urls["camera"]),
        "receipt": lambda: check_receipt(urls["receipt"]),
        "docprinter": lambda: check_docprinter(urls["docprinter"]),
    }
