"""The gateway's HTTP application: change feed, blobs, outbox intake, health, and the feature routers."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from kiosk.certify.revocation import KIND as REVOCATION_KIND
from kiosk.certify.trust import RevocationDocuments
from kiosk.crypto.keys import Signer, key_id, verifier_for
from kiosk.errors import GatewayBusy
from kiosk.gateway import roles
from kiosk.gateway.feed import batch_response, cut_batch
from kiosk.gateway.health_head import FeedHead
from kiosk.gateway.intake import IntakeRegistry
from kiosk.gateway.no_store import NoStore
from kiosk.gateway.roles import allow
from kiosk.gateway.routers import FEATURE_ROUTERS
from kiosk.gateway.store import GatewayStore
from kiosk.sync.batch import MAX_BATCH, MEDIA_TYPE
from kiosk.tls.identity import Caller, Role, TrustedAuthorities

log = logging.getLogger("kiosk.gateway")
MAX_SEQ = 2**62  # within a 64-bit INTEGER column, so no cursor overflows the database driver


class OutboxItem(BaseModel):
    key: str = Field(min_length=1, max_length=200)
    kind: str = Field(min_length=1, max_length=40)
    payload: Any = None


class OutboxPush(BaseModel):
    items: list[OutboxItem] = Field(max_length=1000)


def create_app(store: GatewayStore, signer: Signer, *, trust: TrustedAuthorities, archive_code: str = "330106",
               batch_limit: int = 5000, feature_routers: tuple[str, ...] = FEATURE_ROUTERS,
               **context: Any) -> FastAPI:
    """The gateway app. ``trust`` names the CAs whose certificates identify callers; ``epoch_statement``
    (in ``context``) is the district's word for a feed restored from a backup; ``context`` (peers, audit,
    district_verifiers ...) is handed on to the feature routers' ``install``."""
    epoch_statement = context.pop("epoch_statement", None)
    app = FastAPI(title="District archive gateway", docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(roles.declared_only)])
    app.state.store = store
    app.state.signer = signer
    app.state.intake = IntakeRegistry()
    districts = list(context.get("district_verifiers") or [verifier_for(signer.algorithm, signer.public_hex)])
    context["district_verifiers"] = districts
    revocations = RevocationDocuments(districts, lambda: _documents(store, REVOCATION_KIND))
    roles.install(app, trust, roles.revocations_from(revocations.current))
    kiosk_only = APIRouter(dependencies=[allow(Role.KIOSK)])

    @app.exception_handler(GatewayBusy)
    def busy(_request: Request, e: GatewayBusy) -> JSONResponse:
        # Every database connection is in use: a kiosk backs off and retries, as for a gateway that is down.
        return JSONResponse({"detail": e.to_dict()}, status_code=503, headers={"Retry-After": "2"})

    head = FeedHead(store)

    @app.get("/health", dependencies=[allow(Role.KIOSK, Role.STAFF)])
    async def health() -> dict[str, Any]:
        part = await head.current()  # on the loop, no database call of its own: see kiosk.gateway.health_head
        return {"status": "ok", "feed": part.feed_id, "head": part.head, "key_id": key_id(signer.public_hex),
                "algorithm": signer.algorithm}

    @kiosk_only.get("/feed")
    def feed(request: Request, cursor: int = Query(0, ge=0, le=MAX_SEQ), feed: str = Query("", max_length=64),
             snapshot: bool = False, limit: int = Query(batch_limit, ge=1, le=MAX_BATCH),
             epoch: int = Query(0, ge=0, le=MAX_SEQ)) -> Response:
        batch = cut_batch(store, signer, cursor=cursor, feed=feed, snapshot=snapshot, limit=limit, epoch=epoch,
                          epoch_statement=epoch_statement)
        return batch_response(batch, request.headers.get("accept-encoding", ""))

    @kiosk_only.get("/blobs/{sha256}")
    def blob(sha256: str) -> Response:
        found = store.blob(sha256.lower())
        if found is None:
            raise HTTPException(404, "no such blob")
        data, mime = found
        return Response(data, media_type=mime)  # a page image: personal data, private and never stored

    @kiosk_only.post("/outbox")
    def outbox(push: OutboxPush, kiosk: Caller = allow(Role.KIOSK)) -> dict[str, Any]:
        results = [app.state.intake.receive(store, item.key, item.kind, item.payload) if _from(kiosk, item.payload)
                   else {"key": item.key, "status": "rejected", "error": "AUTH_NOT_YOUR_KIOSK"}
                   for item in push.items]
        return {"results": results}

    @kiosk_only.get("/outbox/{key}")
    def outbox_item(key: str) -> dict[str, Any]:
        item = store.intake_get(key)
        if item is None:
            raise HTTPException(404, "no such item")
        return {"key": item["key"], "kind": item["kind"], "received_at": item["received_at"],
                "result": item["result"]}

    @app.get("/district-key", dependencies=[allow(Role.KIOSK, Role.STAFF)])
    def district_key() -> dict[str, str]:
        # For an operator's convenience only: kiosks trust the district.pub they were installed with.
        return {"algorithm": signer.algorithm, "public": signer.public_hex, "key_id": key_id(signer.public_hex)}

    app.include_router(kiosk_only)
    app.add_middleware(NoStore)
    mount_feature_routers(app, store, feature_routers, signer=signer, archive_code=archive_code, **context)
    roles.check_routes(app)
    return app


def _from(kiosk: Caller, payload: Any) -> bool:
    """An item that names a kiosk (a request's origin, a health report) must name the one that pushed it."""
    if not isinstance(payload, dict):
        return True
    return all(payload[field] == kiosk.name for field in ("origin_kiosk", "kiosk_id") if field in payload)


def _documents(store: GatewayStore, kind: str, limit: int = 1000) -> list[Any]:
    return [doc for key in store.keys(kind, limit) if (doc := store.get(kind, key)) is not None]


def mount_feature_routers(app: FastAPI, store: GatewayStore, modules: tuple[str, ...], **context: Any) -> list[str]:
    """Mount every feature router that is present; a feature not built yet is skipped, not an error."""
    mounted = []
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name != name:  # the module exists but something it imports is missing: a real error
                raise
            continue
        install = getattr(module, "install", None)
        installed = install(app, store, **context) if install is not None else None
        handlers = getattr(module, "intake_handlers", None)
        if handlers is not None and installed is not None:
            for kind, handler in handlers(installed).items():
                app.state.intake.register(kind, handler)
        app.include_router(module.router)
        mounted.append(name)
    app.state.feature_routers = mounted
    return mounted


def request_store(request: Request) -> GatewayStore:
    """For feature routers: the store of the app serving this request."""
    return request.app.state.store
