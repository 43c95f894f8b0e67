"""Tests of the sync client: batches, applying, backoff, outbox."""
