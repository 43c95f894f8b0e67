"""python-escpos keeps its parsed printer database in the cache folder and leaves nothing in /tmp."""

from __future__ import annotations

import os
import subprocess
import sys


def test_the_printer_database_is_cached_and_no_temporary_folder_is_left(tmp_path):
    tmp, cache = tmp_path / "tmp", tmp_path / "cache"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "XDG_CACHE_HOME": str(cache)}
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    code = "import hardware.receipt.escpos_lib, escpos.capabilities as c; print(c.pickle_path)"
    for _ in range(2):  # the second start reads the parsed copy the first one wrote
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert out.stdout.strip().startswith(str(cache / "kiosk" / "escpos"))
        assert list(tmp.iterdir()) == []
    assert list((cache / "kiosk" / "escpos").glob("*.capabilities.pickle"))
