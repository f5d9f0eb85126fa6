"""Multi-line text is kept exactly: "\\n" line endings whatever sends it, paragraphs on any blank line;
text cut short is cut between whole characters."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import SimpleTestCase, TestCase, TransactionTestCase
from django.urls import reverse

from filmarchive.models import Film, Person, SourceDocument
from filmarchive.text import (
    grapheme_end,
    grapheme_start,
    is_grapheme_boundary,
    normalise_newlines,
    paragraphs,
    truncate,
)
from interviews.models import Interview, Turn
from reviews.models import Review
from tests.helpers import ArchiveEditorTestCase as EditorTestCase
from tests.helpers import form_data


class ParagraphTests(TestCase):
    def test_paragraphs_split_on_any_blank_line(self):
        for text in [
            "One.\n\nTwo.",
            "One.\r\n\r\nTwo.",
            "One.\r\rTwo.",
            "One.\n  \nTwo.",
            "\n\nOne.\n\n\n\nTwo.\n\n",
            "One.\n\t\nTwo.",
        ]:
            with self.subTest(text=text):
                self.assertEqual(paragraphs(text), ["One.", "Two."])

    def test_a_line_break_within_a_paragraph_stays(self):
        self.assertEqual(
            paragraphs("Roses are red,\r\nviolets blue.\r\n\r\nEnd."),
            ["Roses are red,\nviolets blue.", "End."],
        )

    def test_newlines(self):
        self.assertEqual(normalise_newlines("a\r\nb\rc\nd"), "a\nb\nc\nd")


def characters(text):
    """The text as a reader sees its characters: cut at every grapheme cluster boundary."""
    cuts = [index for index in range(1, len(text)) if is_grapheme_boundary(text, index)]
    return [text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True)]


class GraphemeTests(SimpleTestCase):
    """What a reader sees as one character stays whole: accents, emoji, flags, CRLF (UAX #29)."""

    def test_each_of_these_is_one_character(self):
        for character in [
            "e\u0301",  # e and a combining acute accent
            "a\u0301\u0323\u0302",  # several marks on one letter
            "\u0915\u093f",  # Devanagari ka with a vowel sign (a spacing mark)
            "\u0e19\u0e49\u0e33",  # Thai "water": a tone mark, then sara am (a spacing mark)
            "\u8fbb\U000e0100",  # an ideograph with a variation selector
            "\u304b\u3099",  # kana with a combining voicing mark
            "\uff8a\uff9e",  # halfwidth katakana with its voicing mark
            "\u2764\ufe0f",  # red heart, emoji presentation
            "\U0001f44b\U0001f3fd",  # waving hand, medium skin tone
            "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",  # family
            "\U0001f3f3\ufe0f\u200d\U0001f308",  # rainbow flag
            "\U0001f1fa\U0001f1f8",  # flag of the United States
            "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # flag of England
            "\r\n",
            "\u1100\u1161\u11a8",  # Hangul syllable spelt with conjoining jamo
            "\u0600\u0661",  # Arabic number sign before its digit
        ]:
            with self.subTest(character=character):
                self.assertEqual(characters(f"a{character}b{character}"), ["a", character, "b", character])

    def test_regional_indicators_pair_from_the_start_of_a_run(self):
        us, au = "\U0001f1fa\U0001f1f8", "\U0001f1e6\U0001f1fa"
        self.assertEqual(characters(f"x{us}{au}{us}"), ["x", us, au, us])
        self.assertEqual(characters(us + au + "\U0001f1fa"), [us, au, "\U0001f1fa"])

    def test_elsewhere_each_code_point_is_a_character(self):
        self.assertEqual(characters("A film."), list("A film."))
        self.assertEqual(characters("\u6d88\u3048\u305f"), ["\u6d88", "\u3048", "\u305f"])
        self.assertEqual(characters("a\u200bb"), ["a", "\u200b", "b"])  # a zero-width space
        self.assertEqual(characters("a\n\u0301"), ["a", "\n", "\u0301"])  # a mark after a line break
        self.assertEqual(characters("\t\r\r\n"), ["\t", "\r", "\r\n"])

    def test_the_nearest_boundaries_either_side(self):
        text = "ab\U0001f468\u200d\U0001f469\u200d\U0001f467c"
        for index in range(3, 7):
            with self.subTest(index=index):
                self.assertEqual((grapheme_start(text, index), grapheme_end(text, index)), (2, 7))
        self.assertEqual((grapheme_start(text, 2), grapheme_end(text, 2)), (2, 2))
        self.assertEqual((grapheme_start(text, 0), grapheme_end(text, len(text))), (0, len(text)))

    def test_truncate_keeps_whole_characters(self):
        family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
        self.assertEqual(truncate("Short.", 200), "Short.")
        self.assertEqual(truncate("x" * 200, 200), "x" * 200)
        self.assertEqual(truncate("x" * 201, 200), "x" * 199 + "…")
        self.assertEqual(truncate(family * 3, 10), family + "…")
        self.assertEqual(truncate("e\u0301" * 10, 6), "e\u0301" * 2 + "…")
        flags = "x" + "\U0001f1fa\U0001f1f8\U0001f1e6\U0001f1fa" * 5
        self.assertEqual(truncate(flags, 5), "x\U0001f1fa\U0001f1f8…")
        self.assertEqual(truncate(family, 3), "…")


class SavedTextTests(TestCase):
    def test_every_multi_line_field_is_saved_with_newlines(self):
        person = Person.objects.create(name="Jo", slug="jo", sort_name="Jo", biography="A.\r\n\r\nB.")
        film = Film.objects.create(title="F", slug="f", synopsis="One.\r\n\r\nTwo.")
        review = Review.objects.create(film=film, author=person, body="First.\r\n\r\nSecond.\rThird.")
        interview = Interview.objects.create(title="I", slug="i", introduction="Intro.\r\n\r\nMore.")
        turn = Turn.objects.create(
            interview=interview, position=1, kind="answer", speaker=person, body="X.\r\n\r\nY."
        )
        for record, field in [
            (person, "biography"),
            (film, "synopsis"),
            (review, "body"),
            (interview, "introduction"),
            (turn, "body"),
        ]:
            with self.subTest(model=type(record).__name__):
                record.refresh_from_db()
                self.assertNotIn("\r", getattr(record, field))
        self.assertEqual(review.paragraphs, ["First.", "Second.\nThird."])

    def test_a_document_is_kept_byte_for_byte(self):
        text = "Title\r\n\r\nDirected by Someone\r\n"
        document = SourceDocument.objects.create(
            slug="crlf",
            title="CRLF",
            kind="film_page",
            filename="film-crlf.txt",
            text=text,
            checksum="0" * 64,
        )
        document.refresh_from_db()
        self.assertEqual(document.text, text)


def as_a_browser_posts(data):
    """Form data as a browser sends it: every line break in a text field becomes CRLF."""
    return {
        key: value.replace("\n", "\r\n") if isinstance(value, str) else value for key, value in data.items()
    }


class SaveUnchangedTests(EditorTestCase):
    """An editor who opens a record in the admin and saves it, changing nothing, changes nothing."""

    def assertSavingUnchangedChangesNothing(self, record, public_url):
        url = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
        # source_values is bookkeeping: before an editor's first save, what the document said is kept.
        fields = [f.attname for f in record._meta.concrete_fields if f.name != "source_values"]
        before_record = {name: getattr(record, name) for name in fields}
        before_page = self.client_class().get(public_url).content
        data = as_a_browser_posts(form_data(self.client.get(url)))
        self.assertTrue(any("\r\n" in value for value in data.values() if isinstance(value, str)))
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])
        record.refresh_from_db()
        after_record = {name: getattr(record, name) for name in fields}
        self.assertEqual(after_record, before_record)
        self.assertEqual(self.client_class().get(public_url).content, before_page)

    def test_a_review(self):
        review = Review.objects.get(author__slug="melissa-tamminga")
        self.assertGreater(len(review.paragraphs), 5)
        self.assertSavingUnchangedChangesNothing(review, review.get_absolute_url())

    def test_an_interview_with_its_turns_and_figures(self):
        self.assertSavingUnchangedChangesNothing(self.interview, self.interview.get_absolute_url())
        for turn in self.interview.turns.all():
            self.assertNotIn("\r", turn.body)

    def test_a_turn(self):
        turn = self.interview.turns.get(position=2)
        self.assertSavingUnchangedChangesNothing(turn, self.interview.get_absolute_url())

    def test_a_film(self):
        self.film.synopsis = "First paragraph.\n\nSecond paragraph."
        self.film.save()
        self.assertSavingUnchangedChangesNothing(self.film, self.film.get_absolute_url())


class LineEndingMigrationTests(TransactionTestCase):
    """The data migration repairs text stored before line endings were normalised."""

    def test_stored_crlf_becomes_lf(self):
        executor = MigrationExecutor(connection)
        executor.migrate([("reviews", "0001_initial"), ("filmarchive", "0001_initial")])
        state = executor.loader.project_state([("reviews", "0001_initial"), ("filmarchive", "0001_initial")])
        OldPerson = state.apps.get_model("filmarchive", "Person")
        OldFilm = state.apps.get_model("filmarchive", "Film")
        OldReview = state.apps.get_model("reviews", "Review")
        person = OldPerson.objects.create(name="Jo", slug="jo", sort_name="Jo", biography="A.\r\rB.")
        film = OldFilm.objects.create(title="F", slug="f", synopsis="One.\r\n\r\nTwo.")
        review = OldReview.objects.create(
            film=film, author=person, body="First.\r\n\r\nSecond.", status="published"
        )

        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

        self.assertEqual(Review.objects.get(pk=review.pk).body, "First.\n\nSecond.")
        self.assertEqual(Film.objects.get(pk=film.pk).synopsis, "One.\n\nTwo.")
        self.assertEqual(Person.objects.get(pk=person.pk).biography, "A.\n\nB.")
