from django.db import migrations

from filmarchive.search_indexes import gin_index_operations


class Migration(migrations.Migration):
    dependencies = [("filmarchive", "0001_initial"), ("interviews", "0001_initial"), ("reviews", "0001_initial")]

    operations = [
        # Site search: films by title, original title and synopsis.
        gin_index_operations("filmarchive", "film", "film_search_idx"),
        # Site search: people by name and biography.
        gin_index_operations("filmarchive", "person", "person_search_idx"),
    ]
