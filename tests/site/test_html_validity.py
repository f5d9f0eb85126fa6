"""Every public page is valid HTML, by the Nu HTML checker (vnu.jar, offline, on the installed Java)."""

import json
import subprocess
import tempfile
from pathlib import Path

from django.test import TestCase
from django.urls import reverse

from filmarchive.email_addresses import verification_token
from filmarchive.models import Film, Person, SourceDocument
from interviews.models import Interview
from reviews.models import Review
from tests import factories as make
from tests.checkers import VNU, java, require


class HtmlValidityTests(TestCase):
    fixtures = ["archive"]

    def public_pages(self):
        Review.objects.filter(author__slug="mike-dangelo").update(contains_spoilers=True)
        return [
            "/",
            "/films/",
            "/films/?sort=rating",
            "/interviews/",
            "/people/",
            "/sources/",
            "/search/",
            "/search/?q=clay",
            "/search/?q=%21%21%21",
            "/search/?q=nothing-matches-this",
            "/films/no-such-film/",
            "/accounts/sign-up/",
            "/accounts/login/",
            "/accounts/login/?next=/films/the-missing-picture/review/",
            "/accounts/sign-up/?next=/films/the-missing-picture/review/",
            "/accounts/password_reset/",
            reverse("reviews:film-reviews", args=["the-missing-picture"]),
            *[film.get_absolute_url() for film in Film.objects.all()],
            *[person.get_absolute_url() for person in Person.objects.all()],
            *[review.get_absolute_url() for review in Review.objects.all()],
            *[interview.get_absolute_url() for interview in Interview.objects.all()],
            *[document.get_absolute_url() for document in SourceDocument.objects.all()],
        ]

    def member_pages(self):
        """Signs a member in, with a review of their own, and lists the pages only members see."""
        ada = make.member("ada", name="Ada Critic", email="ada@example.org")
        film = Film.objects.get(slug="the-missing-picture")
        review = make.review(film, member=ada, rating=7, body="Mine.")
        self.client.force_login(ada)
        return [
            reverse("reviews:review-form", args=[film.slug]),
            reverse("reviews:review-delete", args=[review.pk]),
            reverse("reviews:review-report", args=[Review.objects.exclude(pk=review.pk).first().pk]),
            film.get_absolute_url(),
            ada.person.get_absolute_url(),
            "/accounts/password_change/",
            reverse("account"),
            reverse("account-welcome"),
            reverse("account-close"),
            reverse("confirm-email"),
            reverse("verify-email", args=[verification_token(ada)]),
        ]

    def test_no_page_has_an_html_error(self):
        checker = require(VNU)
        with tempfile.TemporaryDirectory() as folder:
            pages = {}  # file name -> URL

            def fetch(urls):
                for url in urls:
                    response = self.client.get(url)
                    self.assertIn(response.status_code, (200, 404), url)
                    name = f"page-{len(pages)}.html"
                    (Path(folder) / name).write_bytes(response.content)
                    pages[name] = url

            fetch(self.public_pages())
            fetch(self.member_pages())  # signed in from here on
            # A page known to be invalid: the checker must report it, or it checked nothing.
            (Path(folder) / "control.html").write_text("<!DOCTYPE html><title>x</title><p><li>not in a list")
            result = subprocess.run(
                [java(), "-jar", str(checker), "--format", "json", "--exit-zero-always", folder],
                capture_output=True,
                text=True,
                check=True,
                timeout=300,
            )
        messages = json.loads(result.stderr or result.stdout)["messages"]
        errors = [m for m in messages if m["type"] == "error"]
        self.assertIn("control.html", {Path(m["url"]).name for m in errors}, "the checker reported nothing")
        self.assertEqual(
            [
                f"{pages[Path(m['url']).name]}: line {m.get('lastLine')}: {m['message']}"
                for m in errors
                if Path(m["url"]).name != "control.html"
            ],
            [],
        )
        self.assertGreater(len(pages), 20)
