"""Argument types for every subcommand: a value is checked where it is read, before anything is opened,
created or sent, so an odd argument ends as argparse's exit 2 with one line naming it — never a
traceback, never a file left behind.

Each type is a callable ``str -> value`` raising :class:`argparse.ArgumentTypeError`; factories take the
bounds (``number(float, minimum=0, finite=True)``). Values are shown back escaped, so bytes that are not
UTF-8 (which Linux hands over as surrogates) cannot break the message that names them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ArgType = Callable[[str], Any]
#: The longest a number argument may be written: past this it is not a number anybody typed.
_MAX_NUMBER_CHARS = 40


def shown(value: str) -> str:
    """A value as it can be printed in any terminal: non-UTF-8 bytes and control characters escaped."""
    text = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "'" + "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text) + "'"


def _fail(message: str) -> argparse.ArgumentTypeError:
    return argparse.ArgumentTypeError(message)


def _of_kind(kind: str) -> Callable[[ArgType], ArgType]:
    """Marks what a value of this type is, for the tests that feed every argument odd values."""

    def mark(parse: ArgType) -> ArgType:
        parse.kind = kind  # type: ignore[attr-defined]
        return parse

    return mark


# --- text -----------------------------------------------------------------------------------------------
@_of_kind("text")
def utf8_text(value: str) -> str:
    """Any text that is valid UTF-8 without control characters (names, ids, notes)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _fail(f"{shown(value)} is not UTF-8 text") from None
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        raise _fail(f"{shown(value)} holds control characters")
    return value


@_of_kind("text")
def nonempty_text(value: str) -> str:
    value = utf8_text(value)
    if not value.strip():
        raise _fail("must not be empty")
    return value


# --- numbers --------------------------------------------------------------------------------------------
def number(kind: type = float, *, minimum: float | None = None, maximum: float | None = None,
           above: float | None = None) -> ArgType:
    """A finite int or float within the bounds (``above``: strictly greater than)."""

    def parse(value: str) -> Any:
        text = value.strip()
        if len(text) > _MAX_NUMBER_CHARS:
            raise _fail(f"{shown(value[:_MAX_NUMBER_CHARS])}… is too long to be a number")
        try:
            parsed = kind(text)
        except (ValueError, OverflowError):
            what = "a whole number" if kind is int else "a number"
            raise _fail(f"{shown(value)} is not {what}") from None
        if isinstance(parsed, float) and not math.isfinite(parsed):
            raise _fail(f"{shown(value)} is not a finite number")
        if above is not None and not parsed > above:
            raise _fail(f"{shown(value)} must be greater than {above:g}")
        if minimum is not None and parsed < minimum:
            raise _fail(f"{shown(value)} must be at least {minimum:g}")
        if maximum is not None and parsed > maximum:
            raise _fail(f"{shown(value)} must be at most {maximum:g}")
        return parsed

    parse.__name__ = kind.__name__  # argparse names the type in its own messages
    parse.kind = "number"  # type: ignore[attr-defined]  # what a value is, for tests that feed odd ones
    parse.bounds = (kind, minimum, maximum, above)  # type: ignore[attr-defined]
    return parse


#: Seconds a command may wait: more than zero, at most a day.
seconds = number(float, above=0, maximum=86_400)
positive_int = number(int, minimum=1, maximum=2**31 - 1)
non_negative_int = number(int, minimum=0, maximum=2**31 - 1)
port_number = number(int, minimum=1, maximum=65_535)


# --- dates ----------------------------------------------------------------------------------------------
def date_between(first: dt.date = dt.date(2000, 1, 1), last: dt.date = dt.date(2099, 12, 31)) -> ArgType:
    def parse(value: str) -> dt.date:
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise _fail(f"{shown(value)} is not a date (YYYY-MM-DD)") from None
        if not first <= day <= last:
            raise _fail(f"{day} is outside {first} … {last}")
        return day

    parse.__name__ = "date"
    parse.kind = "date"  # type: ignore[attr-defined]
    return parse


