"""Reading on any screen: every page type fits a 390 px phone whatever the words, in light and dark."""

from django.urls import reverse

from filmarchive.models import Film, Person
from interviews.models import Interview
from reviews.models import Review
from tests import factories as make
from tests.browser.base import AccessibilityMixin, BrowserTestCase

LONG_WORD = "Ü" + "nbroken" * 43  # 302 letters, no place to break
LONG_NAME = LONG_WORD[:200]  # as long as a name may be
MEMBERS_NAME = "Bartholomew Maximilian Featherstonehaugh-Cholmondeley Junior"  # 60 characters

# How many lines the text of an element is set on: the distinct tops of its text's line boxes.
LINES_OF_TEXT = """
const range = document.createRange();
range.selectNodeContents(arguments[0]);
return new Set([...range.getClientRects()].map((box) => Math.round(box.top))).size;
"""


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

    def sign_in(self, username):
        self.open("/accounts/login/")
        self.find("#id_username").send_keys(username)
        self.find("#id_password").send_keys(make.PASSWORD)
        self.click_and_load(self.find("main form button[type=submit]"))

    def test_a_members_pages_fit_a_phone_with_sign_out_on_one_line(self):
        make.member("bartholomew", name=MEMBERS_NAME)
        self.sign_in("bartholomew")
        self.browser.set_window_size(390, 844)
        try:
            for path in ("/accounts/", "/accounts/welcome/", "/films/the-missing-picture/review/"):
                with self.subTest(path=path):
                    self.open(path)
                    width = self.browser.execute_script("return document.documentElement.scrollWidth")
                    self.assertLessEqual(width, 390, "the page scrolls sideways on a phone")
                    sign_out = self.find(".account button")
                    self.assertEqual(sign_out.text, "Sign out")
                    self.assertEqual(self.browser.execute_script(LINES_OF_TEXT, sign_out), 1)
        finally:
            self.browser.set_window_size(1280, 1000)

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
