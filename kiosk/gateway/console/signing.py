"""Which key signs the certificates the console issues.

Today the gateway holds one key, the one it signs its feed with, and the request desk's command line signs
with the district key it is given; certificates are issued by a one-day issuing key that this key
certifies (:mod:`kiosk.requests.certificate`). The gateway's own certified signing key replaces it here,
in this one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.crypto.keys import Signer


def issuing_signer_for(app: Any) -> Callable[[], Signer]:
    return lambda: app.state.signer
