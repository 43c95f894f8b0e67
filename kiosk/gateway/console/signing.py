"""Which key signs the certificates the console issues: the gateway's own signing key, certified by the
district root (``kiosk keys issue-gateway`` writes it as ``feed.key`` + ``feed.cert``), the key the running
gateway signs its feed with. The root key is never on the gateway; a certificate is checked against the
root through the signing key's certificate, which the certificate carries.

(A gateway started with a bare key — an old set-up or a test — certifies a one-day issuing key with it
instead, as ``kiosk gateway requests complete --key`` does.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.crypto.keys import Signer


def issuing_signer_for(app: Any) -> Callable[[], Signer]:
    return lambda: app.state.signer
