from django.db import migrations

from filmarchive.search_indexes import gin_index_operations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_review_list_indexes"), ("filmarchive", "0001_initial")]

    operations = [
        # Site search: reviews by their text.
        gin_index_operations("reviews", "review", "review_search_idx"),
    ]
