"""Where the kiosk's files live: the one place that knows.

Project folders (assets, config) are found from the installed package; per-kiosk files sit in the data
folder the config names (``[data] dir``), under the names below.
"""

from __future__ import annotations

from pathlib import Path

#: The project's root folder (this file is ``kiosk/paths.py`` inside it).
ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
CONFIG = ROOT / "config"
DEMO_CARDS = ASSETS / "demo" / "cards"
DEMO_FACES = ASSETS / "demo" / "faces"
TRANSLATIONS = ASSETS / "translations"
VOICE = ASSETS / "voice"
GUIDES = CONFIG / "guides"

#: Under the data folder, laid out as ``kiosk keys issue-kiosk --out keys/kiosk`` writes them.
KEYS_DIR = "keys"


def kiosk_key_files(data_dir: Path) -> tuple[Path, Path]:
    """Where a kiosk keeps its signing key and the kiosk certificate the district issued for it."""
    folder = data_dir / KEYS_DIR / "kiosk"
    return folder / "kiosk.key", folder / "kiosk.cert"


#: Wrong-PIN tallies of staff cards, in the data folder: a restart gives a locked card no fresh tries.
STAFF_LOCKOUT_FILE = "staff-lockout.sqlite"
#: In the data folder: the district configuration documents this kiosk accepted, and the last it refused.
DISTRICT_CONFIG_FILE = "district-config.json"
