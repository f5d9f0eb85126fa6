"""Error pages in the site's style, and a 404 for every address that names no record."""

from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.views.defaults import server_error


class ErrorPageTests(TestCase):
    def test_404_in_the_sites_style(self):
        response = self.client.get("/films/no-such-film/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "<h1>Not found</h1>", status_code=404, html=True)
        self.assertContains(response, 'class="skip-link"', status_code=404)
        self.assertContains(response, 'action="/search/"', status_code=404)

    def test_500_in_the_sites_style(self):
        response = server_error(RequestFactory().get("/"))
        self.assertEqual(response.status_code, 500)
        self.assertIn(b"Something went wrong", response.content)
        self.assertIn(b"site.css", response.content)

    def test_unknown_records_are_404(self):
        for url in [
            reverse("filmarchive:film-detail", args=["no-such-film"]),
            reverse("filmarchive:person-detail", args=["nobody"]),
            reverse("filmarchive:source-detail", args=["none"]),
            reverse("reviews:film-reviews", args=["no-such-film"]),
            reverse("reviews:review-detail", args=[999999]),
            reverse("interviews:interview-detail", args=["nothing"]),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
