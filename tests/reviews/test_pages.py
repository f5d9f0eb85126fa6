"""The reviews' own pages (a film's reviews, one review), their feed, and what hiding a review does."""

from datetime import date

from django.test import TestCase
from django.urls import reverse

from filmarchive.models import Person
from reviews.models import Review
from tests import factories as make
from tests.helpers import QueryCountMixin, json_ld, visible_text

NOV_BEFORE, JAN, MAR, JUN_AFTER = date(2013, 11, 2), date(2014, 1, 5), date(2014, 3, 1), date(2015, 6, 30)


class FilmReviewsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = make.film("The Missing Picture")
        cls.url = reverse("reviews:film-reviews", args=[cls.film.slug])
        for rating, published_on in [(8, JAN), (9, MAR), (8, NOV_BEFORE), (9, None), (8, JUN_AFTER)]:
            make.review(cls.film, rating=rating, published_on=published_on)
        make.review(make.film("Another film"), rating=1)

    def sorted_by(self, sort):
        return self.client.get(self.url, {"sort": sort}).context["reviews"]

    def test_every_review_of_the_film(self):
        response = self.client.get(self.url)
        self.assertIn("Reviews of The Missing Picture", visible_text(response))
        self.assertIn("4.2 out of 5 from 5 ratings", visible_text(response))
        self.assertContains(response, 'class="review"', count=5)
        self.assertContains(response, f'href="{self.film.get_absolute_url()}"')

    def test_sort(self):
        self.assertEqual([r.rating for r in self.sorted_by("highest")], [9, 9, 8, 8, 8])
        self.assertEqual([r.rating for r in self.sorted_by("lowest")], [8, 8, 8, 9, 9])
        newest = [r.published_on for r in self.sorted_by("newest")]
        self.assertEqual(newest, [JUN_AFTER, MAR, JAN, NOV_BEFORE, None])  # undated ones last
        oldest = [r.published_on for r in self.sorted_by("oldest")]
        self.assertEqual(oldest, [NOV_BEFORE, JAN, MAR, JUN_AFTER, None])
        self.assertEqual(self.client.get(self.url, {"sort": "nonsense"}).status_code, 200)
        for cursor in ("nonsense", "2024-13-01.5", "8.x", "."):
            with self.subTest(cursor=cursor):
                self.assertEqual(self.client.get(self.url, {"after": cursor}).status_code, 404)
                self.assertEqual(self.client.get(self.url, {"before": cursor}).status_code, 404)

    def test_a_film_without_reviews(self):
        response = self.client.get(reverse("reviews:film-reviews", args=[make.film().slug]))
        self.assertContains(response, "No reviews yet.")


class ReviewPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = make.film("The Missing Picture")
        cls.review = make.review(
            cls.film,
            make.person("Adam Cook"),
            rating=8,
            body="First paragraph.\n\n" + "More. " * 150 + "\n\nDifficult, poignant and deeply moving.",
            published_on=date(2014, 1, 5),
        )

    def test_the_whole_review(self):
        response = self.client.get(self.review.get_absolute_url())
        self.assertContains(response, "<title>Adam Cook on The Missing Picture · Film archive</title>")
        self.assertNotContains(response, "<details")  # a long review is cut in lists, not on its own page
        self.assertContains(response, "Difficult, poignant and deeply moving")
        self.assertContains(response, '<time datetime="2014-01-05">5 January 2014</time>', html=True)
        self.assertContains(response, "First published on Letterboxd")
        self.assertContains(response, f'href="{reverse("reviews:film-reviews", args=[self.film.slug])}"')

    def test_json_ld(self):
        data = json_ld(self.client.get(self.review.get_absolute_url()))
        self.assertEqual(data["@type"], "Review")
        self.assertEqual(data["itemReviewed"]["name"], "The Missing Picture")
        self.assertEqual(data["author"]["name"], "Adam Cook")
        self.assertEqual(data["reviewRating"]["ratingValue"], 4)
        self.assertEqual(data["datePublished"], "2014-01-05")
        self.assertEqual(data["publisher"]["name"], "Letterboxd")


