"""A film's and a person's reviews page by cursor: every review once, in order, both ways, in one query."""

import re
from datetime import date, timedelta

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from filmarchive.models import Film, Person
from reviews.models import HIGHEST, LOWEST, NEWEST, OLDEST, Review
from reviews.views import REVIEWS_PER_PAGE

TOTAL = 3 * REVIEWS_PER_PAGE + 7


def link(response, label):
    found = re.search(rf'<a href="([^"]+)"[^>]*>{label}</a>', response.content.decode())
    return found[1].replace("&amp;", "&") if found else None


class FilmReviewPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = Film.objects.create(title="Crowded", slug="crowded")
        people = Person.objects.bulk_create(
            Person(name=f"Critic {i}", slug=f"critic-{i}", sort_name=f"Critic {i}") for i in range(TOTAL)
        )
        # Ties on date and rating, undated and unrated reviews: the cursor must still keep each once.
        Review.objects.bulk_create(
            Review(
                film=cls.film,
                author=person,
                rating=None if i % 9 == 0 else 1 + i % 4,
                published_on=None if i % 11 == 0 else date(2020, 1, 1) + timedelta(days=i % 5),
                body=f"Review {i}.",
            )
            for i, person in enumerate(people)
        )
        Review.objects.filter(author__slug="critic-3").update(status=Review.Status.HIDDEN)

    def expected(self, order):
        reviews = Review.objects.published().filter(film=self.film)
        return list(reviews.order_by(*order.order_by()).values_list("pk", flat=True))

    def walk(self, url, forwards=True):
        """Follow "Next" from the first page (or "Previous" from the last) to the end."""
        seen, pages = [], 0
        while url:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertLessEqual(len(queries), 3)
            page = [review.pk for review in response.context["reviews"]]
            self.assertLessEqual(len(page), REVIEWS_PER_PAGE)
            seen = seen + page if forwards else page + seen
            pages += 1
            url = link(response, "Next" if forwards else "Previous")
        return seen, pages

    def test_every_order_both_ways(self):
        base = reverse("reviews:film-reviews", args=["crowded"])
        for sort, order in (("newest", NEWEST), ("oldest", OLDEST), ("highest", HIGHEST), ("lowest", LOWEST)):
            with self.subTest(sort=sort):
                expected = self.expected(order)
                self.assertEqual(len(expected), TOTAL - 1)
                forwards, pages = self.walk(f"{base}?sort={sort}")
                self.assertEqual(forwards, expected)
                self.assertEqual(pages, 4)
                backwards, _ = self.walk(f"{base}?sort={sort}&before=end", forwards=False)
                self.assertEqual(backwards, expected)

    def test_the_last_page_and_its_links(self):
        base = reverse("reviews:film-reviews", args=["crowded"])
        first = self.client.get(base)
        self.assertIsNone(link(first, "Previous"))
        self.assertContains(first, f"{TOTAL - 1} reviews")
        last = self.client.get(link(first, "Last"))
        self.assertEqual([r.pk for r in last.context["reviews"]], self.expected(NEWEST)[-REVIEWS_PER_PAGE:])
        self.assertIsNone(link(last, "Next"))
        self.assertEqual(link(last, "First"), f"{base}?sort=newest")

    def test_the_first_and_a_deep_page_take_the_same_queries(self):
        base = reverse("reviews:film-reviews", args=["crowded"])
        with CaptureQueriesContext(connection) as first:
            self.client.get(base)
        with CaptureQueriesContext(connection) as last:
            self.client.get(f"{base}?before=end")
        self.assertEqual(len(first), len(last))

    def test_a_cursor_no_page_made_is_not_found_whatever_its_numbers(self):
        base = reverse("reviews:film-reviews", args=["crowded"])
        big, small = "9" * 20, f"-{2**63 + 1}"
        for query in [
            f"after=2020-01-01.{big}",
            f"before=0001-01-01.{small}",
            f"sort=highest&after={big}.5",
            f"sort=lowest&before=3.{big}",
            f"sort=oldest&after=2020-01-01.{2**63}",
            "after=2020-01-01.x",
        ]:
            with self.subTest(query=query):
                self.assertEqual(self.client.get(f"{base}?{query}").status_code, 404)
        # The largest the database holds is a cursor like any other: past every review, an empty page.
        self.assertEqual(self.client.get(f"{base}?sort=oldest&after=2020-01-01.{2**63 - 1}").status_code, 200)


class PersonReviewPagesTests(TestCase):
    def test_a_prolific_writers_page_shows_the_latest_and_links_to_all(self):
        person = Person.objects.create(name="Prolific", slug="prolific", sort_name="Prolific")
        films = Film.objects.bulk_create(Film(title=f"Film {i}", slug=f"film-{i}") for i in range(25))
        Review.objects.bulk_create(
            Review(
                film=film, author=person, rating=5, body=f"On film {i}.", published_on=date(2020, 1, 1 + i)
            )
            for i, film in enumerate(films)
        )
        page = self.client.get("/people/prolific/")
        self.assertContains(page, 'class="review"', count=10)
        self.assertContains(page, "On film 24.")
        self.assertNotContains(page, "On film 14.")
        all_reviews = self.client.get(reverse("reviews:person-reviews", args=["prolific"]))
        self.assertContains(page, reverse("reviews:person-reviews", args=["prolific"]))
        self.assertContains(all_reviews, 'class="review"', count=REVIEWS_PER_PAGE)
        rest = self.client.get(link(all_reviews, "Next"))
        self.assertContains(rest, 'class="review"', count=5)
        self.assertContains(rest, "On film 0.")
