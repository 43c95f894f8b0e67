"""`kiosk bench` finds a bench by its module's name: nothing to list when one is added."""

from __future__ import annotations

import argparse

import kiosk.commands.benches as benches
from kiosk.commands import bench


def test_a_new_bench_module_is_a_new_bench_name(tmp_path, monkeypatch):
    (tmp_path / "tea_break.py").write_text(
        'HELP = "how long a tea break takes"\n'
        "def add_arguments(p):\n    p.add_argument('--cups', type=int, default=1)\n"
        "def run(args):\n    return args.cups\n", encoding="utf-8")
    monkeypatch.setattr(benches, "__path__", [*benches.__path__, str(tmp_path)])
    monkeypatch.syspath_prepend(str(tmp_path))
    found = benches.bench_modules()
    assert "tea-break" in found and "idcard" in found and "fuzz-idcard" in found
    monkeypatch.setitem(found, "tea-break", "tea_break")
    monkeypatch.setattr(bench, "bench_modules", lambda: found)
    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    assert bench.run(parser.parse_args(["tea-break", "--cups", "3"])) == 3


def test_no_list_of_names_to_keep_in_step():
    assert not hasattr(bench, "KNOWN")
