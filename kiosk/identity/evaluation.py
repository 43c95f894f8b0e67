"""Measuring the matcher: genuine and impostor pairs, false match and false non-match rates.

Pure arithmetic over descriptors someone else computed (``kiosk face evaluate`` drives the engine).
A pair whose live image fails a quality gate is *refused*, not compared: it is counted by reason, and
the rates are over the compared pairs (the kiosk never compares a refused image either).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.identity.policy import face_distance


@dataclass(frozen=True)
class Sample:
    person: str
    photo: str  # the file stem, e.g. obama_2
    variant: str  # "original", "dark", "blurred", "jpeg10", or "card"
    encoding: Sequence[float] | None = field(default=None, repr=False)
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pair:
    card: str
    live: str
    variant: str
    genuine: bool
    distance: float | None  # None when refused
    refused_for: str | None = None


def make_pairs(cards: Sequence[Sample], lives: Sequence[Sample]) -> list[Pair]:
    """Each card against every live sample of *another* photo (the same photo would flatter the figures)."""
    pairs = []
    for c in cards:
        if c.encoding is None:
            continue
        for s in lives:
            if s.photo == c.photo:
                continue
            genuine = s.person == c.person
            label = f"{s.photo}:{s.variant}"
            if s.encoding is None or s.reasons:
                pairs.append(Pair(c.photo, label, s.variant, genuine, None, s.reasons[0] if s.reasons else "none"))
            else:
                pairs.append(Pair(c.photo, label, s.variant, genuine, face_distance(c.encoding, s.encoding)))
    return pairs


def distribution(values: Sequence[float]) -> dict[str, Any]:
    v = sorted(values)
    if not v:
        return {"n": 0}

    def q(p: float) -> float:
        return round(v[min(len(v) - 1, int(p * (len(v) - 1) + 0.5))], 3)

    return {"n": len(v), "min": round(v[0], 3), "p05": q(0.05), "median": q(0.5), "p95": q(0.95),
            "max": round(v[-1], 3), "values": [round(x, 3) for x in v]}


def rates(pairs: Sequence[Pair], threshold: float) -> dict[str, Any]:
    genuine = [p.distance for p in pairs if p.genuine and p.distance is not None]
    impostor = [p.distance for p in pairs if not p.genuine and p.distance is not None]
    false_non = [p for p in pairs if p.genuine and p.distance is not None and p.distance >= threshold]
    false_match = [p for p in pairs if not p.genuine and p.distance is not None and p.distance < threshold]
    refused = Counter(p.refused_for for p in pairs if p.distance is None)
    by_variant: dict[str, dict[str, Any]] = {}
    for variant in sorted({p.variant for p in pairs}):
        g = [p.distance for p in pairs if p.variant == variant and p.genuine and p.distance is not None]
        i = [p.distance for p in pairs if p.variant == variant and not p.genuine and p.distance is not None]
        by_variant[variant] = {
            "genuine": len(g), "impostor": len(i),
            "fnmr": round(sum(d >= threshold for d in g) / len(g), 4) if g else None,
            "fmr": round(sum(d < threshold for d in i) / len(i), 4) if i else None,
            "refused": sum(1 for p in pairs if p.variant == variant and p.distance is None)}
    return {
        "threshold": threshold,
        "genuine_pairs": len(genuine), "impostor_pairs": len(impostor),
        "fmr": round(len(false_match) / len(impostor), 4) if impostor else None,
        "fnmr": round(len(false_non) / len(genuine), 4) if genuine else None,
        "false_matches": [f"{p.card}~{p.live}" for p in false_match],
        "false_non_matches": [f"{p.card}~{p.live}" for p in false_non],
        "refused": dict(sorted(refused.items())),
        "by_variant": by_variant,
        "genuine_distances": distribution(genuine),
        "impostor_distances": distribution(impostor),
    }