def datetime_between(first: dt.date = dt.date(2000, 1, 1), last: dt.date = dt.date(2099, 12, 31)) -> ArgType:
    def parse(value: str) -> dt.datetime:
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise _fail(f"{shown(value)} is not a date and time (YYYY-MM-DDTHH:MM[:SS][+08:00])") from None
        if not first <= moment.date() <= last:
            raise _fail(f"{moment.date()} is outside {first} … {last}")
        return moment

    parse.__name__ = "datetime"
    parse.kind = "date"  # type: ignore[attr-defined]
    return parse


# --- URLs -----------------------------------------------------------------------------------------------
def url(*schemes: str) -> ArgType:
    """An absolute URL with one of ``schemes``, a host that is a name or an IP address, a valid port."""
    allowed = schemes or ("http", "https")

    def parse(value: str) -> str:
        text = utf8_text(value).strip()
        try:
            parts = urlsplit(text)
            port = parts.port
        except ValueError as e:
            raise _fail(f"{shown(value)} is not a URL ({e})") from None
        if parts.scheme not in allowed:
            raise _fail(f"{shown(value)} must start with {' or '.join(s + '://' for s in allowed)}")
        host = parts.hostname or ""
        if not host:
            raise _fail(f"{shown(value)} names no host")
        if not _valid_host(host):
            raise _fail(f"{shown(value)}: {host!r} is not a host name or IP address")
        if port == 0:
            raise _fail(f"{shown(value)}: port 0 is not a port")
        return text.rstrip("/")

    parse.__name__ = "URL"
    parse.kind = "url"  # type: ignore[attr-defined]
    return parse


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_host.rstrip(".").split(".")
    return all(0 < len(label) <= 63 and label.replace("-", "").isalnum() and not label.startswith("-")
               for label in labels)


http_url = url("http", "https")


@_of_kind("database")
def database(value: str) -> str:
    """A gateway store: ``postgresql://...`` as given, or an SQLite file that exists or can be created."""
    if value.startswith(("postgresql://", "postgres://")):
        return url("postgresql", "postgres")(value)
    return creatable_file(value)


@_of_kind("existing_database")
def existing_database(value: str) -> str:
    """A gateway store that must exist already: ``postgresql://...`` or an existing SQLite file."""
    if value.startswith(("postgresql://", "postgres://")):
        return url("postgresql", "postgres")(value)
    path = Path(existing_file(value))
    if not _starts_with(path, b"SQLite format 3\x00"):
        raise _fail(f"{shown(value)} is not an SQLite database")
    return value


def _starts_with(path: Path, magic: bytes) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(len(magic)) == magic
    except OSError:
        return False


# --- paths ----------------------------------------------------------------------------------------------
def _path(value: str) -> Path:
    if not value or not value.strip():
        raise _fail("a path must not be empty")
    if "\x00" in value:
        raise _fail(f"{shown(value)} holds a NUL character")
    return Path(value)


def _checked(check: Callable[[str], Path]) -> Callable[[str], str]:
    """A path check that answers with the value as given, and turns a failing stat (a folder it may not
    enter, a name too long) into its one-line refusal."""

    def parse(value: str) -> str:
        try:
            check(value)
        except PermissionError:
            # The path may well be right; this user may not look at it. The command meets the same refusal
            # where it opens the file and reports it as STORAGE_PERMISSION, with the path and what to do.
            return value
        except OSError as e:
            raise _fail(f"{shown(value)} cannot be checked ({e.strerror or e})") from None
        return value

    parse.__name__ = check.__name__.lstrip("_").replace("_", " ")
    parse.kind = check.__name__.lstrip("_")  # type: ignore[attr-defined]
    return parse


def _existing_file(value: str) -> Path:
    path = _path(value)
    if path.is_dir():
        raise _fail(f"{shown(value)} is a folder, not a file")
    if not path.exists():
        raise _fail(f"{shown(value)} does not exist")
    if not path.is_file():
        raise _fail(f"{shown(value)} is not a regular file")
    if not os.access(path, os.R_OK):
        raise _fail(f"{shown(value)} cannot be read (permission denied)")
    return path


