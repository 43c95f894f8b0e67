"""The reference district-side service: change feed, blobs, outbox intake, verification, federation."""
