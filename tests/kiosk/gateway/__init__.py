"""Tests of the district gateway: store, feed, seed, intake."""
