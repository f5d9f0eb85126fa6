"""Site search finds what people type: whole words, stemmed alike on both databases, snippets around the
match, "Did you mean" for misspelt names, and no spoilers in snippets."""

from html import unescape

from django.db import connection
from django.test import SimpleTestCase, TestCase

from filmarchive import search
from filmarchive.models import Film, Person
from filmarchive.site.views import SEARCH_RESULTS_PER_PAGE
from reviews.models import Review
from tests import factories as make
from tests.helpers import visible_text


def hits(response, group):
    return {found.label: found.hits for found in response.context["groups"]}.get(group, [])


class WholeWordTests(TestCase):
    fixtures = ["archive"]

    @classmethod
    def setUpTestData(cls):
        film = Film.objects.get(slug="the-missing-picture")
        cls.review = Review.objects.create(
            film=film,
            author=Person.objects.create(name="Jo Critic", slug="jo-critic", sort_name="Critic, Jo"),
            rating=6,
            body="A political film, and a film about Pol Pot's regime, made of clay figurines.",
        )

    def test_marks_whole_words_only(self):
        html = str(search.snippet(self.review.body, ["Pol", "Pot"]))
        self.assertIn("<mark>Pol</mark> <mark>Pot</mark>", html)
        self.assertNotIn("<mark>political</mark>", html)
        self.assertIn("political", html)

    def test_a_word_inside_another_is_not_a_match(self):
        # "regi" begins "regime" but is no word of its own: neither database finds a part of a word.
        titles = [hit.title for hit in hits(self.client.get("/search/", {"q": "regi"}), "Reviews")]
        self.assertNotIn("Jo Critic on The Missing Picture", titles)
        titles = [hit.title for hit in hits(self.client.get("/search/", {"q": "Pol Pot"}), "Reviews")]
        self.assertIn("Jo Critic on The Missing Picture", titles)

    def test_stemming_finds_other_forms_on_both_databases(self):
        for query in ("regimes", "politics", "figurine"):
            with self.subTest(query=query):
                titles = [hit.title for hit in hits(self.client.get("/search/", {"q": query}), "Reviews")]
                self.assertIn("Jo Critic on The Missing Picture", titles)

    def test_stop_words_are_left_out_as_postgresql_does(self):
        self.assertEqual(
            search.search_terms("The Missing Picture of the year"), ["Missing", "Picture", "year"]
        )
        films = hits(self.client.get("/search/", {"q": "the missing picture"}), "Films")
        self.assertEqual([hit.title for hit in films], ["The Missing Picture"])


