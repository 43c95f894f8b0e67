"""What the screens need from the domain and the devices, as small blocking interfaces.

Every method here may take time (a database, a device, the network): the controller calls them only
through :class:`ui.workers.Worker`. ``ui/app.py`` hands in the implementations (the archive is
:class:`kiosk.archive.service.CacheArchive`; the others are adapters in ``ui/adapters/``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from kiosk.archive.models import Record
from kiosk.archive.service import CatalogueHit
from kiosk.identity.policy import FaceVerdict
from kiosk.printing.receipt_content import SessionSummary


class ArchivePort(Protocol):
    def own_records(self, id_number: str) -> list[Record]: ...

    def search(self, text: str, id_number: str) -> list[CatalogueHit]: ...

    def record(self, record_id: str) -> Record | None: ...

    #: The record's page images (PNG bytes), in order.
    def page_images(self, record: Record) -> list[bytes]: ...


@dataclass(frozen=True)
class NetworkState:
    online: bool
    #: Seconds since the epoch of the last successful sync, None before the first one.
    last_sync: float | None = None


class NetworkPort(Protocol):
    def state(self) -> NetworkState: ...


@dataclass(frozen=True)
class PrintOrder:
    record: Record
    copies: int
    purpose: str
    masked_subject: str


class PrintPort(Protocol):
    def precheck(self) -> None:
        """Raise :class:`kiosk.errors.PrinterNotReady` when a print would not come out now."""

    def preview_certified_copy(self, order: PrintOrder) -> bytes:
        """The first page of the certified copy as a PNG, for the screen."""

    def render_copy_part(self, scale: float, left: float, top: float, width: float,
                         height: float) -> tuple[int, int, bytes] | None:
        """Part of the previewed copy's first page (in preview pixels) rendered sharp at ``scale`` × the
        preview's resolution: (width, height, RGB bytes), or None when no copy is held."""

    def print_certified_copy(self, order: PrintOrder) -> dict[str, Any]:
        """Print; on PrinterNotReady the job stays in the journal and waits. Returns the job's summary."""

    def print_receipt(self, summary: SessionSummary) -> bytes | None:
        """Print the checkout receipt of ``summary``; returns a PNG preview when the printer is simulated."""

    def warm_up(self) -> None:
        """Ahead of the first print, off the UI thread: open what the first print would open."""

    def forget(self) -> None:
        """At WIPE: drop what the visit left (a signed copy's pages, its QR texts)."""

    def close(self) -> None: ...


FaceEventKind = Literal["frame", "quality", "challenge", "verdict", "camera_lost"]


@dataclass(frozen=True)
class FaceEvent:
    kind: FaceEventKind
    #: "frame": an RGB image as (width, height, bytes) — memory only, never written anywhere.
    frame: tuple[int, int, bytes] | None = None
    #: "quality": why the frame is not usable ("too_dark", "no_face", ...); "challenge": "blink", ...
    detail: str = ""
    #: "verdict": matched and live, or not.
    matched: bool = False
    #: "verdict": the attempt's outcome, for the session (plain values, no image).
    verdict: FaceVerdict | None = None


class FaceCheckPort(Protocol):
    def start(self, card_photo: bytes | None, on_event: Callable[[FaceEvent], None]) -> None:
        """Start one attempt; events arrive on the service's own thread."""

    def stop(self) -> None: ...


class RequestPort(Protocol):
    def submit(self, request: dict[str, Any]) -> dict[str, Any]:
        """Queue a request for a record held elsewhere; returns at least ``{"request_id", "pickup"}``."""

    def close(self) -> None: ...


@dataclass
class Services:
    archive: ArchivePort
    network: NetworkPort
    printing: PrintPort
    face: FaceCheckPort
    requests: RequestPort
    #: Simulator control handles by device name, for the demo panel and the tests.
    simulators: dict[str, Any]
