"""The interviews' admin: turns and figures edited inline, search and filters, pinned query counts."""

from django.urls import reverse

from interviews.models import Figure, Turn
from tests import factories as make
from tests.helpers import EditorTestCase, form_data

# Queries per page, whatever the number of turns and figures. Each includes the session and the user (2).
EXPECTED = {
    "interview changelist": 13,
    "turn changelist": 10,
    "figure changelist": 10,
    "interview add": 6,
    "turn add": 6,
    "figure add": 6,
    "interview change": 16,
    "turn change": 11,  # its interview and position are read-only: a document states them
    "figure change": 9,
}


class InterviewAdminTests(EditorTestCase):
    maxDiff = None

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.document = make.source_document("An interview", kind="interview")
        cls.panh = make.person("Rithy Panh")
        cls.interview = make.interview(
            "Rithy Panh on The Missing Picture",
            title_is_editorial=True,
            interviewers=[make.person("Sheerly Avni")],
            subjects=[cls.panh],
            films=[make.film("The Missing Picture")],
            source=cls.document,
            lines=(1, 20),
        )
        cited = {"source": cls.document}
        cls.turns = [
            make.turn(cls.interview, "question", body="How did you arrive at clay?", **cited, lines=11),
            make.turn(cls.interview, "answer", body="We sang karaoke, then we carved.", **cited, lines=13),
            make.turn(cls.interview, "question", body="How so?", **cited, lines=15),
            make.turn(cls.interview, "answer", **cited, lines=17),
        ]
        make.figure(cls.interview, 'Detail from the poster of "The Missing Picture."', **cited, lines=2)
        make.figure(cls.interview, "Rithy Panh")  # added by hand
        make.interview("Another interview")

    def pages(self):
        pages = {}
        for model, obj in [
            ("interview", self.interview),
            ("turn", self.turns[1]),
            ("figure", Figure.objects.first()),
        ]:
            pages[f"{model} changelist"] = reverse(f"admin:interviews_{model}_changelist")
            pages[f"{model} add"] = reverse(f"admin:interviews_{model}_add")
            pages[f"{model} change"] = reverse(f"admin:interviews_{model}_change", args=[obj.pk])
        return pages

    def test_query_counts_are_pinned_and_do_not_grow_with_the_data(self):
        self.cache_content_types()
        before = self.count_all(self.pages())
        n = 40
        Turn.objects.bulk_create(
            make.turn(self.interview, "answer", speaker=self.panh, position=5 + i, save=False)
            for i in range(n)
        )
        Figure.objects.bulk_create(make.figure(self.interview, position=3 + i, save=False) for i in range(n))
        for _ in range(n):
            make.interview(interviewers=[self.panh], source=self.document)
        self.assertEqual(self.count_all(self.pages()), before, "query counts grew with the data")
        self.assertEqual(before, EXPECTED)

    def test_search(self):
        for model, q, expected in [
            ("interview", "avni", "Rithy Panh on The Missing Picture"),
            ("turn", "karaoke", "Rithy Panh"),
            ("figure", "poster", "Detail from the poster"),
        ]:
            with self.subTest(model=model, q=q):
                response = self.client.get(reverse(f"admin:interviews_{model}_changelist"), {"q": q})
                self.assertContains(response, expected)
                self.assertEqual(response.context["cl"].result_count, 1)

    def test_every_filter(self):
        for model, params, count in [
            ("interview", {"title_is_editorial__exact": "1"}, 1),
            ("interview", {"source__id__exact": self.document.pk}, 1),
            ("turn", {"kind__exact": "question"}, 2),
            ("turn", {"kind__exact": "answer"}, 2),
            ("figure", {"source__isnull": "True"}, 1),
        ]:
            with self.subTest(model=model, params=params):
                response = self.client.get(reverse(f"admin:interviews_{model}_changelist"), params)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["cl"].result_count, count)

    def test_edit_a_turn_inline(self):
        url = reverse("admin:interviews_interview_change", args=[self.interview.pk])
        data = form_data(self.client.get(url))
        turn = self.turns[2]
        index = next(
            k for k, v in data.items() if k.startswith("turns-") and k.endswith("-id") and v == str(turn.pk)
        )
        data[index.replace("-id", "-body")] = "How so, exactly?"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        turn.refresh_from_db()
        self.assertEqual(turn.body, "How so, exactly?")
        self.assertContains(self.client.get(self.interview.get_absolute_url()), "How so, exactly?")

    def test_two_turns_in_one_place_is_a_form_error(self):
        response = self.client.post(
            reverse("admin:interviews_turn_add"),
            {
                "interview": self.interview.pk,
                "position": 2,
                "kind": "answer",
                "speaker": self.panh.pk,
                "body": "x",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Another part of this interview has this position.")
