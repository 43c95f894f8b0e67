"""Pushed proxy requests' photos leave the disk right after the scheduler's outbox push, not at the next card
tap: the scheduler runs the wipe its composition root hands it after every push."""

from __future__ import annotations

import argparse
import base64
import itertools
import os
from pathlib import Path
from typing import Any

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.errors import GatewayUnreachable
from kiosk.requests.model import Attachment, Channel, Request
from kiosk.requests.outbox_privacy import forget_sent_photos
from kiosk.requests.service import OUTBOX_KIND, outbox_key
from kiosk.sync.outbox import Outbox
from kiosk.sync.scheduler import SyncScheduler
from kiosk.sync.syncer import SyncResult
from tests.storage_key import TEST_KEY, decrypted

PHOTO = b"\xff\xd8PHOTO-OF-AN-ID-CARD" + os.urandom(30_000)
# The picture as the outbox stores it (base64 in JSON), in short slices far apart: a page boundary can split
# one slice, never all of them.
MARKERS = [base64.b64encode(PHOTO)[i:i + 32] for i in range(8, 40_000, 5000)]


def holds_photo(data: bytes) -> bool:
    return any(m in data for m in MARKERS)


class Gateway:
    """Accepts pushes; with ``fail_after`` set, the connection drops on the push after that many."""

    def __init__(self, fail_after: int | None = None):
        self.fail_after = fail_after
        self.pushes = 0

    def push_outbox(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if self.fail_after is not None and self.pushes >= self.fail_after:
            raise GatewayUnreachable("gateway went away")
        self.pushes += 1
        return [{"key": i["key"], "status": "accepted"} for i in items]


class Client:
    """The scheduler's view of a sync client: a run that finds nothing new, and the gateway it talks to."""

    def __init__(self, cache: ArchiveCache, gateway: Gateway):
        self.cache = cache
        self.gateway = gateway

    def sync_once(self) -> SyncResult:
        return SyncResult(applied=0, deleted=0, cursor=0, batches=1, elapsed_ms=1.0)


@pytest.fixture
def cache(tmp_path):
    c = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    yield c
    c.close()


def on_disk(cache: ArchiveCache) -> bytes:
    """Every page of the cache and its write-ahead log, decrypted with the storage key."""
    return decrypted(cache.path)


def proxy_request(outbox: Outbox) -> str:
    request = Request(origin_archive="330106", origin_kiosk="k1", owner_archive="330108", record_type="real_estate",
                      purpose="inheritance", subject_id="330108195203142628", subject_name="张秀英",
                      channel=Channel.PROXY, agent_id="A-007", relationship="子女",
                      attachments=[Attachment("id_photo", "image/jpeg", PHOTO)])
    return outbox.enqueue(OUTBOX_KIND, request.to_wire(), outbox_key(request.request_id))


def test_pushed_photos_are_wiped_by_the_push_itself(cache):
    outbox = Outbox(cache)
    key = proxy_request(outbox)
    assert holds_photo(on_disk(cache))
    seen: list[Any] = []
    # No hook to remember at each place a scheduler is built: the outbox wipes after its own push.
    scheduler = SyncScheduler(Client(cache, Gateway()), 60, outbox=outbox, listener=lambda r, e: seen.append(e or r))
    assert scheduler.run_once() == 60
    assert isinstance(seen[-1], SyncResult)
    item = outbox.item(key)
    assert item["pushed_at"] and item["payload"]["attachments"] == [{"kind": "id_photo", "mime": "image/jpeg",
                                                                     "dropped": True}]
    assert not holds_photo(on_disk(cache))


def test_a_push_the_gateway_breaks_off_still_wipes_what_it_took(cache):
    ticks = (f"2026-01-01T00:{m:02d}:{s:02d}+00:00" for m, s in itertools.product(range(60), range(60)))
    outbox = Outbox(cache, clock=lambda: next(ticks))
    key = proxy_request(outbox)  # the oldest item: in the first, accepted, push
    for n in range(100):
        outbox.enqueue("stats", {"n": n})
    calls: list[int] = []
    scheduler = SyncScheduler(Client(cache, Gateway(fail_after=1)), 60, outbox=outbox,
                              after_push=lambda: calls.append(forget_sent_photos(cache)))
    delay = scheduler.run_once()
    assert delay > 0 and scheduler.backoff.failures == 1  # the broken push backs off as before
    # The push wiped what the gateway took before it broke off; nothing was left for the hook.
    assert calls == [0] and outbox.item(key)["pushed_at"] and outbox.pending_count() == 1
    assert not holds_photo(on_disk(cache))


def test_a_failing_wipe_is_reported_and_does_not_stop_syncing(cache, caplog):
    outbox = Outbox(cache)
    proxy_request(outbox)
    calls = []

    def broken() -> None:
        calls.append(1)
        raise RuntimeError("disk trouble")

    seen: list[Any] = []
    scheduler = SyncScheduler(Client(cache, Gateway()), 30, outbox=outbox, listener=lambda r, e: seen.append(e or r),
                              after_push=broken)
    assert scheduler.run_once() == 30 and scheduler.run_once() == 30
    assert len(calls) == 2 and all(isinstance(s, SyncResult) for s in seen)
    assert "after-push step failed: RuntimeError" in caplog.text


def test_kiosk_sync_running_continuously_wipes_after_each_push(cache, monkeypatch):
    from kiosk.commands import sync as sync_command

    outbox = Outbox(cache)
    key = proxy_request(outbox)
    monkeypatch.setattr(SyncScheduler, "run_forever", lambda self: self.run_once())
    args = argparse.Namespace(interval=60.0, json=True)
    assert sync_command._continuously(args, Client(cache, Gateway())) == 0
    assert outbox.item(key)["pushed_at"] and not holds_photo(on_disk(cache))
