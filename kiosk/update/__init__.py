"""Signed software updates with The Update Framework (TUF).

The district publishes releases (a wheel, or a bundle of wheels) in a TUF repository whose metadata its
keys sign: root and targets offline, snapshot and timestamp online with short expiry
(:mod:`kiosk.update.repository`). A kiosk refreshes the metadata through python-tuf's client, which
refuses tampered files, expired metadata (freeze) and metadata older than what it saw (rollback), then
decides whether the release is for it (staged rollout, :mod:`kiosk.update.rollout`), refuses a version
older than the one it runs, downloads and verifies the file (:mod:`kiosk.update.client`), installs it
into a new virtualenv beside the running one and switches a symlink atomically; a release that does not
reach the attract screen within a minute is rolled back (:mod:`kiosk.update.releases`).
"""
