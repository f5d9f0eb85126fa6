"""The home page: films with their ratings, the latest interviews and the latest published reviews."""

from django.test import TestCase

from reviews.models import Review
from tests import factories as make
from tests.helpers import visible_text


class HomePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = make.film("The Missing Picture", year=2013)
        make.review(cls.film, make.person("Adam Cook"), rating=9, body="Clay and memory.")
        make.review(cls.film, make.person("Mike D'Angelo"), body="Hidden.", status=Review.Status.HIDDEN)
        cls.interview = make.interview(
            "Rithy Panh on The Missing Picture", interviewers=[make.person("Sheerly Avni")]
        )

    def test_what_is_new(self):
        response = self.client.get("/")
        text = visible_text(response)
        self.assertIn("Films in the archive The Missing Picture 2013 ★★★★½4.5", text)
        self.assertContains(response, f'href="{self.film.get_absolute_url()}"')
        self.assertIn("Latest interviews Rithy Panh on The Missing Picture, by Sheerly Avni", text)
        self.assertContains(response, f'href="{self.interview.get_absolute_url()}"')
        self.assertIn("The Missing Picture, reviewed by Adam Cook", text)
        self.assertContains(response, "Clay and memory.")
        self.assertNotContains(response, "Hidden.")
        self.assertContains(response, 'class="review"', count=1)

    def test_an_empty_archive(self):
        Review.objects.all().delete()
        self.interview.delete()
        text = visible_text(self.client.get("/"))
        self.assertIn("Latest interviews None yet.", text)
        self.assertIn("Latest reviews None yet.", text)
