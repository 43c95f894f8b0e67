"""Certified copies (出证) and their verification (核验).

The district signs each kiosk's device key (:mod:`.kiosk_cert`); a kiosk signs certificates with it
(:mod:`.issue`); the QR on the paper carries the whole chain in a short text (:mod:`.payload`), so anyone
holding the district's public key verifies offline (:mod:`.verify`), minus kiosks the district has revoked
(:mod:`.revocation`). Pure: no Qt, no camera, no QR decoding here.
"""
