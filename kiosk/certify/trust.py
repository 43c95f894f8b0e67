"""Long-lived verification against the revocation lists held as documents of kind ``revocation``.

The district publishes its signed list into the gateway store (``kiosk keys revoke --publish DB``); the
gateway's verify endpoint reads it there, and sync carries it into every kiosk's cache, where the
kiosk's "Verify a certificate" screen reads it. Both sides use :class:`TrustedVerifier`, which reads
the documents at each verdict and checks their signatures again only when they have changed, so a
revocation applies from the next paper on, without a restart.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from kiosk.certify.errors import RevocationListInvalid
from kiosk.certify.kiosk_cert import KioskCertificate
from kiosk.certify.kiosk_certs import KIND as KIOSK_CERT_KIND
from kiosk.certify.kiosk_certs import KioskCertificates
from kiosk.certify.revocation import KIND, Revocations
from kiosk.certify.verify import CertificateVerifier, VerificationResult
from kiosk.crypto.keys import Verifier, load_verifier
from kiosk.errors import ConfigError

DocumentSource = Callable[[], Sequence[Any]]


class DocumentCache(Protocol):
    """The kiosk cache's read of synced documents (:class:`kiosk.archive.cache.ArchiveCache`)."""

    def documents(self, kind: str) -> dict[str, Any]: ...


class RevocationDocuments:
    """The revocations in the documents ``source`` returns, checked against the trusted district keys."""

    def __init__(self, districts: Sequence[Verifier], source: DocumentSource):
        self._districts = list(districts)
        self._source = source
        self._checked: tuple[str, Revocations] = ("", Revocations())

    def current(self) -> Revocations:
        documents = list(self._source())
        fingerprint = hashlib.sha256(json.dumps(documents, sort_keys=True, ensure_ascii=False,
                                                default=str).encode("utf-8")).hexdigest()
        if fingerprint != self._checked[0]:
            self._checked = (fingerprint, checked_by_any(documents, self._districts))
        return self._checked[1]


def checked_by_any(documents: Sequence[Any], districts: Sequence[Verifier]) -> Revocations:
    """Every list must be signed by one of the trusted districts.

    A list no trusted key signed is the district's own mistake or an intrusion into its store:
    RevocationListInvalid stops verdicts rather than silently forgetting revocations.
    """
    parts = []
    for doc in documents:
        for district in districts:
            try:
                parts.append(Revocations.checked([doc], district))
                break
            except RevocationListInvalid:
                continue
        else:
            raise RevocationListInvalid("a stored revocation list is not signed by a trusted district")
    return Revocations.union(parts)


class TrustedVerifier:
    """``verify(text)`` with the district keys and the revocation lists as they are now."""

    def __init__(self, districts: Sequence[Verifier], source: DocumentSource = tuple,
                 kiosks: KioskCertificates | None = None):
        self._verifier = CertificateVerifier(list(districts), kiosks=kiosks)
        self._revocations = RevocationDocuments(districts, source)

    def revocations(self) -> Revocations:
        return self._revocations.current()

    def verify(self, text: str) -> VerificationResult:
        """The verdict; RevocationListInvalid when a stored list cannot be trusted (no verdict then)."""
        return self._verifier.verify(text.strip(), self._revocations.current())


def kiosk_verifier(district_pub: str | Path, cache: DocumentCache,
                   own: Sequence[KioskCertificate] = ()) -> TrustedVerifier:
    """The kiosk's: the district key it was installed with (``gateway.district_pub`` in its config), the
    revocation lists and kiosk certificates synced into its cache, and its own kiosk certificate."""
    if not str(district_pub):
        raise ConfigError("verifying certificates needs the district's public key (gateway.district_pub)",
                          detail={"key": "gateway.district_pub"})
    kiosks = KioskCertificates(own, lambda: list(cache.documents(KIOSK_CERT_KIND).values()))
    return TrustedVerifier([load_verifier(district_pub)], lambda: list(cache.documents(KIND).values()), kiosks)
