"""Tokens of the two-character indexes, and the FTS5 queries that read them.

Chinese has no spaces, and most given names are two characters: a trigram index cannot find them. Writing
each two-character window as a separate token lets an ordinary FTS5 tokenizer (unicode61) index them.
In titles and text a run's last character is added, so that a one-character prefix query (``张*``) finds
every occurrence of a character; in names every character is a token of its own (names are short, and a
one-character search there is common), so no prefix has to be expanded.

These run once per record on every sync and index rebuild, so the windows are made by ``map`` over two
offsets of the run (C-level loops) rather than by slicing in Python.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable
from functools import lru_cache

# Letters, digits and CJK ideographs; the underscore that ``\\w`` also matches is a separator here.
_RUN = re.compile(r"[^\W_]+")
_pair = operator.add


def runs(text: str) -> list[str]:
    return _RUN.findall(text.lower())


def bigram_text(texts: Iterable[str]) -> str:
    """The token string indexed for ``texts`` (names are passed one by one so windows do not span two)."""
    out: list[str] = []
    for text in texts:
        for run in _RUN.findall(text.lower()):
            out += map(_pair, run, run[1:])
            out.append(run[-1])
    return " ".join(out)


def bigram_phrase(run: str) -> str:
    """An FTS5 query matching ``run`` as a substring in the two-character index (consecutive windows)."""
    if len(run) == 1:
        return f'"{run}"*'
    return '"' + " ".join(run[i:i + 2] for i in range(len(run) - 1)) + '"'


def names_text(names: Iterable[str]) -> str:
    """The token string of the names index: each name's two-character windows, then each of its characters.

    Windows of one name are consecutive tokens, so a name part of any length is one phrase of windows; every
    character is a token too, so a one-character query reads one token list instead of expanding a prefix
    over every window that starts with it.
    """
    return names_tokens(names)[1]


def names_tokens(names: Iterable[str]) -> tuple[str, str]:
    """:func:`bigram_text` and :func:`names_text` of the same names, from one pass over their runs."""
    bigram: list[str] = []
    named: list[str] = []
    for name in names:
        for run in _RUN.findall(name.lower()):
            windows = list(map(_pair, run, run[1:]))
            bigram += windows
            bigram.append(run[-1])
            named += windows
            named += run
    return " ".join(bigram), " ".join(named)


def names_phrase(run: str) -> str:
    """An FTS5 query matching ``run`` inside a name in the names index."""
    if len(run) == 1:
        return f'"{run}"'
    return '"' + " ".join(run[i:i + 2] for i in range(len(run) - 1)) + '"'


@lru_cache(maxsize=4096)  # an archive has a handful of types over a century of years: every record repeats one
def facet_text(record_type: str, year: int) -> str:
    """Type and year as tokens beside the names, so a filtered names search is an index intersection."""
    return f"{facet_token('t', record_type)} {facet_token('y', year)}"


def facet_token(kind: str, value: object) -> str:
    return kind + re.sub(r"[^0-9a-z]", "", str(value).lower())
