"""The start signal of a signed update: a release the kiosk just switched to becomes final once the attract
screen has really been painted. The update watchdog (``kiosk update watchdog``) rolls back a release that
never gets this far, so a broken release cannot strand a service point."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QWidget

from kiosk.update.releases import Releases
from ui.first_paint import FirstPaint

log = logging.getLogger(__name__)


def confirm_release_when_painted(window: QWidget, releases_dir: str) -> FirstPaint | None:
    """Confirm the pending release in ``releases_dir`` at ``window``'s first paint (not on a timer: a
    window that never paints must leave the release to the watchdog). Nothing when the kiosk is not
    installed through signed updates (``releases_dir`` empty)."""
    if not releases_dir:
        return None
    releases = Releases(Path(releases_dir))

    def confirm() -> None:
        if releases.confirm():
            log.info("release %s reached the attract screen: kept", releases.status().get("current"))

    painted = FirstPaint(window)
    painted.painted.connect(confirm)
    return painted
