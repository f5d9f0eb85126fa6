"""How fast the admin's review pages are with many reviews: prints figures, asserts nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python scripts/benchmark_admin.py
    .venv/bin/python scripts/benchmark_admin.py --reviews 20000        # SQLite

It makes a scratch test database (Django's test database for the configured one), loads the archive,
adds the reviews in bulk, then times each admin page as a signed-in editor would load it: the median
of several requests, with the number of queries.
"""

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from filmarchive.models import Film, Person, User  # noqa: E402
from reviews.models import Review  # noqa: E402

BATCH = 5000


def add_reviews(count):
    films = Film.objects.bulk_create(
        Film(title=f"Benchmark film {i}", slug=f"benchmark-film-{i}") for i in range(100)
    )
    authors = Person.objects.bulk_create(
        Person(name=f"Critic {i}", slug=f"critic-{i}", sort_name=f"Critic {i}")
        for i in range(count // 100 + 1)
    )
    made = 0
    while made < count:
        batch = []
        for n in range(made, min(made + BATCH, count)):
            batch.append(
                Review(
                    film=films[n % 100],
                    author=authors[n // 100],
                    rating=1 + n % 10,
                    body="A review long enough to be a paragraph of text. " * 5,
                    first_published_in=("Letterboxd", "Mubi", "")[n % 3],
                    status=("published", "hidden")[n % 20 == 0],
                    published_on=f"20{10 + n % 15}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                )
            )
        Review.objects.bulk_create(batch)
        made += len(batch)


def time_page(client, url, runs, explain=False):
    client.get(url)  # warm
    if explain:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]:
            print(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return statistics.median(timings) * 1000, len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="Also print each page's slowest queries.")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("loaddata", "archive", verbosity=0)
        start = time.perf_counter()
        add_reviews(args.reviews)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would, soon after a bulk load
        seconds = time.perf_counter() - start
        print(f"{connection.vendor}: {Review.objects.count():,} reviews (added in {seconds:.1f} s)")
        editor = User.objects.create_superuser("bench", password=secrets.token_urlsafe())
        client = Client()
        client.force_login(editor)
        review = Review.objects.order_by("pk").last()
        pages = {
            "review list": "/admin/reviews/review/",
            "review list, page 500": "/admin/reviews/review/?p=500",
            "review list, hidden only": "/admin/reviews/review/?status__exact=hidden",
            "review list, rating 4½": "/admin/reviews/review/?rating=9",
            "review list, from Mubi": "/admin/reviews/review/?first_published_in=Mubi",
            "review list, search": "/admin/reviews/review/?q=critic+12",
            "review list, by year": "/admin/reviews/review/?published_on__year=2015",
            "review change form": f"/admin/reviews/review/{review.pk}/change/",
            "film list": "/admin/filmarchive/film/",
            "film change form": f"/admin/filmarchive/film/{review.film_id}/change/",
        }
        print(f"{'page':<28} {'median ms':>10} {'queries':>8}")
        for name, url in pages.items():
            milliseconds, queries = time_page(client, url, args.runs, args.explain)
            print(f"{name:<28} {milliseconds:>10.1f} {queries:>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
