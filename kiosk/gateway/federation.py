"""Cross-region requests between district gateways (异地受理、属地办理、线上流转、就近出证).

Mounted by the gateway app (see :mod:`kiosk.gateway.routers`). ``install(app, store, **context)`` opens the
federation tables in the gateway's database and starts the relay; the context names this district
(``archive_code``), its peers (``peers``: archive code → gateway URL) and, optionally, the ``audit`` log
and the database path (``federation_db``; by default the store's own file).

Routes:

- ``POST /federation/requests`` — a kiosk's request (also reachable as the outbox intake handler for kind
  ``request``, see :func:`intake_handlers`);
- ``POST /federation/inbound`` — a peer forwards a request for a record we own (sealed by the peer, and only
  for a request that peer's district received);
- ``POST /federation/results`` — a peer sends back the result of a request we forwarded (sealed, and only
  from the district that owns the request);
- ``GET /federation/requests/{id}`` — a kiosk asks how its own request stands;
- ``GET /federation/requests`` — staff list (``?status=received``);
- ``POST /federation/stats``, ``GET /federation/stats`` — anonymous kiosk statistics, aggregated per point.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Body, HTTPException, Request

from kiosk.gateway.app_parts import close_at_shutdown, installed_part
from kiosk.audit import AuditLog
from kiosk.gateway.requests_admin import audit_path_for
from kiosk.gateway.requests_relay import AuditSink, Relay
from kiosk.gateway.requests_store import FederationStore
from kiosk.errors import KioskError
from kiosk.gateway.roles import allow
from kiosk.tls.identity import Caller, Role
from kiosk.tls.sealed import SealBroken, unseal
from kiosk.requests.errors import RequestInvalid, RequestNotFound
from kiosk.requests.model import strip_attachments
from kiosk.stats.aggregate import StatsAggregate

router = APIRouter(prefix="/federation", tags=["federation"])

_WIRE_FIELDS = ("request_id", "origin_archive", "owner_archive", "record_type", "purpose", "subject_id",
                "subject_name")


class FederationRefused(KioskError):
    """A peer asked for something that is not its to ask (answered 403 with the code)."""

    code = "FEDERATION_REFUSED"
    message_key = "error.federation.refused"


@dataclass
class Federation:
    archive_code: str
    store: FederationStore
    relay: Relay
    audit: AuditSink
    stats: StatsAggregate

    def take_from_kiosk(self, wire: dict[str, Any]) -> dict[str, Any]:
        _check_wire(wire)
        row, created = self.store.accept(wire, own_archive=self.archive_code)
        if created:
            actor = f"agent:{wire['agent_id']}" if wire.get("agent_id") else f"kiosk:{wire.get('origin_kiosk', '?')}"
            self.audit.append("federation.received", {"request_id": row["request_id"], "subject": row["subject"],
                                                      "owner_archive": row["owner_archive"],
                                                      "channel": row["channel"], "kiosk": wire.get("origin_kiosk")},
                              actor=actor)
            if row["role"] == "origin" and not self.relay.peers.get(row["owner_archive"]):
                return self._refuse_unroutable(row)
            self.relay.kick()
        return {"request_id": row["request_id"], "status": row["status"]}

    def _refuse_unroutable(self, row: dict[str, Any]) -> dict[str, Any]:
        """An owner this district has no gateway for: waiting would never end, so the resident is told now
        (the rejection flows back like any other) instead of a request that silently stays "received"."""
        owner = row["owner_archive"]
        reason = f"本区暂不能向档案馆 {owner} 转递申请，请到服务点人工窗口咨询。"
        self.store.refuse_unroutable(row["request_id"], reason)
        self.audit.append("federation.unroutable", {"request_id": row["request_id"], "owner_archive": owner,
                                                    "subject": row["subject"]}, actor="gateway")
        return {"request_id": row["request_id"], "status": "rejected"}

    def take_from_peer(self, wire: dict[str, Any], sender: str) -> dict[str, Any]:
        _check_wire(wire)
        if wire["origin_archive"] != sender:
            raise FederationRefused(f"archive {sender} forwards a request of archive {wire['origin_archive']}",
                                    code="FEDERATION_WRONG_ORIGIN", detail={"from": sender})
        if wire["owner_archive"] != self.archive_code:
            raise RequestInvalid(f"archive {self.archive_code} does not own this record",
                                 code="REQUEST_WRONG_OWNER")
        row, created = self.store.accept(wire, own_archive=self.archive_code)
        if created:
            self.audit.append("federation.inbound", {"request_id": row["request_id"], "subject": row["subject"],
                                                     "from": wire["origin_archive"], "channel": row["channel"],
                                                     "agent": wire.get("agent_id")},
                              actor=f"archive:{wire['origin_archive']}")
        return {"request_id": row["request_id"], "status": row["status"]}

    def take_result(self, result: dict[str, Any], sender: str) -> dict[str, Any]:
        rid = str(result.get("request_id", ""))
        status = result.get("status")
        if status not in ("completed", "rejected"):
            raise RequestInvalid("a result's status is completed or rejected", detail={"status": status})
        row = self.store.get(rid)
        if row["role"] != "origin":
            raise FederationRefused(f"request {rid} was not forwarded by this gateway",
                                    code="FEDERATION_NOT_FORWARDED", detail={"request_id": rid, "from": sender})
        if row["owner_archive"] != sender:
            raise FederationRefused(f"archive {sender} does not own request {rid}", code="FEDERATION_NOT_OWNER",
                                    detail={"request_id": rid, "from": sender})
        result["from_archive"] = sender  # what the certificate proved, not what the message says
        if self.store.result_arrived(rid, status, reason=str(result.get("reason", "")),
                                     certificate=result.get("certificate"),
                                     handled_by=str(result.get("handled_by", ""))):
            detail: dict[str, Any] = {"request_id": rid, "status": status, "from": result.get("from_archive")}
            if result.get("reason"):
                detail["reason"] = result["reason"]
            self.audit.append("federation.result", detail, actor=f"archive:{result.get('from_archive', '?')}")
        return {"request_id": rid, "status": status}

    def close(self) -> None:
        self.relay.stop()
        self.store.close()
        self.stats.close()


def _check_wire(wire: dict[str, Any]) -> None:
    missing = [f for f in _WIRE_FIELDS if not str(wire.get(f) or "").strip()]
    if missing:
        raise RequestInvalid(f"the request lacks {', '.join(missing)}", detail={"missing": missing})


def _db_path_of(store: Any) -> str | None:
    for name in ("path", "db_path"):
        value = getattr(store, name, None)
        if isinstance(value, (str, Path)):
            return str(value)
    return None


def build(archive_code: str, db_path: str | Path, peers: Mapping[str, str], *, audit: AuditSink | None = None,
          relay_interval_s: float = 5.0, peer_tls: Callable[[str], Any] = lambda code: None,
          seal: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> Federation:
    store = FederationStore(db_path)
    audit = audit or AuditLog(audit_path_for(db_path), key=None)  # the district's own disk
    relay = Relay(store, peers, audit, own_archive=archive_code, tls_for=peer_tls, seal=seal)
    relay.start(relay_interval_s)
    return Federation(archive_code, store, relay, audit, StatsAggregate(db_path))


def install(app: Any, store: Any = None, **context: Any) -> Federation:
    db_path = context.get("federation_db") or _db_path_of(store)
    if not db_path:
        raise ValueError("federation needs a database path: pass federation_db= or a store with .path")
    peers = context.get("peers")
    fed = build(str(context["archive_code"]), db_path, {} if peers is None else peers, audit=context.get("audit"),
                relay_interval_s=float(context.get("relay_interval_s", 5.0)),
                peer_tls=context.get("peer_tls") or (lambda code: None), seal=context.get("seal"))
    app.state.federation = fed
    # Closed with the app where the app runs shutdown handlers; an app with its own lifespan calls
    # ``app.state.federation.close()`` itself.
    close_at_shutdown(app, fed.close)
    return fed


def intake_handlers(fed: Federation) -> dict[str, Callable[[dict[str, Any]], Any]]:
    """Per-kind handlers for the gateway's outbox intake: what a kiosk pushes lands here."""

    def request_from_outbox(wire: dict[str, Any]) -> dict[str, Any]:
        result = fed.take_from_kiosk(wire)
        # The intake keeps each pushed item under its key. The photos now live in the federation table
        # (until forwarded); the intake's copy keeps only their kinds.
        wire["attachments"] = strip_attachments(wire)["attachments"]
        return result

    return {"request": request_from_outbox, "stats": fed.stats.ingest}


