"""Outbox intake: items pushed by kiosks, stored once per idempotency key, handed to a handler per kind.

Feature routers register handlers for their kinds in their ``install`` hook
(``app.state.intake.register("request", handle_request)``), or expose ``intake_handlers(installed)``
returning ``{kind: handler}`` for what ``install`` returned; a kind without a handler is stored only.
A handler runs once per key, before the key is recorded: if it fails, the kiosk is told so and retries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kiosk.gateway.store import GatewayStore

#: handler(payload) -> a JSON-able result kept with the item (or None)
IntakeHandler = Callable[[Any], Any]

log = logging.getLogger("kiosk.gateway.intake")


class IntakeRegistry:
    def __init__(self) -> None:
        self._handlers: dict[str, IntakeHandler] = {}

    def register(self, kind: str, handler: IntakeHandler) -> None:
        self._handlers[kind] = handler

    def kinds(self) -> list[str]:
        return sorted(self._handlers)

    def receive(self, store: GatewayStore, key: str, kind: str, payload: Any) -> dict[str, Any]:
        if store.intake_get(key) is not None:
            return {"key": key, "status": "duplicate"}
        handler = self._handlers.get(kind)
        result = None
        if handler is not None:
            try:
                result = handler(payload)
            except Exception as e:  # noqa: BLE001 - one bad item must not fail the others in the push
                log.warning("intake handler for %s failed: %s", kind, type(e).__name__)
                return {"key": key, "status": "rejected", "error": getattr(e, "code", type(e).__name__)}
        stored = store.intake_put(key, kind, payload, _jsonable(result))
        return {"key": key, "status": "accepted" if stored else "duplicate", "result": result}


def _jsonable(value: Any) -> Any:
    """Handlers may return rows or dataclasses; what is kept with the item must be JSON."""
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if hasattr(value, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(value)
    return str(value)
