"""The GIN indexes behind PostgreSQL full-text search, for migrations to create.

Each index is built on exactly the search vector that ``filmarchive.search`` queries with, so
that the planner can use it. They exist on PostgreSQL only: SQLite has no GIN indexes, and
searches otherwise. Changing a kind's vector needs a new migration that removes and adds its
index again (a test checks that the planner uses each one).
"""

from django.contrib.postgres.indexes import GinIndex


def gin_index_operations(app_label, model_name, index_name):
    """A RunPython operation that adds (and removes) the search index of one kind, on PostgreSQL."""
    from django.db import migrations

    def index(apps):
        from filmarchive.search import KINDS

        kind = next(k for k in KINDS if k.model._meta.label_lower == f"{app_label}.{model_name}")
        return apps.get_model(app_label, model_name), GinIndex(kind.vector(), name=index_name)

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            model, gin = index(apps)
            schema_editor.add_index(model, gin)

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            model, gin = index(apps)
            schema_editor.remove_index(model, gin)

    return migrations.RunPython(forward, backward, elidable=False)
