"""What the owning district's staff do with a request: list, complete (issue the certificate), reject.

Works on the gateway's database file directly, so staff can act while the gateway serves; the running
gateway's relay sends the result back to the requesting district at its next pump.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kiosk.audit import AuditLog
from kiosk.crypto.keys import Signer
from kiosk.requests import certificate as requests_certificate
from kiosk.gateway.requests_store import OPEN_FOR_STAFF, FederationStore
from kiosk.requests.errors import RequestInvalid


def audit_path_for(db_path: str | Path) -> Path:
    """The gateway's federation audit log lives beside its database."""
    p = Path(db_path)
    return p.with_name(p.stem + "-audit.sqlite")


class RequestDesk:
    def __init__(self, db_path: str | Path, *, archive_code: str = ""):
        self.store = FederationStore(db_path)
        self.audit = AuditLog(audit_path_for(db_path), key=None)  # the district's own disk
        self.archive_code = archive_code

    @classmethod
    def over(cls, store: FederationStore, audit: AuditLog, *, archive_code: str = "") -> RequestDesk:
        """A desk on the running gateway's open store and audit log (the web console's); not closed by it."""
        desk = cls.__new__(cls)
        desk.store, desk.audit, desk.archive_code = store, audit, archive_code
        return desk

    def close(self) -> None:
        self.store.close()
        self.audit.close()

    def open_requests(self, *, everything: bool = False) -> list[dict[str, Any]]:
        if everything:
            return self.store.list()
        return self.store.list(statuses=OPEN_FOR_STAFF, roles=("owner", "local"))

    def complete(self, request_id: str, *, staff_id: str, signer: Signer, pages: Sequence[bytes], title: str,
                 reference: str, year: str = "", office: str = "", archive_name: str = "") -> dict[str, Any]:
        if not pages:
            raise RequestInvalid("a certificate needs at least one page image (--page)", detail={"field": "page"})
        row = self.store.get(request_id, with_payload=True)
        archive = self.archive_code or row["owner_archive"]
        cert = requests_certificate.issue(row["payload"], signer, archive_code=archive,
                                          archive_name=archive_name or f"档案馆 {archive}", pages=pages, title=title,
                                          reference=reference, year=year, office=office)
        done = self.store.decide(request_id, "completed", certificate=cert, handled_by=staff_id)
        self.audit.append("request.completed", {"request_id": request_id, "subject": row["subject"],
                                                "certificate_id": cert["certificate_id"],
                                                "verification_code": cert["verification_code"]},
                          actor=f"staff:{staff_id}")
        return {"request_id": request_id, "status": done["status"], "certificate_id": cert["certificate_id"],
                "verification_code": cert["verification_code"]}

    def reject(self, request_id: str, *, staff_id: str, reason: str) -> dict[str, Any]:
        if not reason.strip():
            raise RequestInvalid("a rejection states its reason (--reason)", detail={"field": "reason"})
        row = self.store.get(request_id)
        done = self.store.decide(request_id, "rejected", reason=reason.strip(), handled_by=staff_id)
        self.audit.append("request.rejected", {"request_id": request_id, "subject": row["subject"],
                                               "reason": reason.strip()}, actor=f"staff:{staff_id}")
        return {"request_id": request_id, "status": done["status"], "reason": done["reason"]}
