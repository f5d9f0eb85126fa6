"""Multi-line text is kept exactly: "\\n" line endings whatever sends it, paragraphs on any blank line."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TestCase, TransactionTestCase
from django.urls import reverse

from filmarchive.models import Film, Person, SourceDocument
from filmarchive.text import normalise_newlines, paragraphs
from interviews.models import Interview, Turn
from reviews.models import Review
from tests.admin.helpers import EditorTestCase, form_data


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
        before_record = {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}
        before_page = self.client_class().get(public_url).content
        data = as_a_browser_posts(form_data(self.client.get(url)))
        self.assertTrue(any("\r\n" in value for value in data.values() if isinstance(value, str)))
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])
        record.refresh_from_db()
        after_record = {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}
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
