"""Statistics for the running kiosk, built from config by the composition root."""

from __future__ import annotations

from kiosk.archive.cache import ArchiveCache
from kiosk.config import KioskConfig
from kiosk.stats.recorder import ObservableSession, StatsRecorder
from kiosk.sync.outbox import Outbox

STATS_FILE = "stats.sqlite"


def start_stats(config: KioskConfig, session: ObservableSession, cache: ArchiveCache) -> StatsRecorder:
    """Count this kiosk's visits; closed hours go to the outbox at the end of each visit."""
    recorder = StatsRecorder(config.resolve(config.data.dir) / STATS_FILE, key=cache.key, point=config.point.archive_code,
                             kiosk_id=config.point.kiosk_id)
    recorder.observe(session, Outbox(cache))
    return recorder
