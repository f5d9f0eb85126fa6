"""The core records' admin pages: they render, find and filter, and their query counts are pinned and
do not grow. (Reviews and interviews have their own: tests/reviews/, tests/interviews/.)"""

from django.urls import reverse

from filmarchive.models import Credit, Film, Mention, Person
from reviews.models import Review
from tests import factories as make
from tests.helpers import EditorTestCase

# Queries per page, whatever the number of rows. Each includes the session and the user (2).
EXPECTED = {
    "film changelist": 10,
    "person changelist": 9,
    "credit changelist": 9,
    "mention changelist": 10,
    "sourcedocument changelist": 9,
    "film add": 6,
    "person add": 6,
    "credit add": 6,
    "mention add": 7,
    "film change": 9,
    "person change": 9,
    "credit change": 10,  # its film, person and role are read-only: a document states them
    "mention change": 10,
    "sourcedocument change": 7,
    "film history": 7,
    "index": 5,
}


class CoreAdminTestCase(EditorTestCase):
    """A film page's worth of records, and an interview that names a film."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.document = make.source_document(
            "The Missing Picture: film page", lines=[f"Line {n}." for n in range(1, 31)]
        )
        cls.interview_document = make.source_document(
            "An interview", kind="interview", text="In Pnom Penh, in 1975."
        )
        cited = {"source": cls.document}
        cls.panh = make.person("Rithy Panh", **cited, lines=2)
        cls.douc = make.person("Randal Douc", **cited, lines=3)
        cls.oppenheimer = make.person("Joshua Oppenheimer", **cited, lines=20)
        cls.film = make.film(
            "The Missing Picture",
            synopsis="Rithy Panh uses clay figures, archival footage and his own narration.",
            **cited,
            lines=(1, 7),
        )
        make.credit(cls.film, cls.panh, "director", **cited, lines=2)
        make.credit(cls.film, cls.douc, "cast", **cited, lines=3)
        make.credit(cls.film, make.person("Jean-Baptiste Phou"), "narrator")
        cls.act_of_killing = make.film("The Act of Killing", **cited, lines=20)
        make.credit(cls.act_of_killing, cls.oppenheimer, "director", **cited, lines=20)
        make.film("S21", year=2003)
        cls.mention = make.mention(cls.document, 20, "AoK", film=cls.act_of_killing)
        make.mention(cls.document, 21, "THE ACT OF KILLING", film=cls.act_of_killing)
        make.mention(cls.document, 22, person=cls.panh)
        make.mention(cls.interview_document, 1, person=cls.panh)

    @classmethod
    def grow(cls, n):
        """n more people, films, credits (on the film, and Panh's) and mentions."""
        people = Person.objects.bulk_create(make.person(f"Person {i}", save=False) for i in range(n))
        films = Film.objects.bulk_create(make.film(f"Film {i}", save=False) for i in range(n))
        Credit.objects.bulk_create(
            make.credit(cls.film, p, "cast", order=i, save=False) for i, p in enumerate(people)
        )
        Credit.objects.bulk_create(make.credit(f, cls.panh, save=False) for f in films)
        Review.objects.bulk_create(make.review(cls.film, p, save=False) for p in people)
        Mention.objects.bulk_create(
            make.mention(cls.document, 1, f"Person {i}", person=p, save=False) for i, p in enumerate(people)
        )


class AdminPageTests(CoreAdminTestCase):
    maxDiff = None

    def pages(self):
        objects = {
            "film": self.film,
            "person": self.panh,
            "credit": Credit.objects.get(film=self.film, person=self.panh),
            "mention": self.mention,
            "sourcedocument": self.document,
        }
        pages = {"index": reverse("admin:index")}
        for model, obj in objects.items():
            pages[f"{model} changelist"] = reverse(f"admin:filmarchive_{model}_changelist")
            if model != "sourcedocument":
                pages[f"{model} add"] = reverse(f"admin:filmarchive_{model}_add")
            pages[f"{model} change"] = reverse(f"admin:filmarchive_{model}_change", args=[obj.pk])
        pages["film history"] = reverse("admin:filmarchive_film_history", args=[self.film.pk])
        return pages

    def test_query_counts_are_pinned_and_do_not_grow_with_the_data(self):
        self.cache_content_types()
        before = self.count_all(self.pages())
        self.grow(40)
        after = self.count_all(self.pages())
        self.assertEqual(after, before, "query counts grew with the data")
        self.assertEqual(before, EXPECTED)

    def test_search(self):
        for model, q, expected in [
            ("film", "missing", "The Missing Picture"),
            ("person", "panh", "Rithy Panh"),
            ("credit", "douc", "Randal Douc"),
            ("mention", "AoK", "The Act of Killing"),
            ("sourcedocument", "Pnom", "An interview"),
        ]:
            with self.subTest(model=model, q=q):
                response = self.client.get(reverse(f"admin:filmarchive_{model}_changelist"), {"q": q})
                self.assertContains(response, expected)
                self.assertEqual(response.context["cl"].result_count, 1)

    def test_every_filter(self):
        from_document = {"source__id__exact": self.document.pk}
        for model, params, count in [
            ("credit", {"role__exact": "director"}, 2),
            ("credit", from_document, 3),
            ("film", {"year__isnull": "True"}, 2),
            ("film", {"year": "2003"}, 1),
            ("film", from_document, 2),
            ("person", from_document, 3),
            ("mention", from_document, 3),
            ("sourcedocument", {"kind__exact": "interview"}, 1),
        ]:
            with self.subTest(model=model, params=params):
                response = self.client.get(reverse(f"admin:filmarchive_{model}_changelist"), params)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["cl"].result_count, count)

    def test_provenance_is_shown_read_only_and_linked_to_the_source_page(self):
        response = self.client.get(reverse("admin:filmarchive_film_change", args=[self.film.pk]))
        self.assertContains(response, f'href="{self.document.get_absolute_url()}?lines=1-7#L1"')
        self.assertContains(response, "lines 1–7")
        self.assertNotContains(response, 'name="source_first_line"')
        added_by_hand = Film.objects.get(title="S21")
        response = self.client.get(reverse("admin:filmarchive_film_change", args=[added_by_hand.pk]))
        self.assertContains(response, "Added by hand")

    def test_people_show_their_credits(self):
        response = self.client.get(reverse("admin:filmarchive_person_change", args=[self.panh.pk]))
        self.assertContains(response, "The Missing Picture")
        self.assertEqual(response.context["inline_admin_formsets"][0].formset.total_form_count(), 1)

    def test_source_documents_stay_verbatim(self):
        response = self.client.get(
            reverse("admin:filmarchive_sourcedocument_change", args=[self.document.pk])
        )
        self.assertNotContains(response, 'name="text"')
        self.assertContains(response, self.document.checksum)
        # Adding one, or replacing its text, goes through a plan the editor confirms.
        self.assertContains(
            self.client.get(reverse("admin:filmarchive_sourcedocument_add")), "Show what it will do"
        )
        self.assertContains(response, "Replace the text (a corrected capture)")
