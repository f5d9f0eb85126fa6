"""An editor saves records unchanged in a real browser, which sends CRLF: nothing changes."""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from selenium.webdriver.common.by import By

from filmarchive.models import User
from interviews.models import Interview
from reviews.models import Review
from tests.browser.base import BrowserTestCase

PASSWORD = "a long editor password"


class SaveUnchangedInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        call_command("create_editors_group", stdout=StringIO())
        editor = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
        editor.groups.add(Group.objects.get(name="Editors"))
        self.open("/admin/login/")
        self.find("#id_username").send_keys("editor")
        self.find("#id_password").send_keys(PASSWORD)
        self.click_and_load(self.find("input[type=submit]"))

    def paragraphs_on(self, path, css):
        self.open(path)
        return [p.get_attribute("textContent") for p in self.browser.find_elements(By.CSS_SELECTOR, css)]

    def save_unchanged(self, record):
        meta = record._meta
        self.open(f"/admin/{meta.app_label}/{meta.model_name}/{record.pk}/change/")
        self.click_and_load(self.find("input[name=_save]"))
        self.assertTrue(self.find(".messagelist .success").is_displayed())

    def test_a_seven_paragraph_review_keeps_its_paragraphs(self):
        review = Review.objects.get(author__slug="melissa-tamminga")
        before = self.paragraphs_on(review.get_absolute_url(), "article.review > p")
        self.assertEqual(len(before), 7)
        self.save_unchanged(review)
        self.assertEqual(self.paragraphs_on(review.get_absolute_url(), "article.review > p"), before)
        review.refresh_from_db()
        self.assertNotIn("\r", review.body)

    def test_an_interview_keeps_its_introduction_and_answers(self):
        interview = Interview.objects.get()
        css = ".standfirst p, .turn p:not(.speaker)"
        before = self.paragraphs_on(interview.get_absolute_url(), css)
        self.assertEqual(len(before), 2 + 3 + 3 + 1 + 1)
        self.save_unchanged(interview)
        self.assertEqual(self.paragraphs_on(interview.get_absolute_url(), css), before)