class UnratedReviewTests(TestCase):
    def test_a_review_without_a_rating_is_not_described_as_one_for_search_engines(self):
        film = make.film("The Missing Picture")
        rated = make.review(film, make.person("Melissa Tamminga"), rating=9)
        unrated = make.review(film, make.person("Ben Hynes"), rating=None, body="No stars from me.")
        page = self.client.get(unrated.get_absolute_url())
        self.assertContains(page, "No stars from me.")
        self.assertNotContains(page, "application/ld+json")
        self.assertEqual(json_ld(self.client.get(rated.get_absolute_url()))["@type"], "Review")
        described = json_ld(self.client.get(film.get_absolute_url()))["review"]
        self.assertEqual(
            [review["url"] for review in described], [f"http://testserver{rated.get_absolute_url()}"]
        )


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        film = make.film("The Missing Picture")
        make.review(film, make.person("Melissa Tamminga"), rating=9, body="How indeed.")
        make.review(film, make.person("Ben Hynes"), rating=None, body="No stars from me.")
        make.review(film, make.person("Hidden Critic"), status=Review.Status.HIDDEN)

    def test_the_latest_published_reviews(self):
        response = self.client.get("/feeds/reviews/")
        self.assertEqual(response["Content-Type"], "application/rss+xml; charset=utf-8")
        self.assertContains(response, "<item>", count=2)
        self.assertContains(response, "<title>Melissa Tamminga on The Missing Picture ★★★★½</title>")
        self.assertContains(response, "<title>Ben Hynes on The Missing Picture</title>")
        self.assertContains(response, "<description>&lt;p&gt;How indeed.&lt;/p&gt;</description>")
        self.assertNotContains(response, "Hidden Critic")


class HiddenReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = make.film("The Missing Picture")
        for rating in [8, 8, 9, 8]:
            make.review(cls.film, rating=rating)
        cls.tamminga = make.person("Melissa Tamminga")
        cls.review = make.review(cls.film, cls.tamminga, rating=9, body="How indeed, with a spoon?")

    def test_a_hidden_review_leaves_every_public_page(self):
        self.assertContains(self.client.get(self.film.get_absolute_url()), "Melissa Tamminga")
        self.review.status = Review.Status.HIDDEN
        self.review.save()
        film = self.client.get(self.film.get_absolute_url())
        self.assertNotContains(film, "Melissa Tamminga")
        self.assertIn("4.1 out of 5 from 4 ratings", visible_text(film))
        self.assertEqual(self.client.get(self.review.get_absolute_url()).status_code, 404)
        all_reviews = self.client.get(reverse("reviews:film-reviews", args=[self.film.slug]))
        self.assertNotContains(all_reviews, "spoon")
        self.assertNotContains(self.client.get("/feeds/reviews/"), "Melissa Tamminga")
        self.assertNotContains(self.client.get("/search/", {"q": "spoon"}), "Melissa Tamminga")
        self.assertNotContains(self.client.get("/sitemap.xml"), self.review.get_absolute_url())
        self.assertNotContains(self.client.get(self.tamminga.get_absolute_url()), "How indeed")


class ReviewsQueryCountTests(QueryCountMixin, TestCase):
    """The reviews' pages take a fixed number of queries: the same with 5 reviews as with 500."""

    EXPECTED = {"all reviews": 3, "review": 2}  # the count comes from the film's stored figures

    @classmethod
    def setUpTestData(cls):
        cls.document = make.source_document("A film page")
        cls.film = make.film(source=cls.document)
        cls.reviews = [make.review(cls.film, source=cls.document, lines=(2, 3)) for _ in range(5)]
        make.mention(cls.document, 2, film=cls.film)

    def pages(self):
        return {
            "all reviews": reverse("reviews:film-reviews", args=[self.film.slug]),
            "review": self.reviews[0].get_absolute_url(),
        }

    def test_query_counts_do_not_grow(self):
        small = self.count_all(self.pages())
        critics = Person.objects.bulk_create(make.person(save=False) for _ in range(495))
        Review.objects.bulk_create(
            make.review(self.film, critic, rating=1 + i % 10, source=self.document, lines=(1, 2), save=False)
            for i, critic in enumerate(critics)
        )
        self.assertEqual(Review.objects.filter(film=self.film).count(), 500)
        self.assertEqual(self.count_all(self.pages()), small)
        self.assertEqual(small, self.EXPECTED)
