"""A person's page: filmography by role, interviews, reviews written, where documents name them."""

from django.test import TestCase

from reviews.models import Review
from tests import factories as make
from tests.helpers import json_ld, visible_text


class PersonPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.panh = make.person("Rithy Panh", biography="A Cambodian filmmaker.")
        cls.avni = make.person("Sheerly Avni")
        cls.missing_picture = make.film("The Missing Picture", year=2013, directors=[cls.panh])
        cls.s21 = make.film("S21", directors=[cls.panh])
        make.credit(cls.s21, cls.panh, "writer")
        cls.interview = make.interview(
            "Rithy Panh on The Missing Picture", interviewers=[cls.avni], subjects=[cls.panh]
        )
        cls.review = make.review(cls.missing_picture, cls.avni, rating=9, body="Clay, and memory.")
        make.review(cls.s21, cls.avni, body="Not for now.", status=Review.Status.HIDDEN)
        cls.document = make.source_document("An article")
        make.interview(
            "Panh at work",
            subjects=[cls.panh],
            introduction="We met him in his office. Panh works with clay.",
            source=cls.document,
            lines=(1, 5),
        )
        make.mention(cls.document, 3, "Panh", person=cls.panh)

    def test_a_filmmaker(self):
        response = self.client.get(self.panh.get_absolute_url())
        self.assertContains(response, "<h1>Rithy Panh</h1>", html=True)
        self.assertContains(response, "A Cambodian filmmaker.")
        self.assertEqual(
            [
                (role, [c.film.title for c in credits])
                for role, credits in response.context["credits_by_role"]
            ],
            [("Director", ["S21", "The Missing Picture"]), ("Writer", ["S21"])],
        )
        self.assertContains(
            response, f'<a href="{self.missing_picture.get_absolute_url()}">The Missing Picture</a>'
        )
        self.assertContains(response, '<span class="year">2013</span>', html=True)
        text = visible_text(response)
        self.assertIn("Rithy Panh on The Missing Picture: interviewed by Sheerly Avni", text)
        self.assertIn("Mentioned in The introduction to “Panh at work” Panh works with clay.", text)
        self.assertNotIn("Reviews written", text)

    def test_a_critic_and_interviewer(self):
        response = self.client.get(self.avni.get_absolute_url())
        text = visible_text(response)
        self.assertIn("Rithy Panh on The Missing Picture: as the interviewer", text)
        self.assertIn("Reviews written", text)
        self.assertContains(response, "Clay, and memory.")
        self.assertContains(response, f'href="{self.review.get_absolute_url()}"')
        self.assertNotContains(response, "Not for now.")  # hidden by an editor
        self.assertNotIn("Filmography", text)
        self.assertNotIn("Mentioned in", text)

    def test_json_ld(self):
        data = json_ld(self.client.get(self.panh.get_absolute_url()))
        self.assertEqual(data["@type"], "Person")
        self.assertEqual(data["name"], "Rithy Panh")
        self.assertEqual(data["description"], "A Cambodian filmmaker.")
        self.assertEqual(data["url"], f"http://testserver{self.panh.get_absolute_url()}")
