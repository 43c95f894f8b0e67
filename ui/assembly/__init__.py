"""The GUI's composition root, beyond ``ui/app.py``: the staff modes and the device tools bound to this
kiosk's config. Only ``ui/app.py`` imports these (an import-linter contract): flows, screens and adapters
are handed what is built here, they never build it.
"""
