"""Stand-ins for services whose real implementation is not wired in yet (see each module's docstring).

They speak the interfaces of :mod:`ui.services`, so replacing one is a change in ``ui/app.py`` only.
"""
