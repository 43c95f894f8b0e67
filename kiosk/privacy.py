"""Masking and redaction: the one place that decides what personal data looks like outside memory.

Logs, diagnostics, the audit log and non-owner search hits all go through here (the Home Assistant
diagnostics pattern: one redaction function and a declared set of keys).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

# 18-character resident ID numbers (GB 11643) and the older 15-digit form. Word boundaries keep us off
# longer digit runs such as sha256 prefixes written in decimal.
ID_NUMBER_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8}|\d{5})(\d{3}[0-9Xx])(?![0-9A-Za-z])|"
                          r"(?<![0-9A-Za-z])(\d{6})(\d{5})(\d{4})(?![0-9A-Za-z])")

#: Keys whose values are personal and are masked wherever a mapping is redacted.
NAME_KEYS = frozenset({"name", "chinese_name", "english_name", "subject_name", "resident_name", "agent_name",
                       "names"})
ID_KEYS = frozenset({"id_number", "subject_id", "resident_id", "agent_id_number", "card_number",
                     "pass_number"})
SECRET_KEYS = frozenset({"pin", "pin_hash", "private_key", "password", "secret", "token", "photo", "photo_wlt",
                         "face", "encoding", "template", "address", "signature_strokes", "district_key"})


def mask_id(value: str) -> str:
    """``330106195203142628`` → ``3301**********2628``: region kept, birth date and sequence hidden."""
    s = str(value).strip()
    if len(s) <= 8:
        return "*" * len(s)
    return s[:4] + "*" * (len(s) - 8) + s[-4:]


def mask_name(value: str) -> str:
    """``欧阳秀英`` → ``欧**英``, ``张英`` → ``张*``, ``JOHN SMITH`` → ``J********H``."""
    s = str(value).strip()
    if len(s) <= 1:
        return "*" * len(s)
    if len(s) == 2:
        return s[0] + "*"
    return s[0] + "*" * (len(s) - 2) + s[-1]


def mask_id_numbers_in(text: str) -> str:
    """Mask every ID number that appears in free text (log messages, exception texts)."""

    def repl(m: re.Match[str]) -> str:
        return mask_id(m.group(0))

    return ID_NUMBER_RE.sub(repl, text)


def mask_names_in(text: str, names: Iterable[str]) -> str:
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        if len(name) >= 2:
            text = text.replace(name, mask_name(name))
    return text


def redact(data: Any) -> Any:
    """A deep copy of ``data`` with personal values masked and secrets replaced by ``**REDACTED**``."""
    if isinstance(data, Mapping):
        out: dict[Any, Any] = {}
        for k, v in data.items():
            key = str(k).lower()
            if key in SECRET_KEYS:
                out[k] = "**REDACTED**"
            elif key in ID_KEYS and isinstance(v, str):
                out[k] = mask_id(v)
            elif key in NAME_KEYS and isinstance(v, str):
                out[k] = mask_name(v)
            elif key in NAME_KEYS and isinstance(v, list):
                out[k] = [mask_name(x) if isinstance(x, str) else redact(x) for x in v]
            else:
                out[k] = redact(v)
        return out
    if isinstance(data, (list, tuple)):
        return type(data)(redact(v) for v in data)
    if isinstance(data, str):
        return mask_id_numbers_in(data)
    return data
