"""Site search: the same simple queries find the same records on PostgreSQL and on SQLite."""

import re
from html import unescape
from unittest import skipUnless

from django.db import connection
from django.test import TestCase
from django.urls import reverse

from filmarchive import search
from filmarchive.models import Film, Person
from reviews.models import Review
from tests import factories as make
from tests.helpers import visible_text


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        panh = make.person("Rithy Panh")
        make.person("Joshua Oppenheimer")
        film = make.film(
            "The Missing Picture", synopsis="Clay figures stand in for the pictures that were lost."
        )
        make.film("The Act of Killing")
        interview = make.interview(
            "Rithy Panh on The Missing Picture",
            interviewers=[make.person("Sheerly Avni")],
            subjects=[panh],
            introduction="Why did he make The Missing Picture with clay?",
        )
        make.turn(interview, "question", body="Did the sculptor sing?")
        make.turn(interview, "answer", body="He sang karaoke while he carved.")
        for n in range(5):
            make.review(film, rating=8, body=f"Review {n}: the clay speaks.")
        make.review(film, body="Hidden, though it says clay.", status=Review.Status.HIDDEN)

    def search(self, q):
        response = self.client.get("/search/", {"q": q})
        self.assertEqual(response.status_code, 200)
        return response

    def results(self, q):
        return {group.label: [hit.title for hit in group.hits] for group in self.search(q).context["groups"]}

    def test_a_word_across_kinds(self):
        found = self.results("clay")
        self.assertEqual(found["Films"], ["The Missing Picture"])
        self.assertIn("Rithy Panh on The Missing Picture", found["Interviews"])
        self.assertEqual(len(found["Reviews"]), 5)  # published ones only
        self.assertNotIn("People", found)
        self.assertIn("7 results for “clay”.", visible_text(self.search("clay")))

    def test_one_group_alone_and_an_unknown_one_ignored(self):
        reviews = self.client.get("/search/", {"q": "clay", "in": "reviews"})
        self.assertEqual([group.label for group in reviews.context["groups"]], ["Reviews"])
        self.assertIn("5 results for “clay” among the reviews. All results", visible_text(reviews))
        for unknown in ("nonsense", "Reviews ", ""):
            with self.subTest(unknown=unknown):
                found = self.client.get("/search/", {"q": "clay", "in": unknown}).context["groups"]
                self.assertEqual([group.label for group in found], ["Films", "Interviews", "Reviews"])

    def test_names(self):
        self.assertEqual(self.results("Oppenheimer")["People"], ["Joshua Oppenheimer"])
        self.assertEqual(self.results("Rithy Panh")["People"], ["Rithy Panh"])
        self.assertEqual(self.results("killing")["Films"], ["The Act of Killing"])

    def test_best_first_and_words_marked(self):
        response = self.search("Missing Picture")
        films = {group.label: group.hits for group in response.context["groups"]}["Films"]
        self.assertEqual(films[0].title, "The Missing Picture")
        self.assertContains(response, "<mark>Missing</mark> <mark>Picture</mark>")
        karaoke = self.search("karaoke")
        self.assertContains(karaoke, "<mark>karaoke</mark>")
        self.assertIn("Rithy Panh on The Missing Picture Answer by Rithy Panh", visible_text(karaoke))

    def test_empty_and_absurd_queries_get_a_clear_page(self):
        self.assertContains(self.client.get("/search/"), "Type a title, a name")
        self.assertContains(self.search("   "), "Type a title, a name")
        self.assertContains(self.search("!!! ???"), "has no words to look for")
        self.assertContains(self.search("zzzzqqq"), "Nothing in the archive matches")
        self.assertContains(self.search("clay " * 300), "only its first 200 characters")
        for q in ["clay\x00", '"unbalanced', "clay & | ! ( <script>", "-", "OR OR OR"]:
            with self.subTest(q=q):
                self.assertNotContains(self.search(q), "<script>")

    def test_did_you_mean_a_surname_alone(self):
        for query, name in (("pahn", "Rithy Panh"), ("Opennheimer", "Joshua Oppenheimer")):
            with self.subTest(query=query):
                text = visible_text(self.search(query))
                self.assertIn(f"Nothing in the archive matches “{query}”.", text)
                self.assertIn(f"Did you mean {name}?", text)

    def test_did_you_mean_behind_more_names_than_are_measured(self):
        # Each shares "pa" with "pahn" (and is as like it as "Panh" by word similarity, but a worse
        # whole): there are more of them than are measured on SQLite, and they come first by name.
        Person.objects.bulk_create(
            Person(name=f"Paolo Quinn {i}", slug=f"paolo-quinn-{i}", sort_name=f"Quinn {i}, Paolo")
            for i in range(search.SUGGESTION_CANDIDATES + 50)
        )
        self.assertIn("Did you mean Rithy Panh?", visible_text(self.search("pahn")))

    def test_did_you_mean_measures_names_not_paragraphs(self):
        self.assertEqual(self.search("Mising Pictur").context["suggestion"], "The Missing Picture")
        # Longer than any title: not measured against every title and name.
        query = "Mising Pictur " * 8
        self.assertGreater(len(query.strip()), search.SUGGESTION_QUERY_LENGTH)
        self.assertEqual(self.search(query).context["suggestion"], "")

    @skipUnless(connection.vendor == "postgresql", "GIN indexes exist on PostgreSQL only")
    def test_did_you_mean_uses_the_trigram_indexes(self):
        for model, lookup, index in ((Person, "name", "person_name"), (Film, "title", "film_title")):
            with self.subTest(index=index), connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
                queryset = model.objects.filter(**{f"{lookup}__trigram_word_similar": "pahn"}).order_by()
                self.assertIn(f"{index}_trgm_idx", queryset.explain())

    @skipUnless(connection.vendor == "postgresql", "GIN indexes exist on PostgreSQL only")
    def test_postgresql_uses_the_gin_indexes(self):
        from django.contrib.postgres.search import SearchQuery

        from filmarchive.search import sources

        for source in sources():
            with self.subTest(source=source.key), connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")

                # Unordered: the search orders by rank, not by the model's default ordering.
                queryset = source.model.objects.filter(
                    search_vector=SearchQuery("clay", search_type="websearch", config="english")
                ).order_by()
                self.assertIn(f"{source.model._meta.model_name}_search_idx", queryset.explain())


