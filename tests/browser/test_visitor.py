"""A visitor walks the archive in a real browser; every page passes axe-core's WCAG 2.2 AA rules."""

from selenium.webdriver.common.by import By

from reviews.models import Review
from tests.browser.base import AccessibilityMixin, BrowserTestCase


class VisitorWalkTests(AccessibilityMixin, BrowserTestCase):
    def follow(self, text):
        self.click_and_load(self.browser.find_element(By.LINK_TEXT, text))
        self.assertAccessible()

    def test_home_film_reviewer_interview_search_source(self):
        Review.objects.filter(author__slug="mike-dangelo").update(contains_spoilers=True)
        self.open("/")
        self.assertAccessible()

        self.follow("The Missing Picture")
        self.assertEqual(self.find("h1").text, "The Missing Picture")
        self.assertIn("4.2 out of 5 from 5 ratings", self.find(".average").text)
        # "Read more" and the spoiler reveal work with a click, no script of ours needed.
        read_more = self.browser.find_elements(By.CSS_SELECTOR, "details.read-more")[0]
        self.assertFalse(read_more.get_attribute("open"))
        read_more.find_element(By.TAG_NAME, "summary").click()
        self.assertTrue(read_more.get_attribute("open"))
        spoiler = self.find("details.spoiler")
        self.assertNotIn("grim memoir", spoiler.text)
        spoiler.find_element(By.TAG_NAME, "summary").click()
        self.assertIn("grim memoir", spoiler.text)
        self.assertAccessible()

        self.follow("Adam Cook")
        self.assertEqual(self.find("h1").text, "Adam Cook")
        self.assertIn("The Missing Picture", self.find("main").text)

        self.follow("Interviews")
        self.follow("Rithy Panh on The Missing Picture")
        self.assertIn("Title supplied by the archive", self.find("main").text)
        self.assertEqual(len(self.browser.find_elements(By.CSS_SELECTOR, ".turn-question")), 3)

        search = self.find("#site-search-q")
        search.send_keys("karaoke")
        self.click_and_load(self.find(".site-search button"))
        self.assertAccessible()
        self.assertEqual(self.find("mark").text, "karaoke")

        self.click_and_load(
            self.browser.find_element(By.PARTIAL_LINK_TEXT, "Rithy Panh on The Missing Picture")
        )
        self.click_and_load(self.find(".source-link"))
        self.assertAccessible()
        self.assertIn("/sources/interview-rithy-panh-the-missing-picture/", self.browser.current_url)
        self.assertIn("Sheerly Avni: How did you arrive", self.find("main").text)

    def test_phone_width(self):
        self.browser.set_window_size(320, 800)
        try:
            for path in (
                "/",
                "/films/",
                "/films/the-missing-picture/",
                "/films/the-missing-picture/reviews/",
                "/people/",
                "/people/rithy-panh/",
                "/sources/",
                "/interviews/rithy-panh-on-the-missing-picture/",
                "/search/?q=clay",
                "/sources/film-the-missing-picture/",
                "/accounts/sign-up/",
                "/accounts/login/?next=/films/the-missing-picture/review/",
            ):
                with self.subTest(path=path):
                    self.open(path)
                    self.assertAccessible()
                    scroll_width = self.browser.execute_script("return document.documentElement.scrollWidth")
                    self.assertLessEqual(scroll_width, 320, "the page scrolls sideways on a narrow phone")
        finally:
            self.browser.set_window_size(1280, 1000)

    def test_the_accessibility_check_can_fail(self):
        self.open("/")
        self.browser.execute_script(
            "const button = document.createElement('button'); document.querySelector('main').append(button);"
        )
        with self.assertRaisesRegex(AssertionError, "button-name"):
            self.assertAccessible()
