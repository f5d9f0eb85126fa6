"""``?next=`` after signing up leads only to a page of this site; anything else goes to the welcome page."""

from django.test import TestCase
from django.urls import reverse

from filmarchive.models import User

PASSWORD = "a film archive password"

OFF_SITE = [
    "https://evil.example/",
    "http://evil.example/films/",
    "//evil.example/",
    "///evil.example/",
    "/%2F%2Fevil.example/",
    "/%2f%2fevil.example/",
    "/\\evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/%09/evil.example/",
    "/%5Cevil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "user@evil.example",
    "https://testserver@evil.example/",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "foo",
    "films",
    "ftp://testserver/",
]


class NextAfterSignUpTests(TestCase):
    def sign_up(self, next_url, username="ada", **extra):
        url = reverse("sign-up")
        return self.client.post(
            url,
            {"username": username, "display_name": f"Critic {username}", "email": f"{username}@example.org",
             "password1": PASSWORD, "password2": PASSWORD},
            query_params={"next": next_url},
            **extra,
        )  # fmt: skip

    def test_a_page_of_this_site_is_followed(self):
        for number, target in enumerate(["/films/", "/films/?sort=year", "http://testserver/people/"]):
            with self.subTest(target=target):
                response = self.sign_up(target, username=f"ada{number}")
                self.assertRedirects(response, target, fetch_redirect_response=False)
                self.client.logout()

    def test_anywhere_else_leads_to_the_welcome_page(self):
        for number, target in enumerate(OFF_SITE):
            with self.subTest(target=target):
                response = self.sign_up(target, username=f"ada{number}")
                self.assertEqual(response.status_code, 302)
                self.assertTrue(User.objects.filter(username=f"ada{number}").exists())
                self.assertEqual(response["Location"], reverse("account-welcome"))
                self.client.logout()

    def test_over_https_a_plain_http_address_is_not_followed(self):
        response = self.sign_up("http://testserver/films/", secure=True)
        self.assertEqual(response["Location"], reverse("account-welcome"))
