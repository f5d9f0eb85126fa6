"""Pages show what the archive knows (and hide controls that can do nothing); spoilers stay gated."""

import json
import re
from datetime import date

from django.test import TestCase

from filmarchive.models import Film, Person
from interviews.models import Interview
from reviews.models import Review
from tests.helpers import visible_text


def json_ld(response):
    found = re.search(rb'<script type="application/ld\+json">(.*?)</script>', response.content, re.S)
    return json.loads(found[1])


class DetailsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = Film.objects.create(
            title="Rice People",
            slug="rice-people",
            original_title="Neak srae",
            year=1994,
            runtime_minutes=125,
            countries="Cambodia, France",
            languages="Khmer",
        )
        cls.bare = Film.objects.create(title="Untold", slug="untold")
        cls.critic = Person.objects.create(name="Ana Critic", slug="ana-critic", sort_name="Critic, Ana")

    def test_a_details_line_under_the_title(self):
        response = self.client.get(self.film.get_absolute_url())
        self.assertContains(response, '<ul class="details" aria-label="Details">')
        self.assertIn("Rice People Neak srae 1994 125 min Cambodia, France Khmer", visible_text(response))
        self.assertContains(response, '<a href="/films/?year=1994">1994</a>', html=True)
        data = json_ld(response)
        self.assertEqual(data["duration"], "PT125M")
        self.assertEqual([c["name"] for c in data["countryOfOrigin"]], ["Cambodia", "France"])
        self.assertEqual(data["inLanguage"], ["Khmer"])
        self.assertEqual(data["alternateName"], "Neak srae")
        self.assertEqual(data["dateCreated"], "1994")

    def test_no_details_no_line(self):
        response = self.client.get(self.bare.get_absolute_url())
        self.assertNotContains(response, 'class="details"')
        self.assertNotIn("duration", json_ld(response))

    def test_see_all_reviews_only_when_there_are_reviews(self):
        self.assertNotContains(self.client.get(self.bare.get_absolute_url()), "See all reviews")
        Review.objects.create(film=self.bare, author=self.critic, body="Seen.", rating=6)
        self.assertContains(self.client.get(self.bare.get_absolute_url()), "See all reviews")

    def test_the_year_filter_only_when_films_have_years(self):
        self.assertContains(self.client.get("/films/"), 'id="film-year"')
        Film.objects.filter(year__isnull=False).update(year=None)
        self.assertNotContains(self.client.get("/films/"), 'id="film-year"')

    def test_an_interviews_publication_and_date(self):
        interview = Interview.objects.create(
            title="Talking rice", slug="talking-rice", published_in="Cahiers", published_on=date(1994, 5, 1)
        )
        interview.interviewers.add(self.critic)
        response = self.client.get(interview.get_absolute_url())
        self.assertIn("By Ana Critic Cahiers 1 May 1994", visible_text(response))
        self.assertContains(response, '<time datetime="1994-05-01">1 May 1994</time>', html=True)
        data = json_ld(response)
        self.assertEqual(data["publisher"], {"@type": "Organization", "name": "Cahiers"})
        self.assertEqual(data["datePublished"], "1994-05-01")
        self.assertEqual(data["author"]["name"], "Ana Critic")


class SpoilerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        film = Film.objects.create(title="Twist", slug="twist")
        critic = Person.objects.create(name="Bo", slug="bo", sort_name="Bo")
        cls.review = Review.objects.create(
            film=film, author=critic, body="The butler did it.", rating=8, contains_spoilers=True
        )

    def test_a_spoiler_review_is_gated_on_its_own_page_too(self):
        response = self.client.get(self.review.get_absolute_url())
        self.assertContains(response, '<details class="spoiler">', count=1)
        self.assertContains(response, "This review contains spoilers. Show it")

    def test_its_text_stays_out_of_the_json_ld(self):
        for url in (self.review.get_absolute_url(), self.review.film.get_absolute_url()):
            with self.subTest(url=url):
                self.assertNotIn("butler", json.dumps(json_ld(self.client.get(url))))
