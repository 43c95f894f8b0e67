"""The configuration in force, as a technician and a support bundle may see it: secrets hidden."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from kiosk.config import KioskConfig
from kiosk.privacy import SECRET_KEYS, redact

HIDDEN = "**REDACTED**"


def hide_url_secrets(value: str) -> str:
    """``https://user:pw@gw/x?token=abc`` → ``https://user:**REDACTED**@gw/x?token=**REDACTED**``."""
    if "://" not in value:
        return value
    try:
        parts = urlsplit(value)
        netloc = parts.netloc
        if parts.password is not None:
            netloc = netloc.replace(f":{parts.password}@", f":{HIDDEN}@")
        query = [(k, HIDDEN if k.lower() in SECRET_KEYS or "key" in k.lower() else v)
                 for k, v in parse_qsl(parts.query, keep_blank_values=True)]
        return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query, safe="/*"), parts.fragment))
    except ValueError:
        return value


_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]+")


def hide_url_secrets_in(text: str) -> str:
    """Every URL inside a sentence (an exception's message) with its secrets hidden."""
    return _URL_IN_TEXT.sub(lambda m: hide_url_secrets(m.group(0)), text)


def _walk(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _walk(v) for k, v in data.items()}
    if isinstance(data, str):
        return hide_url_secrets(data)
    return data


def config_in_force(config: KioskConfig) -> dict[str, Any]:
    """Every section with the values actually used (file, defaults and KIOSK_* overrides together)."""
    return redact(_walk(config.model_dump(mode="json")))
