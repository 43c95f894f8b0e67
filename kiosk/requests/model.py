"""A request as the kiosk builds it, and its form on the wire.

Attachments (the authorisation letter and the absent resident's ID, photographed by the camera) are bytes
held in memory only: they travel in the wire form once and :meth:`Request.drop_attachments` forgets them.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from kiosk.privacy import mask_id, mask_name
from kiosk.requests.errors import RequestInvalid
from kiosk.requests.signature import Signature


class Channel(str, Enum):
    SELF = "self"          # the resident at the kiosk on their own
    ASSISTED = "assisted"  # an agent beside a resident who is present
    PROXY = "proxy"        # an agent for a resident who cannot come


class Status(str, Enum):
    QUEUED = "queued"            # in the kiosk's outbox
    RECEIVED = "received"        # the kiosk's gateway has it
    FORWARDED = "forwarded"      # the owning district's gateway has it
    COMPLETED = "completed"      # a certificate is waiting to be printed
    REJECTED = "rejected"        # the owner said no, with a reason
    PRINTED = "printed"          # the resident took the certificate home
    REJECTION_SEEN = "rejection_seen"  # the resident was told why

    @property
    def final(self) -> bool:
        return self in (Status.PRINTED, Status.REJECTION_SEEN)


ATTACHMENT_KINDS = ("authorisation_letter", "id_photo")


@dataclass
class Attachment:
    kind: str
    mime: str
    data: bytes = field(repr=False)

    def to_wire(self) -> dict[str, str]:
        return {"kind": self.kind, "mime": self.mime, "data_b64": base64.b64encode(self.data).decode("ascii")}


@dataclass(frozen=True)
class Commitment:
    """告知承诺: the resident commits to hand in ``missing`` later; the request goes ahead now."""

    missing: tuple[str, ...]
    signature: Signature
    signed_at: str

    def to_wire(self) -> dict[str, Any]:
        return {"missing": list(self.missing), "signature": self.signature.to_dict(),
                "signature_sha256": self.signature.digest(), "signed_at": self.signed_at}


@dataclass
class Request:
    origin_archive: str
    origin_kiosk: str
    owner_archive: str
    record_type: str
    purpose: str
    subject_id: str = field(repr=False)
    subject_name: str = field(repr=False)
    channel: Channel = Channel.SELF
    agent_id: str | None = None
    relationship: str = ""
    attachments: list[Attachment] = field(default_factory=list, repr=False)
    commitment: Commitment | None = None
    note: str = ""
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created_at: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))

    def check(self) -> None:
        """Raise :class:`RequestInvalid` naming the first thing that is missing."""
        for name in ("owner_archive", "record_type", "purpose", "subject_id", "subject_name"):
            if not str(getattr(self, name)).strip():
                raise RequestInvalid(f"the request needs {name.replace('_', ' ')}", detail={"field": name})
        if self.channel is not Channel.SELF and not self.agent_id:
            raise RequestInvalid("an assisted or proxy request names its agent", detail={"field": "agent_id"})
        if self.channel is Channel.PROXY:
            if not self.relationship.strip():
                raise RequestInvalid("a proxy request states the agent's relationship to the resident",
                                     detail={"field": "relationship"})
            kinds = {a.kind for a in self.attachments}
            for needed in ATTACHMENT_KINDS:
                if needed not in kinds:
                    raise RequestInvalid(f"a proxy request needs a photo of the {needed.replace('_', ' ')}",
                                         detail={"field": needed})
        if self.commitment is not None:
            self.commitment.signature.check()

    def to_wire(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id, "origin_archive": self.origin_archive, "origin_kiosk": self.origin_kiosk,
            "owner_archive": self.owner_archive, "record_type": self.record_type, "purpose": self.purpose,
            "subject_id": self.subject_id, "subject_name": self.subject_name, "channel": self.channel.value,
            "agent_id": self.agent_id, "relationship": self.relationship,
            "attachments": [a.to_wire() for a in self.attachments],
            "commitment": self.commitment.to_wire() if self.commitment else None,
            "note": self.note, "created_at": self.created_at,
        }

    def summary(self) -> dict[str, Any]:
        """What logs, the audit log and the local request book may hold: masked, without attachments."""
        return {"request_id": self.request_id, "owner_archive": self.owner_archive,
                "record_type": self.record_type, "purpose": self.purpose, "channel": self.channel.value,
                "subject": mask_id(self.subject_id), "subject_name": mask_name(self.subject_name),
                "relationship": self.relationship, "attachments": [a.kind for a in self.attachments],
                "commitment_missing": list(self.commitment.missing) if self.commitment else []}

    def drop_attachments(self) -> None:
        """Forget the captured photos (after they were handed to the outbox for sending)."""
        for a in self.attachments:
            a.data = b""
        self.attachments.clear()


def strip_attachments(wire: dict[str, Any]) -> dict[str, Any]:
    """A wire form with the photos replaced by their kinds (what a gateway keeps once forwarded)."""
    out = dict(wire)
    out["attachments"] = [{"kind": a.get("kind"), "mime": a.get("mime"), "dropped": True}
                          for a in wire.get("attachments") or []]
    return out
