"""Printing: receipt content, the certified-copy PDF and the print journal (pure: no device library).

UI-facing calls are documented here as they land; see ``certified_copy.render_certified_copy``.
"""
