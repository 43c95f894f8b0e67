"""The allocator settings the kiosk applies at start: they take on glibc and are harmless to call again."""

from __future__ import annotations

import platform

import pytest

from ui.malloc_tuning import limit_malloc_arenas, release_free_memory

glibc_only = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator only")


@glibc_only
def test_the_arena_limit_is_accepted():
    assert limit_malloc_arenas(2) is True


@glibc_only
def test_free_pages_are_handed_back():
    block = [bytearray(64 * 1024) for _ in range(2000)]  # ~128 MB in many small blocks, then freed
    del block
    assert release_free_memory() is True


def test_the_line_cache_is_emptied_and_refills_on_demand():
    import linecache

    assert linecache.getline(__file__, 1)
    release_free_memory()
    assert __file__ not in linecache.cache
    assert linecache.getline(__file__, 1).startswith('"""')
