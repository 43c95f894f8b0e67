"""Measurements that `kiosk bench sync` adds to its report, one module each (a package, so bench discovery
does not take them for benches of their own)."""
