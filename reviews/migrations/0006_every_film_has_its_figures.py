"""Every film gets its ratings row (zeros until it has published reviews): the films list reads them in
order of average from an index, which an outer join to films without a row would prevent."""

from django.db import migrations


def give_every_film_its_figures(apps, schema_editor):
    film = apps.get_model("filmarchive", "Film")
    rating = apps.get_model("reviews", "FilmRating")
    missing = film.objects.filter(rating__isnull=True).values_list("pk", flat=True)
    rating.objects.bulk_create([rating(film_id=pk) for pk in missing.iterator()], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0005_sync")]

    operations = [migrations.RunPython(give_every_film_its_figures, migrations.RunPython.noop)]
