"""Django's SQLite backend, taught to leave out what only PostgreSQL has.

The archive runs on PostgreSQL in production and on SQLite as the embedded default. Its models declare
PostgreSQL's full-text search in the ordinary way, so that migrations carry it and ``makemigrations``
sees it: a ``GeneratedField`` holding each record's search vector and a ``GinIndex`` on it. SQLite has
neither ``to_tsvector`` nor GIN indexes, so on SQLite this backend

- skips indexes of ``django.contrib.postgres.indexes`` types (GIN, GiST, BRIN, ...), and
- makes a generated column whose type is ``tsvector`` a virtual column that is always NULL,

and gives each connection the SQL function ``archive_has_word(text, part, stem)`` (1 when the text has
a word of that stem, see ``filmarchive.words.has_word``), with which search on SQLite keeps whole
words only inside the query, before it takes its first rows.

Nothing else changes; search on SQLite works without those columns (see the site's search).
``DATABASES`` selects this backend for every SQLite database (``filmarchive.settings``).
"""

from django.contrib.postgres.indexes import PostgresIndex
from django.contrib.postgres.search import SearchVectorField
from django.db.backends.sqlite3 import base, schema

from filmarchive.words import has_word


def _postgres_only_index(index):
    return isinstance(index, PostgresIndex)


def _search_vector_column(field):
    return getattr(field, "generated", False) and isinstance(field.output_field, SearchVectorField)


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    def _column_generated_sql(self, field):
        if _search_vector_column(field):
            return "GENERATED ALWAYS AS (NULL) VIRTUAL", ()
        return super()._column_generated_sql(field)

    def _model_indexes_sql(self, model):
        # Django's own loop, without PostgreSQL's index types; also used when SQLite rebuilds a table.
        if not model._meta.managed or model._meta.proxy or model._meta.swapped:
            return []
        output = []
        for field in model._meta.local_fields:
            output.extend(self._field_indexes_sql(model, field))
        for index in model._meta.indexes:
            if not _postgres_only_index(index):
                output.append(index.create_sql(model, self))
        return output

    def add_index(self, model, index):
        if not _postgres_only_index(index):
            super().add_index(model, index)

    def remove_index(self, model, index):
        if not _postgres_only_index(index):
            super().remove_index(model, index)

    def rename_index(self, model, old_index, new_index):
        if not _postgres_only_index(new_index):
            super().rename_index(model, old_index, new_index)


class DatabaseWrapper(base.DatabaseWrapper):
    SchemaEditorClass = DatabaseSchemaEditor

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        # Deterministic: the same arguments always give the same answer, so SQLite may reuse it.
        connection.create_function("archive_has_word", 3, has_word, deterministic=True)
        return connection
