"""Characters no page or feed can hold (control characters, noncharacters) never get in: every form
refuses them with an error saying which and where, and a feed left with one stays whole."""

import re
import shutil
import tempfile
from io import StringIO
from pathlib import Path

import feedparser
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from filmarchive.models import Film, Person, User
from interviews.models import Interview, Turn
from reviews.members import save_member_review
from reviews.models import Review, ReviewReport
from tests import factories as make
from tests.helpers import EditorTestCase, form_data

# A vertical tab, a unit separator, NEL (a C1 control), and the noncharacters U+FFFE and U+10FFFF.
UNSHOWABLE = ["\x0b", "\x1f", "\x85", "\ufffe", "\U0010ffff"]


class MembersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.film = make.film("The Missing Picture")
        cls.ada = make.member("ada")

    def setUp(self):
        self.client.force_login(self.ada)

    def test_a_review_holding_one_is_refused_saying_which_and_where(self):
        url = reverse("reviews:review-form", args=[self.film.slug])
        for character in UNSHOWABLE:
            with self.subTest(character=repr(character)):
                response = self.client.post(url, {"rating": "7", "body": f"Half a star.{character} Or so."})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, f"U+{ord(character):04X}")
                self.assertContains(response, "at character 13, which no page or feed can show")
                self.assertContains(response, "Or so.")  # what was typed stays in the form
        self.assertFalse(Review.objects.filter(member=self.ada).exists())

    def test_report_details_holding_one_are_refused(self):
        review = make.review(self.film)
        url = reverse("reviews:review-report", args=[review.pk])
        response = self.client.post(url, {"reason": "spam", "details": "An\x85advert"})
        self.assertContains(response, "U+0085 (a control character)")
        self.assertFalse(ReviewReport.objects.exists())

    def test_a_display_name_holding_a_noncharacter_is_refused(self):
        response = self.client.post(reverse("account-name"), {"display_name": "Ada\ufffe"})
        self.assertContains(response, "invisible or control characters", status_code=response.status_code)
        self.assertEqual(Person.objects.get(member=self.ada).name, self.ada.person.name)

    def test_search_shows_the_query_without_them(self):
        response = self.client.get("/search/", {"q": "clay\x85figures\ufffe"})
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertNotRegex(page, "[\x85\ufffe]")
        self.assertIn("clay figures", page)


class EditorsTests(EditorTestCase):
    def test_a_title_and_an_inline_turn_holding_one_are_refused(self):
        film = make.film("Clay")
        url = reverse("admin:filmarchive_film_change", args=[film.pk])
        response = self.client.post(url, {**form_data(self.client.get(url)), "title": "Cl\x1fay"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "U+001F (a control character) at character 3")
        self.assertEqual(Film.objects.get(pk=film.pk).title, "Clay")

        interview = make.interview("On clay")
        turn = Turn.objects.create(
            interview=interview, position=1, kind="question", speaker=make.person("Lena"), body="Why?"
        )
        url = reverse("admin:interviews_interview_change", args=[interview.pk])
        data = form_data(self.client.get(url))
        index = next(
            i for i in range(int(data["turns-TOTAL_FORMS"])) if data[f"turns-{i}-id"] == str(turn.pk)
        )
        response = self.client.post(url, {**data, f"turns-{index}-body": "Why\ufffe?"})
        self.assertContains(response, "U+FFFE (a noncharacter)")
        self.assertEqual(Turn.objects.get(pk=turn.pk).body, "Why?")

    def test_a_documents_title_and_origin_holding_one_are_refused(self):
        document = make.source_document("Clay: film page")
        url = reverse("admin:filmarchive_sourcedocument_change", args=[document.pk])
        data = {**form_data(self.client.get(url)), "title": "Cl\x1fay", "origin": "A\ufffe site"}
        response = self.client.post(url, data)
        self.assertContains(response, "U+001F (a control character) at character 3")
        self.assertContains(response, "U+FFFE (a noncharacter) at character 2")
        document.refresh_from_db()
        self.assertEqual((document.title, document.origin), ("Clay: film page", ""))

        add = reverse("admin:filmarchive_sourcedocument_add")
        text = "Clay\n\nDirected by Lena Fell\n\nA film about clay.\n"
        response = self.client.post(add, {"text": text, "name": "film-clay.txt", "origin": "A\x85site"})
        self.assertContains(response, "U+0085 (a control character) at character 2")


class FeedsTests(TestCase):
    def test_a_feed_with_text_from_before_stays_whole(self):
        film = make.film("The Missing Picture")
        review, _ = save_member_review(
            make.member("ada"), film, rating=1, body="Half a star.", contains_spoilers=False
        )
        # Written around the forms, as text kept from before they refused it would be.
        Review.objects.filter(pk=review.pk).update(body="Half a star.\x0b\x1f\x85 \ufffe")
        Interview.objects.filter(pk=make.interview("Clay\x0b").pk).update(introduction="In\x85tro\uffff.")
        for url in ("/feeds/reviews/", "/feeds/interviews/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                feed = feedparser.parse(response.content)
                self.assertFalse(feed.bozo, feed.get("bozo_exception"))
                self.assertEqual(len(feed.entries), 1)
        reviews = feedparser.parse(self.client.get("/feeds/reviews/").content)
        self.assertIn("Half a star.", reviews.entries[0].description)


class SitemapTests(TestCase):
    def test_a_url_past_the_protocols_length_is_left_out(self):
        make.film("Kept")
        Film.objects.create(title="Long", slug="\U00020000" * 200)  # 2,400 characters once quoted
        body = self.client.get("/sitemap-films.xml").content.decode()
        locations = re.findall(r"<loc>([^<]+)</loc>", body)
        self.assertEqual(len(locations), 1)
        self.assertTrue(all(len(location) < 2048 for location in locations))


class DocumentsTests(TestCase):
    def test_a_document_holding_one_is_refused_with_its_line_and_column(self):
        sources = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, sources)
        for path in settings.ARCHIVE_SOURCES_DIR.iterdir():
            shutil.copy(path, sources / path.name)
        page = sources / "film-the-missing-picture.txt"
        lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[2] = "Directed by\x0c Rithy Panh\n"
        page.write_text("".join(lines), encoding="utf-8")
        output = sources / "out.json"
        with self.assertRaises(CommandError) as caught:
            call_command("build_fixtures", sources=sources, output=output, stdout=StringIO())
        self.assertIn(
            "film-the-missing-picture.txt:3: U+000C (a control character) at column 12: no page or feed can "
            "show it; remove it",
            str(caught.exception),
        )
        self.assertFalse(output.exists())
        self.assertFalse(User.objects.exists())