def _existing_text_file(value: str) -> Path:
    path = _existing_file(value)
    try:
        with path.open("rb") as f:
            head = f.read(1 << 20)
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 4:  # a multi-byte character cut at the end of the sample is fine
            raise _fail(f"{shown(value)} is not UTF-8 text") from None
    except OSError as e:
        raise _fail(f"{shown(value)} cannot be read ({e.strerror})") from None
    if b"\x00" in head:
        raise _fail(f"{shown(value)} is a binary file, not text")
    return path


def _existing_dir(value: str) -> Path:
    path = _path(value)
    if not path.exists():
        raise _fail(f"{shown(value)} does not exist")
    if not path.is_dir():
        raise _fail(f"{shown(value)} is a file, not a folder")
    if not os.access(path, os.R_OK | os.X_OK):
        raise _fail(f"{shown(value)} cannot be read (permission denied)")
    return path


def _creatable_file(value: str) -> Path:
    path = _path(value)
    if path.is_dir() or value.endswith(os.sep):
        raise _fail(f"{shown(value)} is a folder; name a file")
    if path.exists():
        if not path.is_file():
            raise _fail(f"{shown(value)} is not a regular file")
        if not os.access(path, os.W_OK):
            raise _fail(f"{shown(value)} cannot be written (permission denied)")
        return path
    _writable_parent(value, path)
    return path


def _creatable_dir(value: str) -> Path:
    path = _path(value)
    if path.exists():
        if not path.is_dir():
            raise _fail(f"{shown(value)} is a file, not a folder")
        if not os.access(path, os.W_OK | os.X_OK):
            raise _fail(f"{shown(value)} cannot be written (permission denied)")
        return path
    _writable_parent(value, path, walk_up=True)
    return path


def _writable_parent(value: str, path: Path, *, walk_up: bool = False) -> None:
    parent = path.absolute().parent
    if walk_up:
        while not parent.exists() and parent != parent.parent:
            if parent.is_symlink():
                break
            parent = parent.parent
    if not parent.exists():
        raise _fail(f"{shown(value)}: folder {shown(str(parent))} does not exist")
    if not parent.is_dir():
        raise _fail(f"{shown(value)}: {shown(str(parent))} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise _fail(f"{shown(value)}: folder {shown(str(parent))} cannot be written (permission denied)")


#: A readable regular file.
existing_file = _checked(_existing_file)
#: A readable regular file holding UTF-8 text (a key list, a JSON document), not binary.
existing_text_file = _checked(_existing_text_file)
#: A folder that exists and can be listed.
existing_dir = _checked(_existing_dir)
#: A file to write: an existing regular file, or a new name in a folder that exists and is writable.
creatable_file = _checked(_creatable_file)
#: A folder to write into: an existing writable folder, or a new one whose nearest existing ancestor is a
#: writable folder (the command makes it when it writes).
creatable_dir = _checked(_creatable_dir)


@_of_kind("host")
def host(value: str) -> str:
    """A host name or IP address to listen on or reach."""
    text = utf8_text(value).strip()
    bare = text[1:-1] if text.startswith("[") and text.endswith("]") else text  # [::1] as in a URL
    if not bare or not _valid_host(bare):
        raise _fail(f"{shown(value)} is not a host name or IP address")
    return text


@_of_kind("code")
def code(value: str) -> str:
    """An identifier: ASCII letters, digits, '-', '_', '.' and ':' (kiosk ids, key ids, archive codes)."""
    text = utf8_text(value)
    if not text or len(text) > 128 or not all(c.isascii() and (c.isalnum() or c in "-_.:") for c in text):
        raise _fail(f"{shown(value)} is not an identifier (letters, digits, - _ . : ; at most 128)")
    return text


@_of_kind("path")
def path_text(value: str) -> str:
    """A path whose file the command itself checks (a config file, whose loader says what is wrong with
    it in its own typed error): only a usable path is asked for here."""
    _path(value)
    return value



@_of_kind("peer")
def peer(value: str) -> str:
    """``CODE=URL``: another district's archive code and its gateway's base URL."""
    name, sep, address = utf8_text(value).partition("=")
    if not sep:
        raise _fail(f"{shown(value)} is not CODE=URL")
    code(name)
    http_url(address)
    return value
