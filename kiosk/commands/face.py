"""`kiosk face verify|evaluate`: compare a card photo with a live image; measure the matcher.

Exit codes: 0 decided (match or no match), 2 usage (missing file, not an image), 3 the live image is
unusable (no face, several faces, too small, cut off, too dark or bright, blurred, not frontal: the
reason code is in the output), 1 the face engine failed.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.errors import UsageError
from kiosk.identity.policy import DEFAULT_THRESHOLD, face_distance

HELP = "verify a card photo against a live image; evaluate the matcher on a folder of photos"

_PHOTO = re.compile(r"^(?P<person>[A-Za-z][A-Za-z-]*(?:_[A-Za-z][A-Za-z-]*)*)_(?P<n>\d+)$")


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="face_command", required=True, metavar="ACTION")
    v = sub.add_parser("verify", help="compare a card photo with a live image")
    v.add_argument("--card", required=True, type=at.existing_file, help="the card photo (e.g. a 102x126 crop)")
    v.add_argument("--live", required=True, type=at.existing_file, help="the live image (a camera frame or photo)")
    v.add_argument("--threshold", type=at.number(float, above=0, maximum=2), default=DEFAULT_THRESHOLD)
    add_json_flag(v)
    e = sub.add_parser("evaluate", help="FMR/FNMR from a folder of person_N.jpg photos")
    e.add_argument("--faces", required=True, type=at.existing_dir, help="folder of person_N.jpg photos")
    e.add_argument("--threshold", type=at.number(float, above=0, maximum=2), default=DEFAULT_THRESHOLD)
    add_json_flag(e)
    add_json_flag(p)


def run(args: argparse.Namespace) -> int:
    from hardware.camera.faces import FaceEngine, read_image

    if args.face_command == "verify":
        # Read the inputs first: a wrong path is reported before the engine's start-up second.
        images = read_image(args.card), read_image(args.live)
        with FaceEngine() as engine:
            return _verify(args, engine, *images)
    photos = _photos(Path(args.faces))  # a wrong folder is reported before the engine starts, too
    with FaceEngine() as engine:
        return _evaluate(args, engine, photos)


def _photos(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    photos = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png")
                    and _PHOTO.match(p.stem))
    if not photos:
        raise UsageError(f"{folder} holds no person_N.jpg photos")
    return photos


def _verify(args: argparse.Namespace, engine: Any, card_image: Any, live_image: Any) -> int:
    card = engine.encode_card(card_image)
    live = engine.analyse_still(live_image)
    quality: dict[str, Any] = live.quality.to_dict()
    faces = live.quality.measures.faces
    if not live.quality.ok or live.encoding is None:
        err = live.quality.as_error()
        result = {"error": {"code": err.code, "message": err.message}, "faces_in_live": faces, "quality": quality}
        emit(args, result, f"live image unusable: {err.message} [{err.code}]")
        return err.exit_code
    distance = face_distance(card.encoding, live.encoding)
    result = {"match": bool(distance < args.threshold), "distance": round(float(distance), 4),
              "threshold": args.threshold,
              "faces_in_live": faces, "quality": quality}
    emit(args, result, f"{'MATCH' if result['match'] else 'NO MATCH'}: distance {distance:.3f} "
                       f"(threshold {args.threshold})")
    return 0


def _evaluate(args: argparse.Namespace, engine: Any, photos: list[Path]) -> int:
    from hardware.camera.faces import read_image
    from hardware.camera.image_tools import DEGRADATIONS, card_crop, degrade
    from kiosk.identity.evaluation import Sample, make_pairs, rates

    cards: list[Sample] = []
    lives: list[Sample] = []
    skipped: dict[str, str] = {}
    for path in photos:
        person = _PHOTO.match(path.stem)["person"]  # type: ignore[index]
        image = read_image(str(path))
        live = engine.analyse_still(image)
        if live.box is None or live.quality.measures.faces != 1:
            skipped[path.stem] = live.quality.first_reason or "FACE_NO_FACE"
            continue
        card = engine.encode_card(card_crop(image, live.box))
        cards.append(Sample(person, path.stem, "card", card.encoding))
        lives.append(Sample(person, path.stem, "original", live.encoding, live.quality.reasons))
        for kind in DEGRADATIONS:
            d = engine.analyse_still(degrade(image, kind, live.quality.measures.face_px))
            lives.append(Sample(person, path.stem, kind, d.encoding, d.quality.reasons))
    report = rates(make_pairs(cards, lives), args.threshold)
    report["photos"] = [p.stem for p in photos]
    report["skipped_photos"] = skipped
    emit(args, report, _evaluate_text(report))
    return 0


def _evaluate_text(r: dict[str, Any]) -> str:
    g, i = r["genuine_distances"], r["impostor_distances"]
    return (f"threshold {r['threshold']}: FMR {r['fmr']} over {r['impostor_pairs']} impostor pairs, "
            f"FNMR {r['fnmr']} over {r['genuine_pairs']} genuine pairs; refused {r['refused']}\n"
            f"genuine  min {g.get('min')} median {g.get('median')} max {g.get('max')}\n"
            f"impostor min {i.get('min')} median {i.get('median')} max {i.get('max')}")
