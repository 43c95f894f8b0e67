"""`kiosk bench print`: how long a receipt takes to compose into bytes, and a certified copy per page."""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit

if TYPE_CHECKING:
    from kiosk.printing.certified_copy import CertifiedCopy

T = TypeVar("T")

HELP = "receipt bytes composed (goal ≤ 50 ms), certified-copy PDF per page (goal ≤ 500 ms)"
RECEIPT_GOAL_MS = 50.0
PDF_PAGE_GOAL_MS = 500.0


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_json_flag(p)
    p.add_argument("--runs", type=at.number(int, minimum=1, maximum=100_000), default=20,
                   help="repetitions for the receipt (default 20)")
    p.add_argument("--pages", type=at.number(int, minimum=1, maximum=1000), default=4,
                   help="pages in the certified copy (default 4)")
    p.add_argument("--pdf-runs", type=at.number(int, minimum=1, maximum=1000), default=3,
                   help="repetitions of each certified-copy figure after its first call (default 3)")


def _median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(first call, median of the following calls) in ms: the first pays for fonts and caches."""
    return _timed(fn, runs)[:2]


def _timed(fn: Callable[[], T], runs: int) -> tuple[float, float, T]:
    """:func:`_median_ms` and what the last call returned (a rendered copy is measured, not made again)."""
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - start) * 1000)
    return times[0], statistics.median(times[1:]), out


def _page_png(number: int, width: int = 1240, height: int = 1754, grain: bool = False) -> bytes:
    """An A4 page at 150 dpi: grey text lines on white. Each page differs, or the PDF would embed one
    shared image and the figure would flatter us. With ``grain`` the paper has the noise of a real scan,
    which no compressor removes: the archive's scanned pages look like that, the clean page is the floor."""
    import numpy as np
    from PIL import Image, ImageDraw

    image = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(image)
    for y in range(160, height - 160, 36):
        for x in range(120, width - 120, 90):
            draw.rectangle((x, y, x + 40 + (x * y + number) % 40, y + 18), fill=60)
    if grain:
        noise = np.random.default_rng(number).normal(0, 12, (height, width))
        image = Image.fromarray(np.clip(np.asarray(image, dtype=np.float64) + noise, 0, 255).astype(np.uint8))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _reportlab_accelerated() -> bool:
    """Whether ReportLab found its C accelerator (rl-accel); without it the PDF figure is about 2× worse."""
    from reportlab.lib import rl_accel

    return "asciiBase85Encode" in rl_accel._c_funcs


def _signed_copy(copy: CertifiedCopy, unsigned_ms: float, runs: int) -> dict[str, float | int]:
    """The same copy with an Ed25519 kiosk's embedded PAdES signature; the unsigned copy, timed in this
    run, is the baseline."""
    from datetime import UTC, datetime, timedelta

    from kiosk.certify.kiosk_cert import issue_kiosk_certificate
    from kiosk.certify.pades import build_district_x509, seal_pdf
    from kiosk.crypto.keys import generate
    from kiosk.printing.certified_copy import render_certified_copy

    district, kiosk_key = generate("ed25519"), generate("ed25519")
    today = datetime.now(UTC).date()
    kiosk = issue_kiosk_certificate(district, "bench-01", kiosk_key, today, today + timedelta(days=1))
    now = datetime.now(UTC).replace(microsecond=0)
    anchor = build_district_x509(district, now - timedelta(days=1), now + timedelta(days=365))
    first, median = _median_ms(
        lambda: seal_pdf(render_certified_copy(copy), kiosk_key, kiosk.der, [anchor]), runs)
    pdf = render_certified_copy(copy)
    _, seal, sealed = _timed(lambda: seal_pdf(pdf, kiosk_key, kiosk.der, [anchor]), runs + 2)  # cheap: a few more
    return {"first_ms": round(first, 1), "median_ms": round(median, 1), "seal_only_ms": round(seal, 1),
            "bytes_added": len(sealed) - len(pdf),
            # the whole signed copy against the unsigned one (noisy: two renders), and the seal alone against it
            "vs_unsigned": round(median / unsigned_ms, 3) if unsigned_ms else 0.0,
            "seal_vs_unsigned": round(seal / unsigned_ms, 4) if unsigned_ms else 0.0}


def run(args: argparse.Namespace) -> int:
    from hardware.receipt.encoder import encode_receipt
    from hardware.receipt.profiles import PROFILES
    from kiosk.printing.certified_copy import CertifiedCopy, render_certified_copy
    from kiosk.printing.receipt_content import compose_receipt, demo_summary

    summary = demo_summary()
    results = {}
    for profile_name in ("cn80", "raster80"):
        profile = PROFILES[profile_name]
        first, median = _median_ms(lambda: encode_receipt(compose_receipt(summary, profile.columns), profile),
                                   args.runs)
        size = len(encode_receipt(compose_receipt(summary, profile.columns), profile))
        results[f"receipt_{profile_name}"] = {"first_ms": round(first, 2), "median_ms": round(median, 3),
                                              "bytes": size, "goal_ms": RECEIPT_GOAL_MS,
                                              "within_goal": median <= RECEIPT_GOAL_MS}
    plain: CertifiedCopy | None = None
    for name, grain in (("certified_copy_pdf", False), ("certified_copy_pdf_scanned", True)):
        pages = [_page_png(n, grain=grain) for n in range(args.pages)]
        copy = CertifiedCopy("城镇职工基本养老保险缴费记录", "330106-2019-WS-0042", "330106", "社会保险", 2019,
                             "西湖区社会保险管理服务中心", pages, summary.point_name, summary.kiosk_id,
                             summary.printed_at, "办理落户", "张*英", "7K3Q-9F2M", "KC1.cert-0001.3f9a.sig")
        plain = plain or copy
        first, median, pdf = _timed(lambda c=copy: render_certified_copy(c), args.pdf_runs)
        per_page = median / args.pages
        results[name] = {"pages": args.pages, "first_ms": round(first, 1), "median_ms": round(median, 1),
                         "per_page_ms": round(per_page, 1), "bytes": len(pdf),
                         "page_png_bytes": sum(map(len, pages)) // args.pages,
                         "goal_per_page_ms": PDF_PAGE_GOAL_MS, "within_goal": per_page <= PDF_PAGE_GOAL_MS}
    assert plain is not None
    results["certified_copy_pdf_signed"] = _signed_copy(plain, results["certified_copy_pdf"]["median_ms"],
                                                        args.pdf_runs)
    results["pdf_accelerator"] = _reportlab_accelerated()
    text = "\n".join(f"{name}: {r}" for name, r in results.items())
    emit(args, results, text)
    return 0
