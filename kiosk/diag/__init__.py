"""Diagnostics without Qt or device libraries: the check result model, bounded runs, storage, gateway,
versions, config in force, redacted support bundles and health reports.

Device self-tests live in :mod:`hardware.diagnostics`; the composition roots (``kiosk diag`` and the UI)
hand both kinds of check to :func:`kiosk.diag.runner.run_checks`.
"""