class WholeCharacterSnippetTests(TestCase):
    """A result's snippet shows whole characters: the flags and families of a member's review stay the
    flags and families written, cut where there is no space to cut at."""

    def test_a_members_review_of_flags_and_families(self):
        flags = "\U0001f1fa\U0001f1f8\U0001f1e6\U0001f1fa"  # the United States, Australia
        family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
        film = make.film("The Missing Picture")
        self.client.force_login(make.member("ada"))
        body = "x" + flags * 60 + "zebras" + family * 40
        response = self.client.post(
            reverse("reviews:review-form", args=[film.slug]), {"rating": "", "body": body}
        )
        self.assertEqual(response.status_code, 302)

        response = self.client.get("/search/", {"q": "zebras", "in": "reviews"})
        self.assertContains(response, "<mark>zebras</mark>")
        snippet = unescape(
            re.sub(r"<[^>]+>", "", re.search(r'<p class="snippet">(.*?)</p>', response.content.decode())[1])
        )
        self.assertTrue(snippet.startswith("…") and snippet.endswith("…"), snippet)
        before, after = snippet[1:-1].split("zebras")
        # Whole flags (the United States is not read as Saudi Arabia), whole families (no joiner left over).
        self.assertTrue(before and (flags * 60).endswith(before) and len(before) % 2 == 0, before)
        self.assertTrue(after and after == family * (len(after) // len(family)), after)
