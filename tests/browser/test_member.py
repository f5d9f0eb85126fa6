"""A visitor signs up and reviews a film in a real browser: add, see, edit, delete; their account."""

from selenium.webdriver.common.by import By

from filmarchive.models import User
from reviews.models import Review
from tests.browser.base import AccessibilityMixin, BrowserTestCase

FILM = "/films/the-missing-picture/"
PASSWORD = "a film archive password"
PHONE_WIDTH = 390


class MemberInTheBrowserTests(AccessibilityMixin, BrowserTestCase):
    def test_sign_up_and_review_a_film(self):
        self.open(FILM)
        self.click_and_load(self.browser.find_element(By.LINK_TEXT, "Sign up"))
        self.assertAccessible()
        self.find("#id_username").send_keys("ada")
        self.find("#id_display_name").send_keys("Ada Critic")
        self.find("#id_email").send_keys("ada@example.org")
        self.find("#id_password1").send_keys("a film archive password")
        self.find("#id_password2").send_keys("a film archive password")
        self.click_and_load(self.find("form.stacked button[type=submit]"))
        self.assertEqual(self.find("h1").text, "Welcome, Ada Critic")
        self.assertAccessible()

        # Add a rated review from the film page.
        self.open(FILM)
        self.click_and_load(self.browser.find_element(By.LINK_TEXT, "Add a review"))
        self.assertAccessible()
        self.find("label[for=id_rating_10]").click()  # 5 stars
        self.find("#id_body").send_keys("A film that stays with you.")
        self.click_and_load(self.find(".review-form button[type=submit]"))
        self.assertIn("Your review is published.", self.find(".messages").text)
        self.assertIn("4.3 out of 5 from 6 ratings", self.find(".average").text)
        first_review = self.find("article.review")
        self.assertIn("Ada Critic", first_review.text)
        self.assertIn("A film that stays with you.", first_review.text)
        self.assertEqual(
            first_review.find_element(By.CSS_SELECTOR, ".stars").get_attribute("aria-label"), "5 out of 5"
        )
        self.assertAccessible()

        # Edit it: the form holds what was written.
        self.click_and_load(self.browser.find_element(By.LINK_TEXT, "Edit your review"))
        self.assertEqual(self.find("#id_body").get_attribute("value"), "A film that stays with you.")
        self.assertTrue(self.find("#id_rating_10").is_selected())
        self.find("label[for=id_rating_6]").click()  # 3 stars
        body = self.find("#id_body")
        body.clear()
        body.send_keys("On second viewing, less sure.")
        self.click_and_load(self.find(".review-form button[type=submit]"))
        self.assertIn("Your review is updated.", self.find(".messages").text)
        self.assertIn("4.0 out of 5 from 6 ratings", self.find(".average").text)
        self.assertIn("On second viewing, less sure.", self.find("main").text)
        self.assertEqual(Review.objects.filter(member__username="ada").count(), 1)

        # Delete it, after confirming.
        self.open(FILM)
        self.click_and_load(self.browser.find_element(By.LINK_TEXT, "Edit your review"))
        self.click_and_load(self.browser.find_element(By.LINK_TEXT, "Delete your review"))
        self.assertAccessible()
        self.click_and_load(self.find("button.danger"))
        self.assertIn("Your review is deleted.", self.find(".messages").text)
        self.assertIn("4.2 out of 5 from 5 ratings", self.find(".average").text)
        self.assertNotIn("On second viewing", self.find("main").text)

    def sign_up(self, username, name):
        self.find("#id_username").send_keys(username)
        self.find("#id_display_name").send_keys(name)
        self.find("#id_email").send_keys(f"{username}@example.org")
        self.find("#id_password1").send_keys(PASSWORD)
        self.find("#id_password2").send_keys(PASSWORD)
        self.click_and_load(self.find("form.stacked button[type=submit]"))

    def test_signing_up_from_add_a_review_ends_on_the_review_form(self):
        self.open(FILM)
        self.click_and_load(self.browser.find_element(By.LINK_TEXT, "Add a review"))
        self.assertEqual(self.find("h1").text, "Sign in to review The Missing Picture")
        self.assertAccessible()
        self.click_and_load(self.find("main a[href^='/accounts/sign-up/']"))
        self.sign_up("ada", "Ada Critic")
        self.assertTrue(self.browser.current_url.endswith(f"{FILM}review/"), self.browser.current_url)
        self.assertEqual(self.find("h1").text, "Your review of The Missing Picture")

    def test_a_display_name_that_passes_for_someone_in_the_archive_is_refused(self):
        self.open("/accounts/sign-up/")
        self.sign_up("notrithy", "rithy  PANH")
        self.assertIn("That name belongs to someone in the archive; choose another.", self.find("main").text)
        self.assertAccessible()
        self.assertFalse(User.objects.filter(username="notrithy").exists())

    def test_the_account_page_and_closing_the_account_on_a_phone(self):
        self.open("/accounts/sign-up/")
        self.sign_up("ada", "Ada Critic")
        self.open(f"{FILM}review/")
        self.find("label[for=id_rating_7]").click()
        self.find("#id_body").send_keys("Clay and memory.")
        self.click_and_load(self.find(".review-form button[type=submit]"))
        self.assertIn("4.1 out of 5 from 6 ratings", self.find(".average").text)
        self.browser.set_window_size(PHONE_WIDTH, 800)
        try:
            self.click_and_load(self.find(".account a"))  # the member's name in the header
            self.assertEqual(self.find("h1").text, "Your account")
            self.assertIn("The Missing Picture", self.find(".account-reviews").text)
            self.assertAccessible()
            self.assertLessEqual(
                self.browser.execute_script("return document.documentElement.scrollWidth"), PHONE_WIDTH
            )
            self.click_and_load(self.browser.find_element(By.LINK_TEXT, "Close your account"))
            self.assertAccessible()
            self.assertLessEqual(
                self.browser.execute_script("return document.documentElement.scrollWidth"), PHONE_WIDTH
            )
            self.find("#id_reviews_1").click()  # keep them, anonymised
            self.find("#id_password").send_keys(PASSWORD)
            self.click_and_load(self.find("button.danger"))
        finally:
            self.browser.set_window_size(1280, 1000)
        self.assertIn("Your account is closed.", self.find(".messages").text)
        self.assertFalse(User.objects.filter(username="ada").exists())
        self.open(FILM)
        self.assertIn("Former member", self.find("main").text)
        self.assertIn("4.1 out of 5 from 6 ratings", self.find(".average").text)  # the review stays
