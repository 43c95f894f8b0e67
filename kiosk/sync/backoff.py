"""Exponential backoff with jitter while the gateway is down (so a district's kiosks do not retry in step)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    initial_s: float = 2.0
    factor: float = 2.0
    max_s: float = 300.0
    jitter: float = 0.2  # +- this fraction
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def next_delay(self) -> float:
        base = min(self.max_s, self.initial_s * self.factor ** self.failures)
        self.failures += 1
        return base * (1 + self.rng.uniform(-self.jitter, self.jitter))

    def reset(self) -> None:
        self.failures = 0
