"""Domain and workflows of the archive self-service kiosk. No Qt, no device library."""

__version__ = "0.1.0"
