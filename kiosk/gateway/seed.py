"""Filling a gateway store with the synthetic district archive, and growing it with realistic changes."""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Iterator
from typing import Any

from kiosk.archive.demo_records import demo_records
from kiosk.archive.models import Record
from kiosk.archive.pages import DEFAULT_FONT, render_pages
from kiosk.archive.synthetic import Resident, resident, residents
from kiosk.errors import UsageError
from kiosk.gateway.store import GatewayStore

SAMPLE_SIZE = 5


def seed_archive(store: GatewayStore, *, residents_wanted: int, seed: int = 1, archive_code: str = "330106",
                 page_images_for: int = 20, font_path: str = DEFAULT_FONT) -> dict[str, Any]:
    """Make the archive hold residents ``0 .. residents_wanted-1`` (already present ones are kept)."""
    if residents_wanted < 1:
        raise UsageError("--residents must be at least 1")
    have = _seeded(store, seed, archive_code)
    if have >= residents_wanted:
        return _report(store, [], 0, have)
    people = _with_pages(residents(seed, have, residents_wanted - have, archive_code), store, page_images_for,
                         font_path)
    n, sample = _put_people(store, people)
    store.set_meta("residents", str(residents_wanted))
    return _report(store, sample, n, residents_wanted - have)


def add_changes(store: GatewayStore, *, residents_new: int, seed: int = 1, archive_code: str = "330106",
                page_images_for: int = 0, font_path: str = DEFAULT_FONT) -> dict[str, Any]:
    """New residents with their records, plus edits (about 10 %) and deletes (about 5 %) of existing records."""
    have = _seeded(store, seed, archive_code)
    if have == 0:
        raise UsageError("the archive is empty: seed it before adding changes")
    rng = random.Random(f"{seed}:add:{have}")
    protected = {r.record_id for r in demo_records(archive_code)}  # the demo residents keep their records
    live = store.count("record")
    picks = _pick_keys(store, rng, live, max(1, residents_new // 2) + max(1, residents_new // 4), protected)
    to_edit, to_delete = picks[:max(1, residents_new // 2)], picks[max(1, residents_new // 2):]
    edited = [_edited(Record.from_wire(body), rng) for key in to_edit if (body := store.get("record", key))]
    store.put_records(edited)
    deleted = store.delete("record", to_delete)
    n, sample = _put_people(store, _with_pages(residents(seed, have, residents_new, archive_code), store,
                                               page_images_for, font_path))
    store.set_meta("residents", str(have + residents_new))
    return {**_report(store, sample, n, residents_new), "edited": len(edited), "deleted": deleted}


def _put_people(store: GatewayStore, people: Iterator[Resident]) -> tuple[int, list[Resident]]:
    """Store the residents' records as they are generated (a million residents do not fit in memory at
    once); returns how many records and the first few residents, for the report's sample."""
    sample: list[Resident] = []

    def records() -> Iterator[Record]:
        for person in people:
            if len(sample) < SAMPLE_SIZE:
                sample.append(person)
            yield from person.records

    return store.put_records(records()), sample


def _seeded(store: GatewayStore, seed: int, archive_code: str) -> int:
    recorded = store.meta("seed")
    identity = json.dumps({"seed": seed, "archive_code": archive_code})
    if recorded is None:
        store.set_meta("seed", identity)
    elif recorded != identity:
        raise UsageError(f"this archive was seeded with {recorded}; use the same --seed and --archive-code")
    return int(store.meta("residents") or 0)


def _with_pages(people: Iterator[Resident], store: GatewayStore, page_images_for: int,
                font_path: str) -> Iterator[Resident]:
    """Rendered pages for the first residents (and the demo ones); the rest are catalogued without scans."""
    for p in people:
        if p.index < max(page_images_for, 3):
            records = tuple(dataclasses.replace(r, pages=tuple(store.put_blob(png) for png in render_pages(r, font_path)))
                            for r in p.records)
            p = dataclasses.replace(p, records=records)
        yield p


def _pick_keys(store: GatewayStore, rng: random.Random, live: int, n: int, protected: set[str]) -> list[str]:
    if live == 0:
        return []
    picked: list[str] = []
    for offset in sorted(rng.sample(range(live), min(live, n * 2))):
        for key in store.keys("record", 1, offset):
            if key not in protected and key not in picked:
                picked.append(key)
        if len(picked) >= n:
            break
    return picked[:n]


def _edited(r: Record, rng: random.Random) -> Record:
    """A correction as archives make them: a fixed title or date, noted in the text."""
    date = f"{r.year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    title = r.title if r.title.endswith("（更正）") else r.title + "（更正）"
    return dataclasses.replace(r, title=title, date=date, body=r.body + " 著录更正。")


def _report(store: GatewayStore, people: list[Resident], records: int, added: int) -> dict[str, Any]:
    return {"residents": added, "records": records, "total_records": store.count("record"),
            "sample": [{"id_number": p.id_number, "name": p.name, "records": len(p.records)}
                       for p in people[:SAMPLE_SIZE]]}


def churn(store: GatewayStore, changes: int, *, seed: int = 1, archive_code: str = "330106") -> dict[str, int]:
    """About ``changes`` changes, as a busy day brings them: 60 % edits, 20 % deletes, 20 % new records."""
    have = _seeded(store, seed, archive_code)
    rng = random.Random(f"{seed}:churn:{have}:{changes}")
    protected = {r.record_id for r in demo_records(archive_code)}
    n_edit, n_delete = changes * 6 // 10, changes * 2 // 10
    live = store.count("record")
    start = rng.randrange(max(1, live - n_edit - n_delete))
    keys = [k for k in store.keys("record", n_edit + n_delete + len(protected), start) if k not in protected]
    to_edit, to_delete = keys[:n_edit], keys[n_edit:n_edit + n_delete]
    edited = store.put_records(_edited(Record.from_wire(body), rng) for key in to_edit
                               if (body := store.get("record", key)))
    deleted = store.delete("record", to_delete)
    wanted_new, added, residents_new = changes - n_edit - n_delete, 0, 0
    while added < wanted_new:
        person = resident(seed, have + residents_new, archive_code)
        added += store.put_records(person.records[:wanted_new - added])
        residents_new += 1
    store.set_meta("residents", str(have + residents_new))
    return {"edited": edited, "deleted": deleted, "added": added}
