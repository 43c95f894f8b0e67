"""Applying a face-check verdict to the session, with its audit record.

The one place that decides what of a face check is kept: the decision, the rounded distance, the
threshold, the liveness outcome and the quality reasons (``FaceVerdict.audit_detail``). No image,
crop or descriptor ever reaches this function: a :class:`FaceVerdict` holds none.
"""

from __future__ import annotations

from kiosk.identity.policy import FaceVerdict
from kiosk.ports import AuditSink
from kiosk.session import Session


def apply_face_verdict(session: Session, verdict: FaceVerdict, audit: AuditSink | None = None) -> None:
    """Record the attempt, then let the session move (HOME, another attempt, or ASSISTED_VERIFY)."""
    if audit is not None:
        attempt = session.data.face_attempts + (0 if verdict.verified else 1)
        audit.append("identity.face_verdict", {**verdict.audit_detail(), "attempt": attempt,
                                               **session.data.subject()})
    session.face_result(verdict)


def record_camera_unavailable(session: Session, audit: AuditSink | None, code: str) -> None:
    """The camera went away during the check: audited, and the agent path is what the screen offers."""
    if audit is not None:
        audit.append("identity.camera_unavailable", {"code": code, **session.data.subject()})
