"""Feature routers mounted on the gateway app beside the change feed.

Each module named here exposes ``router`` (a FastAPI ``APIRouter``) and, optionally,
``install(app, store, **context)`` to create its tables and keep references it needs.
"""

FEATURE_ROUTERS: tuple[str, ...] = (
    "kiosk.gateway.verify_api",  # certificate verification for third parties
    "kiosk.gateway.check_page",  # the public check page for phones (after verify_api, whose service it uses)
    "kiosk.gateway.check_api",  # the same check for the district's kiosks (after check_page, whose service it uses)
    "kiosk.gateway.federation",  # cross-region requests between district gateways
    "kiosk.gateway.health_api",  # kiosk health reports and alerts
    "kiosk.gateway.staff_lockout",  # wrong staff PINs counted district-wide (after health_api: it raises alerts)
    "kiosk.gateway.renew_api",  # kiosks renew their TLS certificates over the authenticated link
    "kiosk.gateway.console",  # the staff's web console (after the features whose data it shows)
)