class SnippetTests(TestCase):
    def test_centred_on_the_first_match_and_cut_at_words(self):
        text = (
            " ".join(f"word{i}" for i in range(200)) + " karaoke " + " ".join(f"tail{i}" for i in range(200))
        )
        html = str(search.snippet(text, ["karaoke"]))
        self.assertTrue(html.startswith("…") and html.endswith("…"), html)
        before, after = html.split("<mark>karaoke</mark>")
        self.assertLess(abs(len(before) - len(after)), 20)
        self.assertNotRegex(html, r"…\w*\d\w* ?…")  # no broken words at either end
        for piece in html.strip("…").split():
            self.assertRegex(piece, r"^(word\d+|tail\d+|<mark>karaoke</mark>)$")

    def test_a_match_near_the_end_keeps_a_full_passage(self):
        text = " ".join(f"word{i}" for i in range(200)) + " karaoke."
        html = str(search.snippet(text, ["karaoke"]))
        self.assertTrue(html.endswith("<mark>karaoke</mark>."), html)
        self.assertGreater(len(html), search.SNIPPET_RADIUS * 3 // 2)

    def test_text_is_escaped(self):
        html = str(search.snippet("<b>karaoke</b> & co", ["karaoke"]))
        self.assertEqual(html, "&lt;b&gt;<mark>karaoke</mark>&lt;/b&gt; &amp; co")


FLAGS = "\U0001f1fa\U0001f1f8\U0001f1e6\U0001f1fa"  # the United States, Australia
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"


def shown(html):
    """A snippet as a reader sees it: its text, without the marks."""
    return unescape(html.replace("<mark>", "").replace("</mark>", ""))


class WholeCharacterSnippetTests(SimpleTestCase):
    """A snippet cut where there is no space cuts between characters as a reader sees them: a flag, a
    family, an accented letter stays whole, and means what it meant."""

    def assertCutBetween(self, html, before, word, after):
        """The snippet is "…", the end of ``before``, the word marked, the start of ``after``, "…"."""
        self.assertTrue(html.startswith("…") and html.endswith("…"), html)
        start, end = shown(html)[1:-1].split(word)
        self.assertTrue(start and before.endswith(start), start)
        self.assertTrue(end and after.startswith(end), end)
        self.assertIn(f"<mark>{word}</mark>", html)
        return start, end

    def test_flags_and_families(self):
        before, after = "x" + FLAGS * 60, FAMILY * 40
        start, end = self.assertCutBetween(
            search.snippet(before + "zebras" + after, ["zebras"]), before, "zebras", after
        )
        self.assertEqual(len(start) % 2, 0, "a flag is cut in two")
        self.assertEqual(len(end) % len(FAMILY), 0, "a family is cut")

    def assertWholeEitherSide(self, character):
        """Cut at every offset into the run of ``character`` on either side of the word, the snippet
        shows only whole ones."""
        for offset in range(len(character)):
            with self.subTest(character=character, offset=offset):
                before = character * 100 + "-" * offset + "."
                after = "." + "-" * offset + character * 100
                start, end = self.assertCutBetween(
                    search.snippet(before + "zebras" + after, ["zebras"]), before, "zebras", after
                )
                start, end = start.rstrip("-."), end.lstrip(".-")
                self.assertEqual(start, character * (len(start) // len(character)))
                self.assertEqual(end, character * (len(end) // len(character)))

    def test_accents(self):
        self.assertWholeEitherSide("e\u0301")  # é as e and a combining acute accent

    def test_japanese_without_spaces(self):
        # Voiced kana spelt with a combining mark, and ideographs with a variation selector.
        before, after = "\u304b\u3099" * 150, "\u845b\U000e0100" * 150
        start, end = self.assertCutBetween(
            search.snippet(f"{before}\u3001karaoke\u3002{after}", ["karaoke"]),
            before + "\u3001",
            "karaoke",
            "\u3002" + after,
        )
        self.assertEqual(len(start) % 2, 1)  # whole kana, and the comma
        self.assertEqual(len(end) % 2, 1)  # the full stop, and whole ideographs

    def test_skin_tones_and_tag_sequences(self):
        self.assertWholeEitherSide("\U0001f44b\U0001f3fd")  # waving hand, medium skin tone
        self.assertWholeEitherSide(  # flag of Scotland
            "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
        )

    def test_a_marked_word_keeps_its_accents(self):
        html = str(search.snippet("Au cafe\u0301 de la rue Monge.", ["cafe"]))
        self.assertEqual(html, "Au <mark>cafe\u0301</mark> de la rue Monge.")


class DidYouMeanTests(TestCase):
    fixtures = ["archive"]

    def test_a_misspelt_name(self):
        response = self.client.get("/search/", {"q": "Rithy Pahn"})
        self.assertEqual(response.context["suggestion"], "Rithy Panh")
        self.assertContains(response, 'Did you mean\n      <a href="/search/?q=Rithy%20Panh">Rithy Panh</a>?')

    def test_a_misspelt_title(self):
        self.assertEqual(
            self.client.get("/search/", {"q": "Mising Pictur"}).context["suggestion"], "The Missing Picture"
        )

    def test_no_suggestion_when_names_match_or_nothing_is_close(self):
        self.assertEqual(self.client.get("/search/", {"q": "Rithy Panh"}).context["suggestion"], "")
        self.assertEqual(self.client.get("/search/", {"q": "zzzzqqq"}).context["suggestion"], "")

    def test_a_misspelt_surname_alone(self):
        for query, name in (("pahn", "Rithy Panh"), ("Opennheimer", "Joshua Oppenheimer")):
            with self.subTest(query=query):
                response = self.client.get("/search/", {"q": query})
                self.assertEqual(response.context["suggestion"], name)
                self.assertIn(f"Did you mean {name}?", visible_text(response))

    def test_the_word_measure_is_pg_trgm_s(self):
        # Values PostgreSQL gives for word_similarity(query, text); on PostgreSQL, asked again.
        pairs = [
            ("pahn", "Rithy Panh", 0.4),
            ("Opennheimer", "Joshua Oppenheimer", 0.6),
            ("Rithy Pahn", "Rithy Panh", 8 / 11),
            ("Mising Pictur", "The Missing Picture", 0.75),
            ("kilin act", "The Act of Killing", 7 / 13),
            ("abc de", "xx de abc", 1.0),
            ("", "abc", 0.0),
        ]
        for query, text, value in pairs:
            with self.subTest(query=query, text=text):
                self.assertAlmostEqual(search.word_similarity(query, text), value, places=6)
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT word_similarity(%s, %s)", [query, text])
                        self.assertAlmostEqual(cursor.fetchone()[0], value, places=6)

    def test_the_measure_is_pg_trgm_s(self):
        # Values PostgreSQL gives for similarity('Rithy Panh', ...).
        self.assertAlmostEqual(search.similarity("Rithy Panh", "Rithy Pahn"), 8 / 14)
        self.assertEqual(search.similarity("word", "word"), 1.0)
        self.assertEqual(search.similarity("", "word"), 0.0)


class SpoilerTests(TestCase):
    fixtures = ["archive"]

    def test_a_spoiler_reviews_text_stays_out_of_snippets(self):
        Review.objects.filter(author__slug="mike-dangelo").update(contains_spoilers=True)
        response = self.client.get("/search/", {"q": "memoir"})
        found = {hit.title: hit for hit in hits(response, "Reviews")}
        hit = found["Mike D'Angelo on The Missing Picture"]
        self.assertEqual(hit.snippet, "")
        self.assertEqual(hit.detail, "Contains spoilers")
        self.assertNotContains(response, "grim memoir")


class BoundedCandidatesTests(TestCase):
    fixtures = ["archive"]

    def test_a_word_in_more_records_than_are_ranked(self):
        film = Film.objects.get(slug="the-missing-picture")
        people = Person.objects.bulk_create(
            Person(name=f"Critic {i}", slug=f"critic-{i}", sort_name=f"Critic {i}")
            for i in range(search.CANDIDATES + 50)
        )
        Review.objects.bulk_create(
            Review(film=film, author=person, body="Clay, and more clay.", first_published_in="Here")
            for person in people
        )
        response = self.client.get("/search/", {"q": "clay"})
        self.assertEqual(len(hits(response, "Reviews")), search.RESULTS_PER_SOURCE)
        self.assertContains(response, "More reviews")
        more = self.client.get("/search/", {"q": "clay", "in": "reviews"})
        self.assertEqual([group.label for group in more.context["groups"]], ["Reviews"])
        self.assertNotContains(more, "More reviews")
        self.assertContains(more, f"{search.CANDIDATES} results for “clay” among the reviews.")
        # Every ranked candidate, a page at a time, each once.
        per_page = SEARCH_RESULTS_PER_PAGE
        pages = -(-search.CANDIDATES // per_page)
        self.assertContains(more, f"Page 1 of {pages}")
        next_page = '<a href="?q=clay&amp;in=reviews&amp;page=2" rel="next">Next</a>'
        self.assertContains(more, next_page, html=True)
        shown = []
        for number in range(1, pages + 1):
            page = self.client.get("/search/", {"q": "clay", "in": "reviews", "page": number})
            shown += [hit.url for hit in hits(page, "Reviews")]
        self.assertEqual(len(shown), search.CANDIDATES)
        self.assertEqual(len(set(shown)), search.CANDIDATES)
        self.assertEqual([hit.url for hit in hits(more, "Reviews")], shown[:per_page])
        # A page number that is not one shows the first page; one past the last, the last.
        for number, expected in (("x", 1), ("999", pages)):
            page = self.client.get("/search/", {"q": "clay", "in": "reviews", "page": number})
            self.assertContains(page, f"Page {expected} of {pages}")


class PartWordsOutnumberWholeWordsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        film = make.film("Year Zero")
        Review.objects.bulk_create(
            make.review(film, body="A despot, a potato field, a spotlight on the jungle.", save=False)
            for _ in range(search.CANDIDATES + 50)
        )
        cls.found = make.review(film, body="Pol Pot's regime, remembered.")

    def test_a_whole_word_behind_more_rows_that_only_contain_it_is_found(self):
        # Every earlier review has "pot" inside other words; none of them has the word "pot".
        response = self.client.get("/search/", {"q": "pot"})
        self.assertEqual([hit.url for hit in hits(response, "Reviews")], [self.found.get_absolute_url()])
        self.assertNotContains(response, "Nothing in the archive matches")
