"""The local archive cache: records, the persons they name, pages, search."""