def _fed(request: Request) -> Federation:
    return installed_part(request, "federation", "FEDERATION_OFF", "federation is not installed")


def _answer(fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run a federation step; its typed error becomes an HTTP answer with the stable code."""
    try:
        return fn()
    except RequestNotFound as e:
        raise HTTPException(404, detail=e.to_dict()) from None
    except (FederationRefused, SealBroken) as e:
        raise HTTPException(403, detail=e.to_dict()) from None
    except KioskError as e:
        raise HTTPException(422, detail=e.to_dict()) from None


@router.post("/requests")
def submit_from_kiosk(request: Request, wire: dict[str, Any] = Body(...),
                      kiosk: Caller = allow(Role.KIOSK)) -> dict[str, Any]:
    if wire.get("origin_kiosk", kiosk.name) != kiosk.name:
        raise HTTPException(403, detail={"code": "AUTH_NOT_YOUR_KIOSK",
                                         "message": "a kiosk files requests in its own name only"})
    return _answer(lambda: _fed(request).take_from_kiosk(wire))


def _from_peer(request: Request, sealed: dict[str, Any], peer: Caller) -> dict[str, Any]:
    """The body of a message the calling peer sealed (its certificate and its seal must agree)."""
    return unseal(sealed, request.app.state.authorities.peers.get(peer.name), peer.name)


@router.post("/inbound")
def inbound_from_peer(request: Request, sealed: dict[str, Any] = Body(...),
                      peer: Caller = allow(Role.PEER)) -> dict[str, Any]:
    return _answer(lambda: _fed(request).take_from_peer(_from_peer(request, sealed, peer), peer.name))


@router.post("/results")
def result_from_peer(request: Request, sealed: dict[str, Any] = Body(...),
                     peer: Caller = allow(Role.PEER)) -> dict[str, Any]:
    return _answer(lambda: _fed(request).take_result(_from_peer(request, sealed, peer), peer.name))


@router.get("/requests/{request_id}")
def request_status(request: Request, request_id: str, kiosk: Caller = allow(Role.KIOSK)) -> dict[str, Any]:
    """Only the kiosk that filed the request learns how it stands (and gets its certificate)."""
    row = _answer(lambda: _fed(request).store.get(request_id, with_payload=True))
    if row["role"] not in ("origin", "local") or (row.get("payload") or {}).get("origin_kiosk") != kiosk.name:
        raise HTTPException(404, detail={"code": "REQUEST_NOT_FOUND", "message": f"no request {request_id} of yours"})
    return {"request_id": row["request_id"], "status": row["status"], "reason": row["reason"],
            "certificate": row["certificate"], "owner_archive": row["owner_archive"]}


@router.get("/requests", dependencies=[allow(Role.STAFF)])
def list_requests(request: Request, status: str = "") -> dict[str, Any]:
    rows = _fed(request).store.list(statuses=tuple(s for s in status.split(",") if s))
    for r in rows:
        r.pop("certificate", None)
    return {"requests": rows}


@router.post("/stats", dependencies=[allow(Role.KIOSK)])
def stats_intake(request: Request, report: dict[str, Any] = Body(...)) -> dict[str, Any]:
    return _answer(lambda: _fed(request).stats.ingest(report))


@router.get("/stats", dependencies=[allow(Role.STAFF)])
def stats_per_point(request: Request) -> dict[str, Any]:
    return _fed(request).stats.per_point()
