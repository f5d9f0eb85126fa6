"""The reviews' admin: the moderation list (filter, publish and hide in bulk), its pinned query counts,
and each film's reviews counted on the film's admin page."""

from django.urls import reverse
from reversion.models import Version

from filmarchive.models import Person
from reviews.models import Review
from tests import factories as make
from tests.helpers import EditorTestCase, form_data, visible_text

# Queries per page, whatever the number of reviews. Each includes the session and the user (2).
# A review a document states has its film, author and venue read-only; deleting one lists its reports.
EXPECTED = {"review changelist": 12, "review add": 6, "review change": 10, "review delete": 8}


class ReviewAdminTestCase(EditorTestCase):
    """Five critics' reviews from a film page, and a member's review an editor has hidden."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.document = make.source_document("The Missing Picture: film page")
        cls.film = make.film("The Missing Picture", source=cls.document)
        cls.reviews = {
            name: make.review(cls.film, make.person(name), rating=rating, source=cls.document, lines=n + 1)
            for n, (name, rating) in enumerate(
                [("Adam Cook", 8), ("Mike D'Angelo", 8), ("Melissa Tamminga", 9), ("Alex Engquist", 9),
                 ("Dragonknight", 8)]
            )
        }  # fmt: skip
        cls.hidden = make.review(
            cls.film,
            member=make.member("ada"),
            rating=None,
            contains_spoilers=True,
            status=Review.Status.HIDDEN,
        )


class ReviewAdminPageTests(ReviewAdminTestCase):
    maxDiff = None

    def pages(self):
        review = self.reviews["Adam Cook"]
        return {
            "review changelist": reverse("admin:reviews_review_changelist"),
            "review add": reverse("admin:reviews_review_add"),
            "review change": reverse("admin:reviews_review_change", args=[review.pk]),
            "review delete": reverse("admin:reviews_review_delete", args=[review.pk]),
        }

    def test_query_counts_are_pinned_and_do_not_grow_with_the_data(self):
        self.cache_content_types()
        before = self.count_all(self.pages())
        critics = Person.objects.bulk_create(make.person(save=False) for _ in range(60))
        Review.objects.bulk_create(
            make.review(self.film, critic, rating=1 + i % 10, source=self.document, lines=2, save=False)
            for i, critic in enumerate(critics)
        )
        self.assertEqual(self.count_all(self.pages()), before, "query counts grew with the data")
        self.assertEqual(before, EXPECTED)

    def test_search(self):
        response = self.client.get(reverse("admin:reviews_review_changelist"), {"q": "tamminga"})
        self.assertContains(response, "Melissa Tamminga")
        self.assertEqual(response.context["cl"].result_count, 1)

    def test_every_filter(self):
        for params, count in [
            ({"status__exact": "published"}, 5),
            ({"status__exact": "hidden"}, 1),
            ({"rating": "9"}, 2),
            ({"rating": "8"}, 3),
            ({"rating": "none"}, 1),
            ({"first_published_in": "Letterboxd"}, 5),
            ({"contains_spoilers__exact": "1"}, 1),
            ({"source__id__exact": self.document.pk}, 5),
        ]:
            with self.subTest(params=params):
                response = self.client.get(reverse("admin:reviews_review_changelist"), params)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["cl"].result_count, count)

    def test_films_show_their_reviews(self):
        response = self.client.get(reverse("admin:filmarchive_film_change", args=[self.film.pk]))
        self.assertContains(response, f"?film__id__exact={self.film.pk}")
        self.assertContains(response, "6 review(s) of this film")  # hidden ones too: editors see them
        changelist = self.client.get(reverse("admin:filmarchive_film_changelist"))
        self.assertEqual(changelist.context["cl"].result_list[0].review_total, 6)

    def test_a_rating_out_of_range_is_a_form_error(self):
        review = self.reviews["Adam Cook"]
        url = reverse("admin:reviews_review_change", args=[review.pk])
        data = form_data(self.client.get(url))
        response = self.client.post(url, {**data, "rating": "11"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Select a valid choice. 11 is not one of the available choices.")
        review.refresh_from_db()
        self.assertEqual(review.rating, 8)

    def test_a_critics_review_cannot_be_put_under_a_members_name(self):
        member = self.hidden.author
        by_hand = make.review(self.film, make.person("Hand Made"), body="Made in the admin.")
        url = reverse("admin:reviews_review_change", args=[by_hand.pk])
        data = form_data(self.client.get(url))
        self.assertIn("author", data)
        response = self.client.post(url, {**data, "author": member.pk})
        self.assertContains(response, "That is a member&#x27;s name")
        by_hand.refresh_from_db()
        self.assertEqual(by_hand.author.name, "Hand Made")
        added = self.client.post(
            reverse("admin:reviews_review_add"),
            {**data, "film": self.film.pk, "author": member.pk, "first_published_in": "Elsewhere"},
        )
        self.assertContains(added, "That is a member&#x27;s name")
        self.assertEqual(Review.all_objects.filter(author=member).count(), 1)


class ModerationTests(ReviewAdminTestCase):
    def act(self, action, reviews):
        return self.client.post(
            reverse("admin:reviews_review_changelist"),
            {"action": action, "_selected_action": [r.pk for r in reviews]},
            follow=True,
        )

    def test_hide_and_publish_in_bulk(self):
        review = self.reviews["Melissa Tamminga"]
        response = self.act("hide", [review])
        self.assertContains(response, "1 review(s) hidden.")
        review.refresh_from_db()
        self.assertEqual(review.status, Review.Status.HIDDEN)
        self.assertEqual(Version.objects.get_for_object(review).count(), 1)

        page = self.client.get(self.film.get_absolute_url())
        self.assertNotContains(page, "Melissa Tamminga")
        self.assertIn("4.1 out of 5 from 4 ratings", visible_text(page))

        response = self.act("publish", [review, self.hidden])
        self.assertContains(response, "2 review(s) published.")
        review.refresh_from_db()
        self.assertEqual(review.status, Review.Status.PUBLISHED)
        self.assertContains(self.client.get(self.film.get_absolute_url()), "Melissa Tamminga")

    def test_what_is_already_so_is_not_counted(self):
        response = self.act("hide", [self.hidden])
        self.assertContains(response, "0 review(s) hidden.")
        self.assertEqual(Version.objects.get_for_object(self.hidden).count(), 0)
