"""Every gateway answer that says nothing about caching is marked ``Cache-Control: private, no-store``:
records, page images, requests and fleet lists are personal data, kept by no proxy and no browser cache.
(Request bodies are capped where they arrive, see :mod:`kiosk.gateway.limits`.)"""

from __future__ import annotations

from typing import Any

NO_STORE = (b"cache-control", b"private, no-store")


class NoStore:
    """Pure ASGI middleware: adds the header to a response start that has none; nothing is buffered."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def marked(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"cache-control" for name, _ in headers):
                    message = {**message, "headers": [*headers, NO_STORE]}
            await send(message)

        await self.app(scope, receive, marked)
