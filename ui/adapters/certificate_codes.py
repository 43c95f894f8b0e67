"""A code typed from a certificate, asked of the district gateway over the kiosk's sync link."""

from __future__ import annotations

from typing import Any

from kiosk.errors import GatewayUnreachable


class GatewayCodes:
    """A typed code asked of the kiosk's gateway over its sync link (``gateway``: the
    :class:`ui.adapters.network.GatewaySync`); called on the worker."""

    def __init__(self, gateway: Any):
        self._gateway = gateway
        self._check: Any = None

    def __call__(self, code: str) -> Any:
        from kiosk.certify.code_check import GatewayCodeCheck

        if self._check is None:
            link = self._gateway.gateway_link() if self._gateway is not None else None
            if link is None:
                raise GatewayUnreachable("the kiosk has no link to its gateway yet")
            self._check = GatewayCodeCheck(*link)
        return self._check.check(code)
