"""Reading on any screen: every page type fits a 390 px phone whatever the words, in light and dark."""

from django.urls import reverse

from filmarchive.models import Film, Person
from interviews.models import Interview
from reviews.models import Review
from tests.browser.base import AccessibilityMixin, BrowserTestCase

LONG_WORD = "Ü" + "nbroken" * 43  # 302 letters, no place to break
LONG_NAME = LONG_WORD[:200]  # as long as a name may be


class ReadingTests(AccessibilityMixin, BrowserTestCase):
    def setUp(self):
        super().setUp()
        film = Film.objects.create(title=LONG_WORD[:300], slug="unbroken-film")
        self.long_name = Person.objects.create(name=LONG_NAME, slug="unbroken", sort_name=LONG_NAME)
        self.review = Review.objects.create(
            film=film,
            author=self.long_name,
            body=f"A word: {LONG_WORD}.",
            rating=7,
            first_published_in="Here",
        )

    def page_types(self):
        interview = Interview.objects.get()
        return [
            "/",
            "/films/",
            "/films/the-missing-picture/",
            "/films/unbroken-film/",
            reverse("reviews:film-reviews", args=["unbroken-film"]),
            self.review.get_absolute_url(),
            self.long_name.get_absolute_url(),
            "/people/",
            "/people/rithy-panh/",
            "/interviews/",
            interview.get_absolute_url(),
            f"/search/?q={LONG_WORD[:40]}",
            "/search/?q=clay",
            "/sources/",
            "/sources/film-the-missing-picture/?lines=16-26",
            "/accounts/sign-up/",
            "/accounts/login/",
        ]

    def use_dark_theme(self, dark):
        self.browser.execute_cdp_cmd(
            "Emulation.setEmulatedMedia",
            {"features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]},
        )

    def test_no_page_is_wider_than_a_phone(self):
        self.browser.set_window_size(390, 844)
        try:
            for path in self.page_types():
                with self.subTest(path=path):
                    self.open(path)
                    width = self.browser.execute_script("return document.documentElement.scrollWidth")
                    self.assertLessEqual(width, 390, "the page scrolls sideways on a phone")
        finally:
            self.browser.set_window_size(1280, 1000)

    def test_every_page_type_is_accessible_in_the_dark_theme(self):
        self.use_dark_theme(True)
        try:
            self.open("/")
            background = self.browser.execute_script(
                "return getComputedStyle(document.documentElement).backgroundColor"
            )
            self.assertEqual(background, "rgb(21, 23, 26)", "the dark theme is not applied")
            for path in self.page_types():
                with self.subTest(path=path):
                    self.open(path)
                    self.assertAccessible()
        finally:
            self.use_dark_theme(False)

    def test_every_page_type_is_accessible_in_the_light_theme(self):
        self.use_dark_theme(False)
        for path in self.page_types():
            with self.subTest(path=path):
                self.open(path)
                self.assertAccessible()
