"""`kiosk idcard read | sam | simulate`: the ID-card reader from the command line.

Exit codes: 0 done; 1 protocol, device or card-data error; 2 usage or configuration; 3 no card within
the timeout. With ``--json`` every outcome is one JSON object on stdout (errors as ``{"error": ...}``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.errors import UsageError

HELP = "read ID cards, query the SAM, run the reader simulator"
#: The fields every card type reports (empty when the card has no such field), then the optional ones.
BASE_FIELDS = ("card_type", "name", "sex", "nation", "birth", "address", "id_number", "authority", "valid_from",
               "valid_to")
OPTIONAL_FIELDS = ("english_name", "country", "pass_number", "newest_address")


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="idcard_command", required=True, metavar="ACTION")

    r = sub.add_parser("read", help="wait for a card and print what it holds (masked unless --reveal)")
    _port_arguments(r)
    r.add_argument("--timeout", type=at.number(float, minimum=0, maximum=86_400), default=10.0, metavar="S",
                   help="seconds to wait for a card (10)")
    r.add_argument("--reveal", action="store_true", help="print names and ID numbers unmasked")
    r.add_argument("--photo-decoder", type=at.utf8_text, default="none", metavar="SPEC",
                   help="none, fixture or vendor:/path/libwlt2bmp.so: reports whether the photo decodes")
    r.add_argument("--cards", metavar="DIR", type=at.existing_dir,
                   help="card files whose photos the fixture decoder knows "
                   "(default: the demo cards)")
    add_json_flag(r)
    r.set_defaults(_action=_read)

    s = sub.add_parser("sam", help="ask the reader's security module for its status and id")
    _port_arguments(s)
    add_json_flag(s)
    s.set_defaults(_action=_sam)

    m = sub.add_parser("simulate", help="start a simulated reader on a pty and print its tty; it runs until "
                       "interrupted and takes commands on stdin (place NAME, lift, fault SPEC, clear, unplug, "
                       "replug, quit)")
    m.add_argument("--card", action="append", default=[], type=at.existing_file, metavar="FILE.toml",
                   help="a card file (repeatable); the first is placed on the reader")
    m.add_argument("--cards", metavar="DIR", type=at.existing_dir, help="every card file in DIR (none placed)")
    m.add_argument("--fault", action="append", default=[], type=at.utf8_text, metavar="SPEC",
                   help="NAME[=TIMES|always][@COMMAND], e.g. noise, bad_checksum=2@read, sam_unauthorised")
    m.add_argument("--baud", type=at.number(int, minimum=300, maximum=4_000_000), default=None,
                   help="pace replies at this line speed (e.g. 115200)")
    add_json_flag(m)
    m.set_defaults(_action=_simulate)


def _port_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", required=True, type=at.nonempty_text,
                   help="/dev/ttyUSB0, /dev/pts/N, serial:///dev/ttyUSB0?baud=115200, hwgrep://VID:PID or "
                   "usb://VID:PID (a reader on raw USB bulk transfers, e.g. usb://0400:C35A)")
    p.add_argument("--baud", type=at.number(int, minimum=300, maximum=4_000_000), default=None,
                   help="line speed (default 115200 or the URL's baud=)")


def run(args: argparse.Namespace) -> int:
    return int(args._action(args) or 0)


def _link(args: argparse.Namespace) -> Any:
    from hardware.idcard.link import SamLink, open_port

    port = open_port(args.port, args.baud)
    return SamLink(port, baud=port.baudrate)


def _read(args: argparse.Namespace) -> int:
    from hardware.idcard.cards import card_files, load_fixtures, photo_images
    from hardware.idcard.photo import make_photo_decoder
    from hardware.idcard.reading import read_found_card, wait_for_card

    if not 0 <= args.timeout < math.inf:
        raise UsageError(f"--timeout must be a number of seconds, 0 or more (got {args.timeout})")
    images = []
    if args.photo_decoder == "fixture":
        images = photo_images(load_fixtures(list(card_files(args.cards or _demo_cards()).values())))
    decoder = make_photo_decoder(args.photo_decoder, card_images=images)
    link = _link(args)
    try:
        link.status()
        wait_for_card(link, timeout_s=args.timeout)
        found = time.perf_counter()
        reading = read_found_card(link, decoder=decoder, today=dt.date.today())
        elapsed_ms = round((time.perf_counter() - found) * 1000, 1)
    finally:
        link.close()
    result = card_json(reading.card, reveal=args.reveal)
    if args.photo_decoder != "none":
        result["photo_decoded"] = reading.photo_image is not None
    result["elapsed_ms"] = elapsed_ms
    text = "\n".join(f"{k:>18}: {v}" for k, v in result.items())
    emit(args, result, text)
    return 0


def card_json(card: Any, *, reveal: bool) -> dict[str, Any]:
    shown = card.to_dict(reveal=reveal)
    out = {k: shown.get(k, "") for k in BASE_FIELDS}
    out.update({k: shown[k] for k in OPTIONAL_FIELDS if shown.get(k)})
    out.update({k: v for k, v in card.extra.items()})
    out["photo_wlt_sha256"] = card.photo_wlt_sha256
    return out


def _sam(args: argparse.Namespace) -> int:
    link = _link(args)
    try:
        started = time.perf_counter()
        link.status()
        sam_id = link.sam_id()
        elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    finally:
        link.close()
    result = {"status": "ok", "sam_id": sam_id, "port": args.port, "baud": link.baud, "elapsed_ms": elapsed_ms}
    emit(args, result, f"SAM ok, id {sam_id} ({args.port} at {link.baud} baud)")
    return 0


def _demo_cards() -> str:
    from kiosk.demo_setup import project_root

    return str(project_root() / "assets" / "demo" / "cards")


def _simulate(args: argparse.Namespace) -> int:
    from hardware.idcard.cards import card_files, load_fixtures
    from hardware.idcard.simulator import CardSimulator

    paths = [Path(c) for c in args.card] + (list(card_files(args.cards).values()) if args.cards else [])
    if not paths:
        paths = list(card_files(_demo_cards()).values())
    fixtures = load_fixtures(paths)
    sim = CardSimulator(fixtures, pace_baud=args.baud)
    try:
        for spec in args.fault:
            _arm(sim, spec)
    except ValueError as e:
        raise UsageError(f"--fault: {e}") from None
    placed = paths[0].stem if args.card else None
    sim.start()
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        if placed:
            sim.place(placed)
        result = {"port": sim.port, "tty": sim.tty, "cards": sim.available_cards(), "placed": placed,
                  "faults": sim.faults.armed()}
        emit(args, result, f"simulated ID-card reader on {sim.port} ({sim.tty}); card on it: {placed or 'none'}")
        sys.stdout.flush()
        for line in sys.stdin:
            if not _simulator_command(sim, line.split(), args) or stopping.is_set():
                return 0
        while not stopping.wait(0.5):  # stdin closed: keep serving until SIGTERM or Ctrl-C
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


def _simulator_command(sim: Any, words: list[str], args: argparse.Namespace) -> bool:
    """Carry out one stdin command; False to quit. Every command is answered with one line."""
    if not words:
        return True
    verb, rest = words[0], words[1:]
    try:
        if verb == "quit":
            return False
        if verb == "place" and rest:
            sim.place(rest[0])
        elif verb == "lift":
            sim.lift()
        elif verb == "fault" and rest:
            _arm(sim, rest[0])
        elif verb == "clear":
            sim.clear_faults()
        elif verb == "unplug":
            sim.unplug()
        elif verb == "replug":
            sim.replug()
        else:
            raise ValueError(f"unknown command {' '.join(words)!r}")
    except (KeyError, ValueError) as e:
        emit(args, {"ok": False, "error": str(e)}, f"error: {e}")
    else:
        emit(args, {"ok": True, "command": verb, "tty": sim.tty, "card": sim.card_on_reader},
             f"ok: {verb}")
    sys.stdout.flush()
    return True


def _arm(sim: Any, spec: str) -> None:
    """NAME[=TIMES|always][@COMMAND]"""
    name, _, on = spec.partition("@")
    name, _, times = name.partition("=")
    count: int | None = 1
    if times == "always" or (not times and name == "sam_unauthorised"):
        count = None
    elif times:
        if not times.isdigit():
            raise ValueError(f"{spec!r}: TIMES must be a whole number or 'always'")
        count = int(times)
    sim.inject_fault(name, count, on=on or None)
