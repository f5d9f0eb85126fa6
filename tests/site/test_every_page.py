"""Every page of the loaded archive renders, and shows what its records say."""

from django.test import TestCase
from django.urls import reverse

from filmarchive.models import Person, SourceDocument
from interviews.models import Interview
from reviews.models import Review
from tests.helpers import visible_text


class EveryPageTests(TestCase):
    fixtures = ["archive"]

    def test_every_page_renders(self):
        urls = [
            reverse("filmarchive:home"),
            reverse("filmarchive:film-list"),
            reverse("filmarchive:film-detail", args=["the-missing-picture"]),
            reverse("filmarchive:film-detail", args=["the-act-of-killing"]),
            reverse("reviews:film-reviews", args=["the-missing-picture"]),
            reverse("interviews:interview-list"),
            *[p.get_absolute_url() for p in Person.objects.all()],
            *[r.get_absolute_url() for r in Review.objects.all()],
            *[i.get_absolute_url() for i in Interview.objects.all()],
            *[d.get_absolute_url() for d in SourceDocument.objects.all()],
        ]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'id="main-content"')

    def test_film_page(self):
        response = self.client.get(reverse("filmarchive:film-detail", args=["the-missing-picture"]))
        self.assertContains(response, "<h1>The Missing Picture</h1>", html=True)
        self.assertContains(response, 'Directed by <a href="/people/rithy-panh/">Rithy Panh</a>')
        self.assertIn("4.2 out of 5 from 5 ratings", visible_text(response))
        self.assertContains(response, 'aria-label="4.5 out of 5"')
        self.assertContains(response, 'class="review"', count=5)
        self.assertContains(response, "See all reviews")

    def test_interview_page(self):
        response = self.client.get(
            reverse("interviews:interview-detail", args=["rithy-panh-on-the-missing-picture"])
        )
        self.assertContains(response, "Title supplied by the archive")
        self.assertContains(response, "turn-question", count=3)
        self.assertContains(response, "turn-answer", count=3)
        self.assertContains(response, "<figcaption>Rithy Panh</figcaption>", html=True)

    def test_source_page_links_lines_to_records(self):
        response = self.client.get(reverse("filmarchive:source-detail", args=["film-the-missing-picture"]))
        self.assertContains(response, 'id="L68"')
        self.assertContains(
            response, f'href="{Review.objects.get(author__slug="mike-dangelo").get_absolute_url()}"'
        )

    def test_unknown_records_are_404(self):
        for url in [
            "/films/no-such-film/",
            "/people/nobody/",
            "/reviews/999999/",
            "/interviews/nothing/",
            "/sources/none/",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
