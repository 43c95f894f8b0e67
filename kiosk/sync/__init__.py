"""Pull-only sync of the district change feed into the cache, and the push of the outbox."""
