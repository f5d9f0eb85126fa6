"""Keeping films' stored ratings right when reviews change without ``Review.save()``.

- Deleted reviews (one, a queryset, the admin's delete): the row is read under a lock before it goes,
  and its part taken out of the film's figures afterwards, in the delete's transaction.
- Raw saves (``loaddata``, django-reversion restoring a version): no ``save()`` runs, so the film (and
  the film the review was on before, if it moved) is recounted from its reviews.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from filmarchive.models import Film
from filmarchive.sync import archive_synced
from reviews.models import COUNTED_STATUS, FilmRating, Review


def _lock_before_delete(sender, instance, using, **kwargs):
    instance._stored_for_rating = (
        Review._base_manager.using(using)
        .select_for_update()
        .filter(pk=instance.pk)
        .values_list("film_id", COUNTED_STATUS, "rating")
        .first()
    )


def _after_delete(sender, instance, using, **kwargs):
    FilmRating.objects.using(using).move(getattr(instance, "_stored_for_rating", None), None)


def _before_raw_save(sender, instance, raw, using, **kwargs):
    if raw and instance.pk is not None:
        instance._film_before_raw_save = (
            Review._base_manager.using(using).filter(pk=instance.pk).values_list("film_id", flat=True).first()
        )


def _after_raw_save(sender, instance, raw, using, **kwargs):
    if raw:
        films = {instance.film_id, getattr(instance, "_film_before_raw_save", None)}
        FilmRating.objects.using(using).recount(films)


def _after_sync(sender, changed, **kwargs):
    """A sync writes new reviews in bulk: their films are recounted (changed ones were saved)."""
    films = changed.get("filmarchive.film")
    if films:
        FilmRating.objects.bulk_create([FilmRating(film_id=pk) for pk in films], ignore_conflicts=True)
    reviews = changed.get("reviews.review")
    if reviews:
        films = Review._base_manager.filter(pk__in=reviews).values_list("film_id", flat=True).distinct()
        FilmRating.objects.recount(set(films))


def _give_a_new_film_its_figures(sender, instance, created, raw, using, **kwargs):
    if created or raw:
        FilmRating.objects.using(using).bulk_create([FilmRating(film_id=instance.pk)], ignore_conflicts=True)


def connect():
    post_save.connect(_give_a_new_film_its_figures, sender=Film, dispatch_uid="ratings-new-film")
    archive_synced.connect(_after_sync, dispatch_uid="ratings-after-sync")
    pre_delete.connect(_lock_before_delete, sender=Review, dispatch_uid="ratings-pre-delete")
    post_delete.connect(_after_delete, sender=Review, dispatch_uid="ratings-post-delete")
    pre_save.connect(_before_raw_save, sender=Review, dispatch_uid="ratings-pre-raw-save")
    post_save.connect(_after_raw_save, sender=Review, dispatch_uid="ratings-post-raw-save")
