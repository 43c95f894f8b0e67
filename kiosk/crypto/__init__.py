"""Signatures for sync batches, kiosk certificates, revocations and certified copies."""
