"""`kiosk bench print`: how long a receipt takes to compose into bytes, and a certified copy per page."""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit

HELP = "receipt bytes composed (goal ≤ 50 ms), certified-copy PDF per page (goal ≤ 500 ms)"
RECEIPT_GOAL_MS = 50.0
PDF_PAGE_GOAL_MS = 500.0


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_json_flag(p)
    p.add_argument("--runs", type=at.number(int, minimum=1, maximum=100_000), default=20,
                   help="repetitions for the receipt (default 20)")
    p.add_argument("--pages", type=at.number(int, minimum=1, maximum=1000), default=4,
                   help="pages in the certified copy (default 4)")


def _median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(first call, median of the following calls) in ms: the first pays for fonts and caches."""
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times[0], statistics.median(times[1:])


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
    for name, grain in (("certified_copy_pdf", False), ("certified_copy_pdf_scanned", True)):
        pages = [_page_png(n, grain=grain) for n in range(args.pages)]
        copy = CertifiedCopy("城镇职工基本养老保险缴费记录", "330106-2019-WS-0042", "330106", "社会保险", 2019,
                             "西湖区社会保险管理服务中心", pages, summary.point_name, summary.kiosk_id,
                             summary.printed_at, "办理落户", "张*英", "7K3Q-9F2M", "KC1.cert-0001.3f9a.sig")
        first, median = _median_ms(lambda c=copy: render_certified_copy(c), 3)
        per_page = median / args.pages
        results[name] = {"pages": args.pages, "first_ms": round(first, 1), "median_ms": round(median, 1),
                         "per_page_ms": round(per_page, 1), "bytes": len(render_certified_copy(copy)),
                         "page_png_bytes": sum(map(len, pages)) // args.pages,
                         "goal_per_page_ms": PDF_PAGE_GOAL_MS, "within_goal": per_page <= PDF_PAGE_GOAL_MS}
    results["pdf_accelerator"] = _reportlab_accelerated()
    text = "\n".join(f"{name}: {r}" for name, r in results.items())
    emit(args, results, text)
    return 0
