"""Recount every film's stored ratings from its published reviews; with --check, only compare."""

from django.core.management.base import BaseCommand, CommandError

from reviews.models import FilmRating


class Command(BaseCommand):
    help = (
        "Recompute each film's review count, rating sum, average and histogram from its published "
        "reviews and store them. With --check, change nothing and fail if any stored figure differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Compare only; exit with an error if any film differs."
        )

    def handle(self, *args, check=False, **options):
        if check:
            computed = FilmRating.objects.computed()
            stored = {row.pk: row.figures() for row in FilmRating.objects.all()}
            wrong = sorted(
                film_id
                for film_id in set(computed) | set(stored)
                if (computed.get(film_id) or FilmRating.empty(film_id))
                != (stored.get(film_id) or FilmRating.empty(film_id))
            )
            if wrong:
                shown = ", ".join(str(film_id) for film_id in wrong[:20])
                raise CommandError(
                    f"{len(wrong)} film(s) have stored ratings that differ from their reviews "
                    f"(film ids {shown}{', …' if len(wrong) > 20 else ''}). Run recount_ratings to fix them."
                )
            self.stdout.write(f"Stored ratings match the reviews for {len(computed)} film(s).")
            return
        fixed = FilmRating.objects.recount()
        self.stdout.write(f"Recounted ratings: {len(fixed)} film(s) changed.")
