"""The district gateway as the kiosk sees it: reachable, how fast, when the last sync was, how far behind.

The local side (cursor, last sync) comes from a ``sync_status`` callable the composition root hands in,
so this module does not care how the sync client stores it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from kiosk.diag.config_view import hide_url_secrets, hide_url_secrets_in
from kiosk.diag.model import CheckResult, failed, passed
from kiosk.errors import ConfigError, KioskError
from kiosk.storage import OperationalError, StorageKey, open_db

SyncStatus = Callable[[], Mapping[str, Any]]


def read_sync_status(cache_path: Path, key: StorageKey) -> dict[str, Any]:
    """The cache's cursor and last sync, read-only: a diagnosis must not migrate or create the cache."""
    if not cache_path.exists():
        return {}
    try:
        db = open_db(cache_path, key, readonly=True)
    except KioskError:
        return {}  # the storage check says why the cache does not open
    try:
        rows = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('cursor', 'last_sync')").fetchall())
    except OperationalError:
        return {}  # a cache that never synced has no meta table yet
    finally:
        db.close()
    cursor = rows.get("cursor")
    return {"cursor": int(cursor) if cursor and str(cursor).isdigit() else None, "last_sync": rows.get("last_sync")}


def lag_limit_s(sync_interval_s: float) -> float:
    """How old the last sync may be before it counts as lagging: a few missed polls, at least 10 minutes."""
    return max(5 * sync_interval_s, 600.0)


def _age_s(last_sync: Any, now: dt.datetime) -> float | None:
    if not last_sync:
        return None
    try:
        when = dt.datetime.fromisoformat(str(last_sync))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (now - when).total_seconds())


def _head_cursor(body: Any) -> int | None:
    if isinstance(body, Mapping):
        for key in ("cursor", "head", "seq", "last_seq"):
            if isinstance(body.get(key), int):
                return int(body[key])
    return None


def _health_url(url: str, health_path: str) -> str:
    """``https://gw/api?region=1`` → ``https://gw/api/health?region=1``: the path, not the query, grows."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + health_path))


def _tls(credentials: str | Path | None, storage_key: Any = None) -> Any:
    """The kiosk's client context: the gateway answers only over mutual TLS (its key encrypted under the
    storage key)."""
    from kiosk.storage.private_keys import secrets_for
    from kiosk.tls.credentials import client_context_of

    context = client_context_of(credentials, secrets_for(storage_key) if storage_key is not None else ())
    if context is None:
        raise ConfigError("no TLS credentials configured (gateway.credentials)", code="TLS_CREDENTIALS_MISSING")
    return context


def check_gateway(url: str, *, embedded: bool, timeout_s: float, sync_interval_s: float,
                  sync_status: SyncStatus | None = None, health_path: str = "/health",
                  client: httpx.Client | None = None, now: dt.datetime | None = None,
                  credentials: str | Path | None = None, storage_key: Any = None) -> CheckResult:
    now = now or dt.datetime.now(dt.timezone.utc)
    local: Mapping[str, Any] = {}
    if sync_status is not None:
        try:
            local = sync_status() or {}
        except Exception as e:  # noqa: BLE001 - a broken status store is a finding, not a crash
            local = {"error": f"{type(e).__name__}: {e}"}
    facts: dict[str, Any] = {"cursor": local.get("cursor"), "last_sync": local.get("last_sync")}
    if not url:
        if embedded:
            return passed("gateway", "embedded", "the demo gateway runs inside the kiosk", **facts)
        return passed("gateway", "offline_only", "no gateway configured: the kiosk works from its cache",
                      **facts)
    shown = hide_url_secrets(url)  # the URL may carry credentials; results are shown and pushed
    started = time.monotonic()
    try:
        own_client = client is None
        http = client or httpx.Client(timeout=timeout_s, verify=_tls(credentials, storage_key))
        try:
            response = http.get(_health_url(url, health_path), timeout=timeout_s)
        finally:
            if own_client:
                http.close()
    except KioskError as e:
        return failed("gateway", "no_credentials", e.message, **facts)
    except httpx.TimeoutException:
        return failed("gateway", "unreachable", f"no answer from {shown} within {timeout_s:g} s", **facts)
    except httpx.HTTPError as e:
        return failed("gateway", "unreachable", f"cannot reach {shown}: {type(e).__name__}: {hide_url_secrets_in(str(e))}", **facts)
    latency_ms = round((time.monotonic() - started) * 1000, 1)
    facts["latency_ms"] = latency_ms
    if response.status_code >= 400:
        return failed("gateway", "unhealthy", f"{shown} answered HTTP {response.status_code}", **facts)
    try:
        head = _head_cursor(response.json())
    except ValueError:
        head = None
    if head is not None and isinstance(local.get("cursor"), int):
        facts["cursor_lag"] = head - int(local["cursor"])
    age = _age_s(local.get("last_sync"), now)
    facts["last_sync_age_s"] = None if age is None else round(age)
    limit = lag_limit_s(sync_interval_s)
    if local.get("error"):
        return failed("gateway", "sync_status_unknown", f"reachable ({latency_ms} ms); sync status unreadable: "
                      f"{local['error']}", **facts)
    if age is not None and age > limit and facts.get("cursor_lag", 1) > 0:
        return failed("gateway", "lagging", f"reachable ({latency_ms} ms) but the last sync was {round(age)} s ago "
                      f"(limit {limit:g} s), {facts.get('cursor_lag', '?')} changes behind", **facts)
    if age is None:
        return passed("gateway", "reachable", f"reachable ({latency_ms} ms); not synced yet", **facts)
    return passed("gateway", "reachable", f"reachable ({latency_ms} ms); last sync {round(age)} s ago", **facts)
