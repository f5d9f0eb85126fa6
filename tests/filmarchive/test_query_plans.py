"""No public page reads the whole reviews table: every query it makes has an index to go by (PostgreSQL).

Made-up data from ``generate_archive_data``, analysed; each page's queries are captured and EXPLAINed
with sequential scans priced out of reach (``enable_seqscan = off``), so a query that shows one has no
index that can serve it. The list pages must also read the very index named for them.
"""

from io import StringIO
from unittest import skipUnless

from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from filmarchive.models import Person
from reviews.models import FilmRating, Review


@skipUnless(connection.vendor == "postgresql", "query plans are PostgreSQL's")
class QueryPlanTests(TestCase):
    fixtures = ["archive"]

    @classmethod
    def setUpTestData(cls):
        call_command(
            "generate_archive_data",
            "--films=40",
            "--people=300",
            "--reviews=4000",
            "--members=80",
            "--interviews=3",
            stdout=StringIO(),
        )
        cls.popular = FilmRating.objects.order_by("-reviews").select_related("film").first().film
        cls.writer = (
            Review.objects.filter(member__isnull=False)
            .values_list("author__slug", flat=True)
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        cls.director = Person.objects.filter(credits__role="director").order_by("slug").first()
        cls.review = Review.objects.published().order_by("pk").first()

    def plans(self, url):
        """[(sql, plan), ...] for each query the page makes."""
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        found = []
        with connection.cursor() as cursor:
            for query in queries.captured_queries:
                if query["sql"].startswith(("SAVEPOINT", "RELEASE", "SET")):
                    continue
                cursor.execute(f"EXPLAIN {query['sql']}")
                found.append((query["sql"], "\n".join(row[0] for row in cursor.fetchall())))
        return found

    def test_no_page_scans_the_reviews_table(self):
        film = f"/films/{self.popular.slug}/"
        pages = [
            "/",
            "/films/",
            "/films/?sort=rating",
            film,
            "/films/the-missing-picture/",
            *(f"{film}reviews/?sort={sort}" for sort in ("newest", "oldest", "highest", "lowest")),
            *(f"{film}reviews/?sort={sort}&before=end" for sort in ("newest", "oldest", "highest", "lowest")),
            f"/people/{self.writer}/",
            f"/people/{self.writer}/reviews/?before=end",
            f"/people/{self.director.slug}/",
            self.review.get_absolute_url(),
            "/feeds/reviews/",
            "/sitemap.xml",
            "/sitemap-reviews.xml",
            "/search/?q=film",
            "/search/?q=aspic",
            "/search/?q=Rithy+Pahn",
        ]
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        for url in pages:
            for sql, plan in self.plans(url):
                with self.subTest(url=url, sql=sql[:200]):
                    self.assertNotIn("Seq Scan on reviews_review", plan)

    def test_each_list_reads_its_own_index(self):
        film = f"/films/{self.popular.slug}/"
        expected = {
            "/": "review_latest_idx",
            "/feeds/reviews/": "review_latest_idx",
            film: "review_film_newest_idx",
            f"{film}reviews/?before=end": "review_film_newest_idx",
            f"{film}reviews/?sort=oldest": "review_film_oldest_idx",
            f"{film}reviews/?sort=highest&before=end": "review_film_highest_idx",
            f"{film}reviews/?sort=lowest": "review_film_lowest_idx",
            f"/people/{self.writer}/": "review_author_newest_idx",
            f"/people/{self.writer}/reviews/?before=end": "review_author_newest_idx",
            "/films/?sort=rating": "filmrating_average_idx",
        }
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        for url, index in expected.items():
            with self.subTest(url=url):
                plans = "\n".join(plan for _, plan in self.plans(url))
                self.assertIn(index, plans)

    def test_no_page_sets_up_a_memoize_cache(self):
        # Sized for the million rows a loop over every review could see, not for the page's 20: its
        # setting up took longer than the rest of the query.
        film = f"/films/{self.popular.slug}/"
        for url in ["/", film, f"{film}reviews/", f"/people/{self.writer}/", "/feeds/reviews/"]:
            for sql, plan in self.plans(url):
                with self.subTest(url=url, sql=sql[:200]):
                    self.assertNotIn("Memoize", plan)

    def test_a_page_asked_for_again_and_again_runs_prepared_statements(self):
        # Parsed once per connection, not at every request (DJANGO_DB_PREPARE_THRESHOLD).
        def prepared():
            with connection.cursor() as cursor:
                cursor.execute("SELECT statement FROM pg_prepared_statements")
                return {statement for (statement,) in cursor.fetchall()}

        before = prepared()
        for _ in range(6):
            self.assertEqual(self.client.get(f"/films/{self.popular.slug}/").status_code, 200)
        new = prepared() - before
        self.assertTrue(any('FROM "filmarchive_credit"' in statement for statement in new), new)
