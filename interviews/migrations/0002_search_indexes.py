from django.db import migrations

from filmarchive.search_indexes import gin_index_operations


class Migration(migrations.Migration):
    dependencies = [("interviews", "0001_initial"), ("filmarchive", "0001_initial")]

    operations = [
        # Site search: interviews by title and introduction.
        gin_index_operations("interviews", "interview", "interview_search_idx"),
        # Site search: what was asked and answered, turn by turn.
        gin_index_operations("interviews", "turn", "turn_search_idx"),
    ]
