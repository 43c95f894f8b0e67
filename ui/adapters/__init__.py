"""The real services behind the ports of :mod:`ui.services`, built by ``ui/app.py`` from config."""
