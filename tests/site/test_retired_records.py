"""A record taken off the site (retired: an editor deleted what a document states) leaves no link behind:
its credits, the mentions that name it and the parts of it that stay in force lead nowhere else."""

from django.test import TestCase

from filmarchive.models import Film, Person
from interviews.models import Interview
from tests import factories as make


class RetiredRecordsLeaveNoLinkTests(TestCase):
    fixtures = ["archive"]

    def setUp(self):
        self.client.force_login(make.editor())

    def delete_in_the_admin(self, record):
        meta = record._meta
        url = f"/admin/{meta.app_label}/{meta.model_name}/{record.pk}/delete/"
        self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 302)
        record.refresh_from_db()
        self.assertIsNotNone(record.retired_at)  # built from a document: retired, not deleted
        self.client.logout()

    def assertLinksNowhereTo(self, record, pages):
        url = record.get_absolute_url()
        self.assertEqual(self.client.get(url).status_code, 404)
        for page in pages:
            with self.subTest(page=page):
                response = self.client.get(page)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, f'href="{url}')

    def test_a_deleted_film_leaves_no_link_on_its_people_nor_where_texts_name_it(self):
        film = Film.objects.get(slug="the-act-of-killing")
        self.delete_in_the_admin(film)
        self.assertLinksNowhereTo(
            film,
            [
                Person.objects.get(slug="joshua-oppenheimer").get_absolute_url(),  # the director's films
                "/films/the-missing-picture/",  # a review that names it
                "/sources/film-the-missing-picture/",
                "/sources/interview-rithy-panh-the-missing-picture/",
            ],
        )
        # The people and texts themselves are all still there.
        self.assertContains(self.client.get("/people/joshua-oppenheimer/"), "Joshua Oppenheimer")
        self.assertContains(self.client.get("/films/the-missing-picture/"), "THE ACT OF KILLING")

    def test_a_deleted_interview_leaves_no_link_to_its_turns_or_figures(self):
        interview = Interview.objects.get()
        self.delete_in_the_admin(interview)
        self.assertLinksNowhereTo(
            interview,
            [
                "/films/the-missing-picture/",  # "Mentioned in": a caption of it
                "/people/rithy-panh/",
                "/sources/interview-rithy-panh-the-missing-picture/",  # its turns and figures
                "/search/?q=sculptor",  # words of one of its answers
                "/search/?q=sculptor&in=interviews",
            ],
        )
