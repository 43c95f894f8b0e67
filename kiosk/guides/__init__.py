"""Service guides (查档+办事): for a record type and a purpose, what the record proves and what to do next."""
