"""No frame is analysed without the resident's separate consent to the face check.

The consent step itself is the session's (``Session.consent``: yes → FACE_CHECK, no → ASSISTED_VERIFY,
the agent's path) and the screen's (what is processed, that nothing is kept, the alternative). This is
the proof of it that the face check demands before it turns the camera on, so that no caller can start
an analysis with the step skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.errors import KioskError
from kiosk.session import Session
from kiosk.session_states import State


class ConsentRequired(KioskError):
    code = "FACE_CONSENT_REQUIRED"
    message_key = "error.face.consent"


@dataclass(frozen=True)
class FaceConsent:
    agreed: bool

    @classmethod
    def of(cls, session: Session) -> FaceConsent:
        """Given only while the session is in its face check after an explicit yes."""
        return cls(session.data.consented_to_face is True and session.state is State.FACE_CHECK)

    def require(self) -> None:
        if not self.agreed:
            raise ConsentRequired("the resident has not agreed to the face check; offer the staff path instead")
