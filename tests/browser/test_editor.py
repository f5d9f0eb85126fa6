"""An editor (not a superuser) keeps the archive in the admin, in a real browser."""

from io import StringIO

from django.core.management import call_command
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from filmarchive.models import Film
from interviews.models import Turn
from reviews.models import Review
from tests import factories as make
from tests.browser.base import BrowserTestCase

PASSWORD = "a long editor password"


class EditorInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        call_command("createinitialrevisions", stdout=StringIO())
        make.editor("editor", password=PASSWORD)
        self.film = Film.objects.get(slug="the-missing-picture")
        self.original_synopsis = self.film.synopsis

    def sign_in(self):
        self.open("/admin/login/")
        self.find("#id_username").send_keys("editor")
        self.find("#id_password").send_keys(PASSWORD)
        self.click_and_load(self.find("input[type=submit]"))
        self.assertIn("Archive records", self.browser.title)

    def save(self):
        self.click_and_load(self.find("input[name=_save]"))
        self.assertTrue(self.find(".messagelist .success").is_displayed())

    def test_an_editors_round_trip(self):
        self.sign_in()

        # Change the film's synopsis.
        self.open(f"/admin/filmarchive/film/{self.film.pk}/change/")
        synopsis = self.find("#id_synopsis")
        synopsis.clear()
        synopsis.send_keys("A synopsis an editor rewrote.")
        self.save()

        # Add a credit, choosing the person through the autocomplete.
        self.open(f"/admin/filmarchive/film/{self.film.pk}/change/")
        self.find("#credits-group .add-row a").click()
        row = self.wait_for("#credits-3")
        Select(row.find_element(By.CSS_SELECTOR, "select[name=credits-3-role]")).select_by_value("writer")
        row.find_element(By.CSS_SELECTOR, ".select2-selection").click()
        self.wait_for(".select2-search__field").send_keys("Oppen")
        self.wait_for(".select2-results__option--highlighted")
        WebDriverWait(self.browser, 10).until(
            lambda browser: (
                "Joshua Oppenheimer" in browser.find_element(By.CSS_SELECTOR, ".select2-results").text
            )
        )
        self.find(".select2-results__option--highlighted").click()
        self.save()

        # Fix a turn of the interview.
        turn = Turn.objects.get(position=3)
        self.open(f"/admin/interviews/interview/{turn.interview_id}/change/")
        body = self.find("textarea[name=turns-2-body]")
        body.clear()
        body.send_keys("How so? (Edited.)")
        self.save()

        # Hide a review from the moderation list.
        review = Review.objects.get(author__slug="melissa-tamminga")
        self.open("/admin/reviews/review/?status__exact=published")
        self.find(f"input[name=_selected_action][value='{review.pk}']").click()
        Select(self.find("select[name=action]")).select_by_value("hide")
        self.click_and_load(self.find("button[name=index]"))
        self.assertIn("1 review(s) hidden.", self.find(".messagelist").text)

        # Put the synopsis back from the history: the first version is the one loaded.
        self.open(f"/admin/filmarchive/film/{self.film.pk}/history/")
        links = self.browser.find_elements(By.CSS_SELECTOR, "#change-history a")
        self.click_and_load(links[-1])  # the oldest, listed last
        self.assertEqual(self.find("#id_synopsis").get_attribute("value"), self.original_synopsis)
        self.save()

        # The public pages show every change.
        self.open(self.film.get_absolute_url())
        page = self.find("main").text
        self.assertIn(self.original_synopsis, page)
        self.assertNotIn("A synopsis an editor rewrote.", page)
        self.assertIn("Writer", page)
        self.assertIn("Joshua Oppenheimer", page)
        self.assertNotIn("Melissa Tamminga", page)
        self.assertIn("from 4 ratings", page)
        self.open(turn.interview.get_absolute_url())
        self.assertIn("How so? (Edited.)", self.find("main").text)
