"""Every admin page an editor uses: it renders, and its query count is pinned and does not grow."""

from django.urls import reverse

from filmarchive.models import Credit, Mention
from interviews.models import Figure, Turn
from reviews.models import Review
from tests.admin.helpers import EditorTestCase

MODELS = {
    "filmarchive": ["film", "person", "credit", "mention", "sourcedocument"],
    "reviews": ["review"],
    "interviews": ["interview", "turn", "figure"],
}

# Queries per page, whatever the number of rows. Each includes the session and the user (2).
EXPECTED = {
    "film changelist": 10,
    "person changelist": 9,
    "credit changelist": 9,
    "mention changelist": 10,
    "sourcedocument changelist": 9,
    "review changelist": 12,
    "interview changelist": 13,
    "turn changelist": 10,
    "figure changelist": 10,
    "film add": 6,
    "person add": 6,
    "credit add": 6,
    "mention add": 7,
    "review add": 6,
    "interview add": 6,
    "turn add": 6,
    "figure add": 6,
    "film change": 9,
    "person change": 9,
    "credit change": 12,
    "mention change": 10,
    "sourcedocument change": 7,
    "review change": 12,
    "interview change": 16,
    "turn change": 12,
    "figure change": 9,
    "film history": 7,
    "review delete": 8,  # its deletion summary counts the reports that would go with it
    "index": 5,
}


class AdminPageTests(EditorTestCase):
    maxDiff = None

    def pages(self):
        review = Review.objects.get(author__slug="adam-cook")
        objects = {
            "film": self.film,
            "person": self.panh,
            "credit": Credit.objects.get(film=self.film, person=self.panh),
            "mention": Mention.objects.order_by("pk").first(),
            "sourcedocument": self.document,
            "review": review,
            "interview": self.interview,
            "turn": Turn.objects.get(position=2),
            "figure": Figure.objects.get(position=1),
        }
        pages = {"index": reverse("admin:index")}
        for app, models in MODELS.items():
            for model in models:
                pages[f"{model} changelist"] = reverse(f"admin:{app}_{model}_changelist")
                if model != "sourcedocument":
                    pages[f"{model} add"] = reverse(f"admin:{app}_{model}_add")
                pages[f"{model} change"] = reverse(f"admin:{app}_{model}_change", args=[objects[model].pk])
        pages["film history"] = reverse("admin:filmarchive_film_history", args=[self.film.pk])
        pages["review delete"] = reverse("admin:reviews_review_delete", args=[review.pk])
        return pages

    def test_query_counts_are_pinned_and_do_not_grow_with_the_data(self):
        for url in self.pages().values():
            self.queries(url)  # the first visit fills caches (content types) that later ones reuse
        before = {name: self.queries(url) for name, url in self.pages().items()}
        self.grow(40)
        after = {name: self.queries(url) for name, url in self.pages().items()}
        self.assertEqual(after, before, "query counts grew with the data")
        self.assertEqual(before, EXPECTED)

    def test_search(self):
        for url, q, expected in [
            (reverse("admin:filmarchive_film_changelist"), "missing", "The Missing Picture"),
            (reverse("admin:filmarchive_person_changelist"), "panh", "Rithy Panh"),
            (reverse("admin:filmarchive_credit_changelist"), "douc", "Randal Douc"),
            (reverse("admin:filmarchive_mention_changelist"), "AoK", "The Act of Killing"),
            (reverse("admin:filmarchive_sourcedocument_changelist"), "Pnom", "interview"),
            (reverse("admin:reviews_review_changelist"), "tamminga", "Melissa Tamminga"),
            (reverse("admin:interviews_interview_changelist"), "avni", "Rithy Panh on The Missing Picture"),
            (reverse("admin:interviews_turn_changelist"), "karaoke", "Rithy Panh"),
            (reverse("admin:interviews_figure_changelist"), "poster", "Detail from the poster"),
        ]:
            with self.subTest(url=url, q=q):
                response = self.client.get(url, {"q": q})
                self.assertContains(response, expected)
                self.assertEqual(response.context["cl"].result_count, 1)

    def test_every_filter(self):
        review_list = reverse("admin:reviews_review_changelist")
        for url, params, count in [
            (review_list, {"status__exact": "published"}, 5),
            (review_list, {"status__exact": "hidden"}, 0),
            (review_list, {"rating": "9"}, 2),
            (review_list, {"rating": "8"}, 3),
            (review_list, {"rating": "none"}, 0),
            (review_list, {"first_published_in": "Letterboxd"}, 5),
            (review_list, {"contains_spoilers__exact": "1"}, 0),
            (review_list, {"source__id__exact": self.document.pk}, 5),
            (reverse("admin:filmarchive_credit_changelist"), {"role__exact": "director"}, 2),
            (reverse("admin:filmarchive_credit_changelist"), {"source__id__exact": self.document.pk}, 4),
            (reverse("admin:filmarchive_film_changelist"), {"year__isnull": "True"}, 3),
            (reverse("admin:filmarchive_film_changelist"), {"source__id__exact": self.document.pk}, 3),
            (reverse("admin:filmarchive_person_changelist"), {"source__id__exact": self.document.pk}, 11),
            (reverse("admin:filmarchive_mention_changelist"), {"source__id__exact": self.document.pk}, 24),
            (reverse("admin:filmarchive_sourcedocument_changelist"), {"kind__exact": "interview"}, 1),
            (reverse("admin:interviews_interview_changelist"), {"title_is_editorial__exact": "1"}, 1),
            (reverse("admin:interviews_turn_changelist"), {"kind__exact": "question"}, 3),
            (reverse("admin:interviews_figure_changelist"), {"source__isnull": "True"}, 0),
        ]:
            with self.subTest(url=url, params=params):
                response = self.client.get(url, params)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["cl"].result_count, count)

    def test_provenance_is_shown_read_only_and_linked_to_the_source_page(self):
        response = self.client.get(reverse("admin:filmarchive_film_change", args=[self.film.pk]))
        self.assertContains(response, 'href="/sources/film-the-missing-picture/?lines=1-7#L1"')
        self.assertContains(response, "lines 1–7")
        self.assertNotContains(response, 'name="source_first_line"')

    def test_films_show_their_reviews_and_people_their_credits(self):
        response = self.client.get(reverse("admin:filmarchive_film_change", args=[self.film.pk]))
        self.assertContains(response, f"?film__id__exact={self.film.pk}")
        self.assertContains(response, "5 review(s) of this film")
        response = self.client.get(reverse("admin:filmarchive_person_change", args=[self.panh.pk]))
        self.assertContains(response, "The Missing Picture")
        self.assertEqual(response.context["inline_admin_formsets"][0].formset.total_form_count(), 1)

    def test_source_documents_stay_verbatim(self):
        response = self.client.get(
            reverse("admin:filmarchive_sourcedocument_change", args=[self.document.pk])
        )
        self.assertNotContains(response, 'name="text"')
        self.assertEqual(self.client.get(reverse("admin:filmarchive_sourcedocument_add")).status_code, 403)
