"""What editors see of accounts in the admin: members by the name their reviews carry, and no way to
list accounts or read a username (usernames sign in; editors have no need of them)."""

from django.urls import reverse

from filmarchive.models import User
from reviews.members import save_member_review
from tests import factories as make
from tests.helpers import EditorTestCase, visible_text


class EditorsSeeNoUsernamesTests(EditorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.root = User.objects.create_superuser("root-account-name", password=make.PASSWORD)
        cls.member = make.member("ada-signs-in-as-this", name="Ada Critic")
        cls.film = make.film("The Missing Picture")
        cls.review, _ = save_member_review(
            cls.member, cls.film, rating=8, body="Clay.", contains_spoilers=False
        )

    def assert_no_username(self, response):
        self.assertLess(response.status_code, 500)
        for user in (self.root, self.member):  # an editor sees only their own, in the header
            self.assertNotContains(response, user.username, status_code=response.status_code)

    def test_the_review_pages_name_the_member_by_their_reviews_name(self):
        pages = {
            "changelist": reverse("admin:reviews_review_changelist"),
            "change": reverse("admin:reviews_review_change", args=[self.review.pk]),
            "history": reverse("admin:reviews_review_history", args=[self.review.pk]),
        }
        for name, url in pages.items():
            with self.subTest(page=name):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn("Ada Critic", visible_text(response))
                self.assert_no_username(response)

    def test_no_page_an_editor_can_reach_gives_an_accounts_username(self):
        lookups = [
            # The add form, with an account named in its address as the initial member.
            (reverse("admin:reviews_review_add"), {"member": self.root.pk}),
            (reverse("admin:reviews_review_add"), {"member": self.member.pk}),
            (reverse("admin:filmarchive_user_changelist"), {}),
            (reverse("admin:filmarchive_user_changelist"), {"_popup": "1", "_to_field": "id"}),
            (reverse("admin:filmarchive_user_change", args=[self.root.pk]), {}),
            (reverse("admin:autocomplete"),
             {"app_label": "reviews", "model_name": "review", "field_name": "member", "term": "a"}),
            (reverse("admin:autocomplete"),
             {"app_label": "reviews", "model_name": "reviewreport", "field_name": "reporter", "term": "a"}),
            (reverse("admin:reviews_review_changelist"), {"member__username__startswith": "ada"}),
            (reverse("admin:reviews_review_changelist"), {"o": "3"}),  # ordered by the member column
        ]  # fmt: skip
        for url, query in lookups:
            with self.subTest(url=url, query=query):
                self.assert_no_username(self.client.get(url, query))

    def test_the_member_is_not_the_editors_to_choose(self):
        response = self.client.get(reverse("admin:reviews_review_change", args=[self.review.pk]))
        self.assertNotContains(response, 'name="member"')

    def test_a_members_review_stays_theirs_and_of_the_film_they_chose(self):
        other_film = make.film("S21")
        save_member_review(self.member, other_film, rating=6, body="Rooms.", contains_spoilers=False)
        someone = make.person("Rithy Panh")
        url = reverse("admin:reviews_review_change", args=[self.review.pk])
        page = self.client.get(url)
        self.assertNotContains(page, 'name="film"')
        self.assertNotContains(page, 'name="author"')
        # Posted anyway, as a hand-made form would: the film and the name stay, the rest is saved.
        data = {
            "film": other_film.pk, "author": someone.pk, "rating": 9, "body": "Clay, and more.",
            "status": self.review.status, "first_published_in": "",
        }  # fmt: skip
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])
        self.review.refresh_from_db()
        self.assertEqual((self.review.film, self.review.author), (self.film, self.member.person))
        self.assertEqual((self.review.rating, self.review.body), (9, "Clay, and more."))
        self.assertNotContains(self.client.get(someone.get_absolute_url()), "Clay, and more.")
