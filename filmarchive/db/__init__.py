"""Database plumbing of the archive's own: the SQLite backend (see ``sqlite3``)."""
