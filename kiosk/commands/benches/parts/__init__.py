"""Pieces benchmarks share (a package, so bench discovery does not take them for benchmarks)."""
