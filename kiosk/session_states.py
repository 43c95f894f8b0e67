"""The session's states, their named groups and the table of legal moves.

Kept apart from :mod:`kiosk.session` so the table reads as one page: a reviewer checks the whole
behaviour of the kiosk's navigation here.
"""

from __future__ import annotations

from enum import Enum


class State(str, Enum):
    ATTRACT = "attract"
    READING_CARD = "reading_card"
    CONSENT = "consent"
    FACE_CHECK = "face_check"
    ASSISTED_VERIFY = "assisted_verify"
    HOME = "home"
    RECORDS = "records"
    SEARCH = "search"
    RECORD_VIEW = "record_view"
    PRINT = "print"
    CERTIFY = "certify"
    REQUEST = "request"
    GUIDE = "guide"
    CHECKOUT = "checkout"
    TIMEOUT_WARNING = "timeout_warning"
    WIPE = "wipe"
    VERIFY_CERTIFICATE = "verify_certificate"
    AGENT_LOGIN = "agent_login"
    AGENT_SESSION = "agent_session"
    TECHNICIAN_LOGIN = "technician_login"
    PROXY_REQUEST = "proxy_request"
    DIAGNOSTICS = "diagnostics"
    OUT_OF_SERVICE = "out_of_service"


S = State

#: Nobody is using the kiosk.
IDLE = frozenset({S.ATTRACT, S.OUT_OF_SERVICE})
#: A resident is being identified: a card is known, identity is not yet confirmed.
IDENTIFYING = frozenset({S.READING_CARD, S.CONSENT, S.FACE_CHECK, S.ASSISTED_VERIFY})
#: A resident is identified and may see their own archives.
AUTHENTICATED = frozenset({S.HOME, S.RECORDS, S.SEARCH, S.RECORD_VIEW, S.PRINT, S.CERTIFY, S.REQUEST, S.GUIDE,
                           S.CHECKOUT})
#: The resident's own archives: entering any of these needs their identity confirmed in this visit.
RESIDENT = AUTHENTICATED - {S.GUIDE}
#: The only moves that confirm a resident's identity, and the proof each needs (kept by the session):
#: the card with a face match that passed liveness, or the card with an agent signed in in this visit.
IDENTITY_EDGES: dict[tuple[State, State], str] = {(S.FACE_CHECK, S.HOME): "face", (S.ASSISTED_VERIFY, S.HOME): "agent"}
#: A member of staff is at the kiosk.
STAFF = frozenset({S.AGENT_LOGIN, S.AGENT_SESSION, S.PROXY_REQUEST, S.TECHNICIAN_LOGIN, S.DIAGNOSTICS})
#: Entering these needs an agent signed in (own card + PIN) in this visit.
AGENT_ONLY = frozenset({S.AGENT_SESSION, S.PROXY_REQUEST})
#: States in which someone is at the screen and the idle timer runs.
ACTIVE = IDENTIFYING | AUTHENTICATED | STAFF | frozenset({S.VERIFY_CERTIFICATE})
#: States in which personal data may be held in memory or shown.
PERSONAL = IDENTIFYING | AUTHENTICATED | frozenset({S.AGENT_SESSION, S.PROXY_REQUEST, S.TIMEOUT_WARNING})

_BROWSING = AUTHENTICATED - {S.CHECKOUT}

TRANSITIONS: dict[State, frozenset[State]] = {
    S.ATTRACT: frozenset({S.READING_CARD, S.VERIFY_CERTIFICATE, S.GUIDE, S.AGENT_LOGIN, S.TECHNICIAN_LOGIN,
                       S.OUT_OF_SERVICE}),
    S.READING_CARD: frozenset({S.CONSENT, S.ATTRACT, S.AGENT_SESSION}),
    S.CONSENT: frozenset({S.FACE_CHECK, S.ASSISTED_VERIFY}),
    S.FACE_CHECK: frozenset({S.HOME, S.ASSISTED_VERIFY}),
    S.ASSISTED_VERIFY: frozenset({S.HOME}),
    S.HOME: frozenset({S.RECORDS, S.SEARCH, S.REQUEST, S.GUIDE, S.CHECKOUT, S.PRINT}),
    S.RECORDS: frozenset({S.HOME, S.RECORD_VIEW, S.SEARCH, S.REQUEST, S.CHECKOUT}),
    S.SEARCH: frozenset({S.HOME, S.RECORDS, S.RECORD_VIEW, S.REQUEST, S.CHECKOUT}),
    S.RECORD_VIEW: frozenset({S.HOME, S.RECORDS, S.SEARCH, S.PRINT, S.GUIDE, S.REQUEST, S.CHECKOUT}),
    S.PRINT: frozenset({S.CERTIFY, S.RECORD_VIEW, S.RECORDS, S.HOME, S.CHECKOUT}),
    S.CERTIFY: frozenset({S.RECORD_VIEW, S.RECORDS, S.HOME, S.GUIDE, S.CHECKOUT}),
    S.REQUEST: frozenset({S.HOME, S.RECORDS, S.SEARCH, S.CHECKOUT}),
    S.GUIDE: frozenset({S.HOME, S.RECORDS, S.RECORD_VIEW, S.CHECKOUT, S.ATTRACT}),
    S.CHECKOUT: frozenset({S.WIPE}),
    S.VERIFY_CERTIFICATE: frozenset({S.ATTRACT}),
    S.AGENT_LOGIN: frozenset({S.AGENT_SESSION, S.ATTRACT}),
    S.AGENT_SESSION: frozenset({S.READING_CARD, S.PROXY_REQUEST, S.WIPE}),
    # The agent files for a resident who is not here: the agent's own form, never the resident's screens.
    S.PROXY_REQUEST: frozenset({S.AGENT_SESSION, S.WIPE}),
    # A technician's sign-in is its own state: an agent's sign-in never leads to the self-tests.
    S.TECHNICIAN_LOGIN: frozenset({S.DIAGNOSTICS, S.ATTRACT}),
    S.DIAGNOSTICS: frozenset({S.ATTRACT, S.OUT_OF_SERVICE, S.WIPE}),
    S.OUT_OF_SERVICE: frozenset({S.ATTRACT, S.AGENT_LOGIN, S.TECHNICIAN_LOGIN}),
    # From the warning the session returns to where it was (checked separately) or ends.
    S.TIMEOUT_WARNING: frozenset({S.WIPE}),
    S.WIPE: frozenset({S.ATTRACT}),
}

# Any state where someone is at the screen can time out, and can be ended by the person at any moment.
for _s in ACTIVE:
    TRANSITIONS[_s] = TRANSITIONS[_s] | {S.TIMEOUT_WARNING, S.WIPE}
# A guide opened from the attract screen is public and has nothing to wipe, but WIPE → ATTRACT is harmless.
del _s


def is_legal(src: State, dst: State, *, resume_to: State | None = None) -> bool:
    if src is S.TIMEOUT_WARNING and dst is resume_to:
        return True
    return dst in TRANSITIONS[src]
