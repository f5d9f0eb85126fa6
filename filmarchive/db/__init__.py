"""Database plumbing of the archive's own: the SQLite backend (see ``sqlite3``) and the PostgreSQL
backend that bounds every wait on the database (see ``postgresql``)."""
