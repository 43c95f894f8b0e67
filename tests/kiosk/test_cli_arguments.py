"""Every argument of every subcommand fed odd values: exit 2 with one line naming the argument (a JSON
object with --json), no traceback, no file left behind. The values come from what each argument is
(kiosk/commands/argtypes.py); the sweep's own cases follow as named tests."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cli import build_parser, main

NOT_UTF8 = "\udcff\udcfe"  # bytes ff fe on the command line, as Linux hands them to Python


def leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(words that reach a subcommand, its parser) for every subcommand that runs something."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    for action in subs:
        for name, child in action.choices.items():
            yield from leaves(child, (*path, name))


def typed_arguments():
    out = []
    for path, parser in leaves(build_parser()):
        for action in parser._actions:
            kind = getattr(action.type, "kind", None)
            if kind is not None:
                out.append(pytest.param(path, action, kind, id=" ".join(path) + " " + _name(action)))
    return out


def _name(action: argparse.Action) -> str:
    return action.option_strings[0] if action.option_strings else action.dest


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    root = tmp_path_factory.mktemp("odd-arguments")
    (root / "folder").mkdir()
    (root / "text.txt").write_text("plain text\n", encoding="utf-8")
    (root / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (root / "notes.db").write_text("not a database", encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(root)  # a relative path written by mistake lands here, where the test sees it
    yield root
    os.chdir(cwd)


def odd_values(kind: str, action: argparse.Action, root: Path) -> st.SearchStrategy[str]:
    folder, text, binary = str(root / "folder"), str(root / "text.txt"), str(root / "binary.bin")
    under_file = str(root / "text.txt" / "inside")
    missing = str(root / "missing" / "deeper" / "x")
    not_utf8_name = str(root / f"missing-{NOT_UTF8}")
    broken_text = st.one_of(
        st.builds(lambda a, b: a + NOT_UTF8 + b, st.text(max_size=8), st.text(max_size=8)),
        st.builds(lambda a, c: a + c, st.text(max_size=8), st.sampled_from(["\x07", "\n", "\x1b[2J", "\x7f"])))
    common_paths = ["", " ", "a\x00b"]
    by_kind: dict[str, list[str]] = {
        "existing_file": [folder, under_file, missing, not_utf8_name, *common_paths],
        "existing_text_file": [folder, under_file, missing, binary, *common_paths],
        "existing_dir": [text, under_file, missing, *common_paths],
        "creatable_file": [folder, folder + "/", under_file, missing, *common_paths],
        "creatable_dir": [text, under_file + "/deeper", *common_paths],
        "database": [folder, under_file, missing, "postgresql://[::1", *common_paths],
        "existing_database": [folder, missing, str(root / "notes.db"), text, *common_paths],
        "path": ["", "a\x00b"],
        "url": ["http://[::1", f"http://{NOT_UTF8}/", "ftp://example.org", "http://", "http://h:99999",
                "http://a b/", "127.0.0.1:8700", "http://-x/", ""],
        "date": ["9999-12-31", "0001-01-01", "tomorrow", "2024-02-30", "", "1e309"],
        "host": ["", "a b", NOT_UTF8, "-x", "[::1", "x" * 300],
        "code": ["", "a b", "é", "x" * 200, NOT_UTF8, "../etc", "a\nb"],
        "peer": ["330108", "=http://127.0.0.1:1", "330108=", "330108=http://[::1", f"3301{NOT_UTF8}=http://a"],
    }
    if kind == "number":
        return _odd_numbers(action.type.bounds)
    if kind == "text":
        return broken_text
    return st.sampled_from(by_kind[kind])


def _odd_numbers(bounds) -> st.SearchStrategy[str]:
    kind, minimum, maximum, above = bounds
    words = ["nan", "-nan", "inf", "-inf", "1e309", "-1e309", "99999999999999999999", "9" * 400, "", "abc",
             "0x10", "1,5", NOT_UTF8]
    if kind is int:
        words += ["1.5", "1e3"]
    out = [st.sampled_from(words)]
    low = minimum if minimum is not None else above
    if low is not None:
        below = st.floats(max_value=low, allow_nan=False, allow_infinity=False)
        if minimum is not None:
            below = below.filter(lambda v: v < minimum)
        out.append((st.integers(max_value=int(low) - 1) if kind is int else below).map(repr))
    if maximum is not None:
        out.append((st.integers(min_value=int(maximum) + 1, max_value=10**30) if kind is int else
                    st.floats(min_value=maximum, exclude_min=True, allow_infinity=False)).map(repr))
    return st.one_of(out)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as e:
            code = e.code
    return code, out.getvalue(), err.getvalue()


def files_under(root: Path) -> set[str]:
    return {str(p) for p in root.rglob("*")}


@pytest.mark.parametrize("path, action, kind", typed_arguments())
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), with_json=st.booleans())
def test_every_argument_refuses_odd_values(sandbox, path, action, kind, data, with_json):
    value = data.draw(odd_values(kind, action, sandbox), label="value")
    argv = [*path, f"{action.option_strings[0]}={value}"] if action.option_strings else [*path, "--", value]
    if with_json:
        argv.insert(len(path), "--json")
    before = files_under(sandbox)
    code, out, err = run(argv)
    assert code == 2, (argv, out, err)
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    name = _name(action)
    assert f"argument {name}" in err or f"argument {action.metavar}" in err, err
    if with_json:
        error = json.loads(out)["error"]
        assert error["code"] == "USAGE" and name in error["message"] or action.metavar in error["message"]
    else:
        assert out == ""
    assert files_under(sandbox) == before


def test_every_value_taking_argument_has_a_checked_type():
    unchecked = []
    for path, parser in leaves(build_parser()):
        for action in parser._actions:
            if action.nargs == 0 or action.choices or action.nargs == argparse.REMAINDER:
                continue
            if isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
                continue
            if getattr(action.type, "kind", None) is None:
                unchecked.append(" ".join(path) + " " + _name(action))
    assert unchecked == [], f"give these a type from kiosk/commands/argtypes.py: {unchecked}"


# --- the sweep, case by case -------------------------------------------------------------------------------
@pytest.fixture
def files(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    (tmp_path / "binary.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe" * 20)
    (tmp_path / "text.db").write_text("no database here", encoding="utf-8")
    return tmp_path


SWEEP = [
    (["sync", "--cache", "{t}/c.sqlite", "--gateway", "https://127.0.0.1:9", "--timeout", "nan"], "--timeout"),
    (["sync", "--cache", "{t}/c.sqlite", "--gateway", "https://127.0.0.1:9", "--timeout", "1e309"], "--timeout"),
    (["sync", "--cache", "{t}/c.sqlite", "--gateway", "https://127.0.0.1:9", "--interval", "nan"], "--interval"),
    (["sync", "--cache", "{t}/c.sqlite", "--gateway", "http://[::1"], "--gateway"),
    (["sync", "--cache", "{t}/c.sqlite", "--gateway", f"http://{NOT_UTF8}:8700"], "--gateway"),
    (["sync", "--cache", "{t}/folder", "--status"], "--cache"),
    (["print", "receipt", "--demo", "--printer", "sim://receipt", "--preview", "{t}/folder"], "--preview"),
    (["print", "receipt", "--demo", "--data-dir", "{t}/file.txt"], "--data-dir"),
    (["print", "jobs", "--data-dir", "{t}/file.txt/sub"], "--data-dir"),
    (["certify", "issue", "--kiosk-key", "{t}/file.txt", "--kiosk-cert", "{t}/file.txt", "--out", "{t}/folder"],
     "--out"),
    (["certify", "issue", "--kiosk-key", "{t}/folder", "--kiosk-cert", "{t}/file.txt", "--out", "{t}/o.pdf"],
     "--kiosk-key"),
    (["keys", "init-district", "--out", "{t}/file.txt"], "--out"),
    (["keys", "revoke", "--district-key", "{t}/file.txt", "--kiosk-id", "k", "--out", "{t}/folder"], "--out"),
    (["keys", "issue-kiosk", "--district-key", "{t}/file.txt", "--kiosk-id", "k", "--out", "{t}/k",
      "--days", "1000000000"], "--days"),
    (["keys", "issue-kiosk", "--district-key", "{t}/file.txt", "--kiosk-id", "k", "--out", "{t}/k",
      "--valid-from", "9999-12-31"], "--valid-from"),
    (["diag", "--export", "{t}/file.txt"], "--export"),
    (["verify", "--qr", "x", "--district-pub", "{t}/file.txt", "--revocations", "{t}/binary.json"], "--revocations"),
    (["request", "status", NOT_UTF8], "request_id"),
    (["stats", "--gateway-db", "{t}/folder"], "--gateway-db"),
    (["stats", "--gateway-db", "{t}/text.db"], "--gateway-db"),
    (["audit", "tail", "--db", "{t}/file.txt", "-n", "99999999999999999999"], "-n"),
]


@pytest.mark.parametrize("argv, named", SWEEP, ids=[" ".join(a[:2]) + " " + n for a, n in SWEEP])
@pytest.mark.parametrize("with_json", [False, True], ids=["text", "json"])
def test_the_sweep(files, argv, named, with_json):
    argv = [a.replace("{t}", str(files)) for a in argv] + (["--json"] if with_json else [])
    before = files_under(files)
    code, out, err = run(argv)
    assert code == 2 and "Traceback" not in err and len(err.splitlines()) == 1, (code, err)
    assert f"argument {named}" in err
    if with_json:
        assert json.loads(out)["error"]["code"] == "USAGE"
    else:
        assert out == ""
    assert files_under(files) == before


@pytest.mark.parametrize("argv", [
    ["sync", "--cache", "c.sqlite", "--gateway", "http://[::1", "--once", "--json"],
    ["audit", "tail", "--db", "/", "-n", "99999999999999999999"],
    ["request", "status", os.fsdecode(b"\xff\xfe")],
])
def test_a_real_process_prints_one_line(tmp_path, argv):
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", *argv], cwd=tmp_path, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}, timeout=60)
    err = done.stderr.decode("utf-8")  # escaped: the message itself is UTF-8 whatever the argument was
    assert done.returncode == 2 and "Traceback" not in err and len(err.splitlines()) == 1, err
    assert list(tmp_path.iterdir()) == []
