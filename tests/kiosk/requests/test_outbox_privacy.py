"""The photographs of a proxy request leave the kiosk's disk once the gateway has them: not in the outbox
row, not in free pages, not in the write-ahead log."""

from __future__ import annotations

import os
from typing import Any

from kiosk.archive.cache import ArchiveCache
from kiosk.requests.model import Attachment, Channel, Request
from kiosk.requests.outbox_privacy import forget_sent_photos
from kiosk.requests.service import OUTBOX_KIND, outbox_key
from kiosk.sync.outbox import Outbox
from tests.storage_key import TEST_KEY, decrypted

# Incompressible and unmistakable: found in a file only if the picture itself is there.
PHOTO = b"\xff\xd8PHOTO-OF-AN-ID-CARD" + os.urandom(40_000)


class AcceptingGateway:
    def push_outbox(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{"key": i["key"], "status": "accepted"} for i in items]


def on_disk(folder) -> bytes:
    """What the cache's files give someone holding the storage key: every page decrypted, free pages and old
    log frames included (without the key they give nothing, see raw_on_disk)."""
    return decrypted(folder / "cache.sqlite")


def raw_on_disk(folder) -> bytes:
    return b"".join(f.read_bytes() for f in folder.glob("cache.sqlite*"))


def test_pushed_photos_are_wiped_from_every_file_of_the_cache(tmp_path):
    import base64

    cache = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    outbox = Outbox(cache)
    request = Request(origin_archive="330106", origin_kiosk="k1", owner_archive="330108", record_type="real_estate",
                      purpose="inheritance", subject_id="330108195203142628", subject_name="张秀英",
                      channel=Channel.PROXY, agent_id="A-007", relationship="子女",
                      attachments=[Attachment("id_photo", "image/jpeg", PHOTO),
                                   Attachment("authorisation_letter", "image/jpeg", PHOTO[::-1])])
    outbox.enqueue(OUTBOX_KIND, request.to_wire(), outbox_key(request.request_id))
    # The picture as the outbox stores it (base64 in JSON), in short slices far apart: a page boundary can
    # split one slice, never all of them.
    slices = [base64.b64encode(PHOTO)[i:i + 32] for i in range(8, 50_000, 5000)]
    assert any(m in on_disk(tmp_path) for m in slices)  # waiting to be sent, it must survive a power cut
    assert not any(m in raw_on_disk(tmp_path) for m in slices)  # ... encrypted while it waits
    assert forget_sent_photos(cache) == 0  # not pushed yet: kept

    outbox.push(AcceptingGateway())  # the push itself wipes what the gateway now holds
    assert not any(m in on_disk(tmp_path) for m in slices)
    kept = outbox.item(outbox_key(request.request_id))
    assert kept["pushed_at"] and [a["kind"] for a in kept["payload"]["attachments"]] == ["id_photo",
                                                                                      "authorisation_letter"]
    assert forget_sent_photos(cache) == 0
    cache.close()
    assert not any(m in on_disk(tmp_path) for m in slices)
