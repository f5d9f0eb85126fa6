"""A visitor signs up and reviews a film in a real browser: add, see, edit, delete."""

from selenium.webdriver.common.by import By

from reviews.models import Review
from tests.browser.base import AccessibilityMixin, BrowserTestCase

FILM = "/films/the-missing-picture/"


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
        self.assertEqual(self.find("h1").text, "Ada Critic")

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
