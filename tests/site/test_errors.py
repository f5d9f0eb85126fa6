"""Error pages in the site's style, and a 404 for every address that names no record."""

from django.db import OperationalError, connection
from django.test import Client, RequestFactory, TestCase
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

    def test_a_database_that_does_not_answer_is_503_temporarily_unavailable(self):
        def not_answering(execute, sql, params, many, context):
            raise OperationalError("the database did not answer within 20 s")

        client = Client(raise_request_exception=False)
        with connection.execute_wrapper(not_answering), self.assertLogs("django.request", "ERROR"):
            response = client.get(reverse("filmarchive:film-list"))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "10")
        self.assertContains(response, "<h1>Temporarily unavailable</h1>", status_code=503, html=True)
        self.assertContains(response, "site.css", status_code=503)
        self.assertNotContains(response, "did not answer", status_code=503)
        self.assertEqual(client.get(reverse("filmarchive:film-list")).status_code, 200)

        def broken(execute, sql, params, many, context):
            raise ZeroDivisionError

        with connection.execute_wrapper(broken), self.assertLogs("django.request", "ERROR"):
            response = client.get(reverse("filmarchive:film-list"))
        self.assertContains(response, "Something went wrong", status_code=500)
