"""The kiosk certificates a verifier knows, found by the key id a compact payload names.

A compact QR names its kiosk certificate only by the kiosk key's id, so verifiers hold the certificates
themselves: the gateway as documents of kind ``kiosk_certificate`` in its store (``kiosk keys issue-kiosk
--publish DB``), kiosks as the same documents synced into their cache plus their own, ``kiosk verify`` as
files or folders handed in. Nothing here is trusted yet: the verifier checks the district's signature on
whichever certificate it picks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from kiosk.certify.kiosk_cert import KioskCertificate, kiosk_certificate_from_json
from kiosk.errors import ConfigError

KIND = "kiosk_certificate"
#: File names ``kiosk verify --kiosk-certs FOLDER`` reads; anything else in the folder is left alone.
SUFFIXES = (".cert", ".json")

DocumentSource = Callable[[], Sequence[Any]]


def document_key(cert: KioskCertificate) -> str:
    """One document per certificate: a renewed certificate for the same key is kept beside the old one,
    which still covers the papers issued under it."""
    return f"{cert.key_id}-{cert.valid_from.isoformat()}-{cert.district_key_id}"


def as_document(cert: KioskCertificate) -> dict[str, Any]:
    return cert.to_json()


class KioskCertificates:
    """Known kiosk certificates by key id: a fixed set plus whatever ``source`` returns at each lookup."""

    def __init__(self, certificates: Iterable[KioskCertificate] = (), source: DocumentSource = tuple):
        self._fixed: dict[str, list[KioskCertificate]] = {}
        for cert in certificates:
            self._fixed.setdefault(cert.key_id, []).append(cert)
        self._source = source
        self._seen: tuple[int, dict[str, list[KioskCertificate]]] = (-1, {})

    def candidates(self, key_id: str) -> list[KioskCertificate]:
        return [*self._fixed.get(key_id, []), *self._documents().get(key_id, [])]

    def _documents(self) -> dict[str, list[KioskCertificate]]:
        documents = list(self._source())
        fingerprint = hash(json.dumps(documents, sort_keys=True, default=str))
        if fingerprint != self._seen[0]:
            index: dict[str, list[KioskCertificate]] = {}
            for doc in documents:
                try:
                    cert = kiosk_certificate_from_json(doc)
                except ConfigError:
                    continue  # a damaged document names no certificate; the others still count
                index.setdefault(cert.key_id, []).append(cert)
            self._seen = (fingerprint, index)
        return self._seen[1]


def load_kiosk_certificates(paths: Iterable[str | Path]) -> list[KioskCertificate]:
    """Every kiosk certificate in the files and folders given (``kiosk verify --kiosk-certs``)."""
    from kiosk.certify.kiosk_cert import load_kiosk_certificate

    found: list[KioskCertificate] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file()):
                try:
                    found.append(load_kiosk_certificate(file))
                except ConfigError:
                    continue  # a folder of keys also holds other JSON (revocation lists, public keys)
        elif path.exists():
            found.append(load_kiosk_certificate(path))
        else:
            raise ConfigError(f"kiosk certificates: {path} not found", detail={"file": str(path)})
    return found
