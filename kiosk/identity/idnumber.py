"""GB 11643 citizen identification numbers: the check character and basic validation."""

from __future__ import annotations

import datetime as dt

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def check_character(first17: str) -> str:
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need 17 digits")
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS)) % 11]


def is_valid(id_number: str) -> bool:
    """18 characters, 17 digits, the right check character, a real birth date."""
    s = id_number.strip().upper()
    if len(s) != 18 or not s[:17].isdigit():
        return False
    if check_character(s[:17]) != s[17]:
        return False
    try:
        dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return True


def complete(first17: str) -> str:
    """The 18-character number for these 17 digits."""
    return first17 + check_character(first17)
