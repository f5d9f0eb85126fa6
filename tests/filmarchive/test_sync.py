"""Documents and editors change the archive together, and neither undoes the other (sync_archive)."""

import re
import shutil
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.utils.html import escape
from reversion.models import Version

from filmarchive import sync
from filmarchive.models import DismissedMention, Film, Mention, Person, SlugRedirect, SourceDocument
from interviews.models import Interview, Turn
from reviews.models import Review
from tests import factories as make
from tests.helpers import ArchiveEditorTestCase as EditorTestCase
from tests.helpers import form_data

FILM_PAGE = "film-the-missing-picture.txt"
INTERVIEW = "interview-rithy-panh-the-missing-picture.txt"
MIKE = "A valuable companion piece to S21."


class SyncTestCase(EditorTestCase):
    """The shipped archive loaded (as `make run` first does), and a copy of its documents to change."""

    def setUp(self):
        super().setUp()
        self.sources = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.sources)
        for path in settings.ARCHIVE_SOURCES_DIR.iterdir():
            shutil.copy(path, self.sources / path.name)

    def sync(self, *options):
        out = StringIO()
        call_command("sync_archive", *options, sources=self.sources, stdout=out, stderr=out)
        return out.getvalue()

    def edit_document(self, name, old, new):
        path = self.sources / name
        text = path.read_text(encoding="utf-8")
        self.assertIn(old, text)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def edit_in_the_admin(self, record, **changes):
        url = f"/admin/{record._meta.app_label}/{record._meta.model_name}/{record.pk}/change/"
        data = {**form_data(self.client.get(url)), **changes}
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        record.refresh_from_db()

    def snapshot(self):
        return {
            model.__name__: sorted(model._base_manager.values_list(), key=repr)
            for model in (SourceDocument, Person, Film, Review, Interview, Turn, Mention)
        }


SECOND_FILM_PAGE = """\
The Missing Picture (2013)

Directed by Rithy Panh

Another page says what the film is about, in its own words.

  • ★★★★★ review by A.O. Scott on Rotten Tomatoes

    An essential, devastating work.

  • See all reviews
"""


class SecondPageTests(SyncTestCase):
    """Two pages describing one film: the first in the documents' order gives its facts (a film the
    archive has keeps the page that described it first)."""

    def test_a_page_added_in_the_admin_is_built_in_the_same_order_as_in_the_repository(self):
        from filmarchive.archive import build_all

        (self.sources / "film-a-capture.txt").write_text(SECOND_FILM_PAGE, encoding="utf-8")
        in_the_repository = [document.filename for document in build_all(self.sources).documents]
        self.assertEqual(in_the_repository, ["film-a-capture.txt", FILM_PAGE, INTERVIEW])
        (self.sources / "film-a-capture.txt").unlink()

        confirm = {"text": SECOND_FILM_PAGE, "kind": "film_page", "name": "a-capture", "origin": "A capture"}
        plan = self.client.post("/admin/filmarchive/sourcedocument/add/", confirm)
        self.assertEqual(plan.status_code, 200)
        data = plan.context["outcome"].encoded
        done = self.client.post(
            "/admin/filmarchive/sourcedocument/add/", {**confirm, "text": "", "data": data, "confirm": "1"}
        )
        self.assertEqual(done.status_code, 302, done.content[:2000])
        from_the_admin = [document.filename for document in build_all(self.sources).documents]
        self.assertEqual(from_the_admin, in_the_repository)


class SyncTests(SyncTestCase):
    def test_a_freshly_loaded_archive_is_in_step(self):
        before = self.snapshot()
        self.assertIn("Nothing to change", self.sync())
        self.assertEqual(self.snapshot(), before)

    def test_an_edited_document_updates_exactly_what_changed(self):
        self.edit_document(FILM_PAGE, MIKE, "A valuable companion piece to S21, and a better film.")
        before = self.snapshot()
        out = self.sync("--dry-run")
        self.assertIn("updated: 2", out)  # the review, and the document's own text
        self.assertIn("review the-missing-picture / mike-dangelo / Letterboxd: body", out)
        self.assertIn("source document film-the-missing-picture: text", out)
        self.assertEqual(self.snapshot(), before, "a dry run changed the database")

        out = self.sync()
        self.assertIn("updated: 2", out)
        review = Review.objects.get(author__slug="mike-dangelo")
        self.assertTrue(review.body.endswith("and a better film."))
        self.assertEqual(Review.objects.exclude(pk=review.pk).filter(source_values__isnull=False).count(), 0)
        self.assertEqual(
            SourceDocument.objects.get(filename=FILM_PAGE).text, (self.sources / FILM_PAGE).read_text()
        )
        # The history says so, with the document and its checksum.
        version = Version.objects.get_for_object(review).first()
        self.assertRegex(
            version.revision.comment, r"^synced from film-the-missing-picture\.txt \([0-9a-f]{12}\)$"
        )
        self.assertEqual(version.field_dict["body"], review.body)
        self.assertIn("Nothing to change", self.sync())

    def test_an_editors_change_is_kept_and_a_conflict_reported(self):
        review = Review.objects.get(author__slug="mike-dangelo")
        editors = review.body.replace("superimposition", "superimpositions")
        self.edit_in_the_admin(review, body=editors)
        # The document changes the same review's words, and its rating, which the editor left alone.
        self.edit_document(FILM_PAGE, MIKE, "A valuable companion to S21.")
        self.edit_document(FILM_PAGE, "★★★★ review by Mike D'Angelo", "★★★ review by Mike D'Angelo")
        out = self.sync()
        self.assertIn("conflict: 1", out)
        self.assertIn("body: the record says", out)
        review.refresh_from_db()
        self.assertEqual(review.body, editors)  # the editor's words stay
        self.assertEqual(review.rating, 6)  # the document's new rating is taken
        self.assertIn("A valuable companion to S21.", review.source_values["body"])

        # The record's admin page shows both, and takes the document's version in one click.
        url = f"/admin/reviews/review/{review.pk}/change/"
        page = self.client.get(url)
        self.assertContains(page, "This record (an editor’s change)")
        self.assertContains(page, "superimpositions")
        self.assertContains(page, 'name="field" value="body"')
        response = self.client.post(f"/admin/reviews/review/{review.pk}/take-document/", {"field": "body"})
        self.assertRedirects(response, url)
        review.refresh_from_db()
        self.assertTrue(review.body.endswith("A valuable companion to S21."))
        self.assertEqual(review.edited_fields(), {})
        self.assertEqual(Version.objects.get_for_object(review).first().field_dict["body"], review.body)
        self.assertIn("Nothing to change", self.sync())

    def test_an_edit_the_document_does_not_contradict_is_simply_kept(self):
        film = Film.objects.get(slug="the-missing-picture")
        self.edit_in_the_admin(film, synopsis=film.synopsis + " An editor's note.")
        out = self.sync()
        self.assertIn("kept because edited: 1", out)
        film.refresh_from_db()
        self.assertTrue(film.synopsis.endswith("An editor's note."))

    def test_what_editors_made_is_left_alone(self):
        from filmarchive.models import Credit

        film = Film.objects.get(slug="the-missing-picture")
        credit = Credit.objects.create(film=film, person=Person.objects.get(slug="pol-pot"), role="writer")
        person = Person.objects.create(name="Sheerly Avni Jr", slug="sheerly-avni-jr", sort_name="Avni Jr")
        out = self.sync()
        self.assertIn("Nothing to change", out)
        self.assertTrue(Credit.objects.filter(pk=credit.pk).exists())
        self.assertIsNone(Person.objects.get(pk=person.pk).retired_at)

    def test_a_hidden_review_stays_hidden(self):
        review = Review.objects.get(author__slug="dragonknight")
        self.client.post("/admin/reviews/review/", {"action": "hide", "_selected_action": [review.pk]})
        self.edit_document(FILM_PAGE, "Don't miss it.", "Do not miss it.")
        self.sync()
        review.refresh_from_db()
        self.assertEqual(review.status, Review.Status.HIDDEN)
        self.assertTrue(review.body.endswith("Do not miss it."))

    def test_a_removed_document_retires_its_records_off_the_site_and_back(self):
        interview = Interview.objects.get()
        url = interview.get_absolute_url()
        (self.sources / INTERVIEW).rename(self.sources / "elsewhere.bak")
        catalogue = (self.sources / "catalogue.toml").read_text(encoding="utf-8")
        entry = re.search(r'\[documents\."interview-[^\]]*\]\norigin = "[^"]*"\n', catalogue)[0]
        (self.sources / "catalogue.toml").write_text(catalogue.replace(entry, ""), encoding="utf-8")
        out = self.sync()
        self.assertIn("retired:", out)
        interview = Interview.all_objects.get()
        self.assertIsNotNone(interview.retired_at)
        self.assertIn("no longer in", interview.retired_reason)
        self.assertEqual(Turn.objects.count(), 0)
        self.assertEqual(Turn.all_objects.count(), 6)
        self.assertIsNotNone(Person.all_objects.get(slug="sheerly-avni").retired_at)
        self.assertIsNone(Person.objects.get(slug="rithy-panh").retired_at)
        self.assertIsNotNone(SourceDocument.all_objects.get(filename=INTERVIEW).retired_at)
        for gone in [url, "/people/sheerly-avni/", "/sources/interview-rithy-panh-the-missing-picture/"]:
            self.assertEqual(self.client_class().get(gone).status_code, 404, gone)
        self.assertNotContains(self.client_class().get("/search/", {"q": "karaoke"}), "Rithy Panh on The")
        self.assertNotContains(self.client_class().get("/sitemap.xml"), "sheerly-avni")
        self.assertNotContains(
            self.client_class().get("/feeds/interviews/"), "Rithy Panh on The Missing Picture"
        )
        # Still in the admin, with the reason.
        admin_page = self.client.get(f"/admin/interviews/interview/{interview.pk}/change/")
        self.assertContains(admin_page, "no longer in")

        # The document comes back: so do its records.
        (self.sources / "elsewhere.bak").rename(self.sources / INTERVIEW)
        (self.sources / "catalogue.toml").write_text(catalogue, encoding="utf-8")
        out = self.sync()
        self.assertIn("restored:", out)
        self.assertEqual(self.client_class().get(url).status_code, 200)
        self.assertEqual(Turn.objects.count(), 6)

    def test_a_sync_is_all_or_nothing(self):
        self.edit_document(FILM_PAGE, MIKE, "A valuable companion piece.")
        self.edit_document(FILM_PAGE, "Don't miss it.", "Do not miss it.")
        before = self.snapshot()
        calls = []
        real_update = sync._update

        def failing_update(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise DatabaseError("the connection dropped")
            return real_update(*args, **kwargs)

        with mock.patch("filmarchive.sync._update", failing_update), self.assertRaises(DatabaseError):
            self.sync()
        self.assertEqual(len(calls), 2, "the failure did not come midway")
        self.assertEqual(self.snapshot(), before)
        self.assertFalse(Version.objects.exists())

    def test_renaming_keeps_the_old_address_and_the_sync_finds_the_record(self):
        film = Film.objects.get(slug="the-missing-picture")
        page = self.client.get(f"/admin/filmarchive/film/{film.pk}/change/")
        self.assertNotContains(page, 'name="slug"')  # read-only: documents find it by it
        self.assertContains(page, "Rename (the old address keeps working)")
        response = self.client.post(f"/admin/filmarchive/film/{film.pk}/rename/", {"slug": "missing-picture"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(SlugRedirect.new_slug_for(Film, "the-missing-picture"), "missing-picture")
        old = self.client_class().get("/films/the-missing-picture/reviews/?sort=highest")
        self.assertRedirects(old, "/films/missing-picture/reviews/?sort=highest", status_code=301)
        self.assertIn("Nothing to change", self.sync())
        self.assertEqual(Film.all_objects.filter(title="The Missing Picture").count(), 1)

    def test_a_renamed_interview_is_found_by_the_sync_with_its_turns(self):
        interview = Interview.objects.get()
        self.client.post(f"/admin/interviews/interview/{interview.pk}/rename/", {"slug": "panh-on-clay"})
        self.assertIn("Nothing to change", self.sync())
        self.edit_document(INTERVIEW, "How so?", "How so, exactly?")
        out = self.sync()
        self.assertNotIn("created", out)
        self.assertNotIn("retired", out)
        self.assertEqual(Interview.all_objects.get().slug, "panh-on-clay")
        self.assertTrue(Turn.objects.filter(interview=interview, body="How so, exactly?").exists())
        self.assertRedirects(
            self.client_class().get("/interviews/rithy-panh-on-the-missing-picture/"),
            "/interviews/panh-on-clay/",
            status_code=301,
        )

    def test_a_new_record_cannot_take_an_address_that_leads_to_a_renamed_one(self):
        film = Film.objects.get(slug="the-missing-picture")
        self.client.post(f"/admin/filmarchive/film/{film.pk}/rename/", {"slug": "missing-picture"})
        add = "/admin/filmarchive/film/add/"
        response = self.client.post(
            add, {**form_data(self.client.get(add)), "title": "Another", "slug": "the-missing-picture"}
        )
        self.assertContains(response, "That was another record&#x27;s address, and still leads to it.")
        self.assertFalse(Film.all_objects.filter(slug="the-missing-picture").exists())
        self.assertRedirects(
            self.client_class().get("/films/the-missing-picture/"), "/films/missing-picture/", status_code=301
        )

    def test_broken_documents_stop_the_sync_unless_skipped(self):
        (self.sources / "film-broken.txt").write_text("Broken\n\nStarring Nobody\n", encoding="utf-8")
        self.edit_document(FILM_PAGE, MIKE, "A valuable companion piece.")
        before = self.snapshot()
        with self.assertRaisesMessage(CommandError, "film-broken.txt:1"):
            self.sync()
        self.assertEqual(self.snapshot(), before)
        out = self.sync("--skip-broken")
        self.assertIn("Skipped", out)
        self.assertIn("film-broken.txt", out)
        self.assertTrue(Review.objects.get(author__slug="mike-dangelo").body.endswith("companion piece."))


YEAR_ZERO_PAGE = """\
Year Zero

Directed by Rithy Panh

A film about a year.

  • ★★★ review by Ada Lind on Letterboxd

    Quiet, and long.

  • See all reviews
"""


class MembersReviewsOfARetiredFilmTests(SyncTestCase):
    """A member's review of a film a sync retires leaves the site with the film, and comes back with it:
    no list, feed or search leads to the film's 404 meanwhile, and nothing of the review is lost."""

    def test_it_leaves_with_its_film_and_comes_back_with_it(self):
        page = self.sources / "film-year-zero.txt"
        page.write_text(YEAR_ZERO_PAGE, encoding="utf-8")
        self.sync()
        film = Film.objects.get(slug="year-zero")
        ada = make.member("ada", name="Ada Quill")
        review = make.review(film, member=ada, rating=7, body="Clay figures, and a voice.")
        page.unlink()
        self.sync()
        review.refresh_from_db()
        self.assertIsNotNone(review.retired_at)
        self.assertEqual(review.retired_reason, "left the site with its film")
        visitor = self.client_class()
        self.assertEqual(visitor.get(review.get_absolute_url()).status_code, 404)
        for url in ["/", "/feeds/reviews/", ada.person.get_absolute_url(), "/search/?q=clay+figures+voice"]:
            with self.subTest(url):
                self.assertNotContains(visitor.get(url), "Clay figures, and a voice.")
        # The member still has it, in their account and in their data.
        member = self.client_class()
        member.force_login(ada)
        self.assertContains(member.get("/accounts/data.json"), "Clay figures, and a voice.")
        call_command("recount_ratings", "--check", stdout=StringIO())

        page.write_text(YEAR_ZERO_PAGE, encoding="utf-8")
        self.sync()
        review.refresh_from_db()
        self.assertIsNone(review.retired_at)
        self.assertEqual(review.retired_reason, "")
        self.assertContains(visitor.get(review.get_absolute_url()), "Clay figures, and a voice.")
        film.rating.refresh_from_db()
        self.assertEqual(film.rating.reviews, 2)
        call_command("recount_ratings", "--check", stdout=StringIO())

    def test_a_film_an_editor_keeps_by_hand_brings_them_back(self):
        page = self.sources / "film-year-zero.txt"
        page.write_text(YEAR_ZERO_PAGE, encoding="utf-8")
        self.sync()
        film = Film.objects.get(slug="year-zero")
        review = make.review(film, member=make.member("ada"), rating=7, body="Clay figures, and a voice.")
        page.unlink()
        self.sync()
        self.client.post(f"/admin/filmarchive/film/{film.pk}/restore/")
        review.refresh_from_db()
        self.assertIsNone(review.retired_at)
        self.assertContains(self.client_class().get(film.get_absolute_url()), "Clay figures, and a voice.")
        # The critic's review left with its document, not with the film: it stays off the site.
        self.assertFalse(Review.objects.filter(film=film, member=None))


class PrepareArchiveTests(SyncTestCase):
    fixtures = []

    @classmethod
    def setUpTestData(cls):
        pass

    def setUp(self):
        pass

    def test_an_empty_archive_is_loaded_then_synced(self):
        out = StringIO()
        call_command("prepare_archive", stdout=out)
        self.assertIn("An empty archive: loading the fixture", out.getvalue())
        self.assertEqual(Review.objects.count(), 5)
        out = StringIO()
        call_command("prepare_archive", stdout=out)
        self.assertIn("syncing", out.getvalue())
        self.assertIn("Nothing to change", out.getvalue())

    def test_an_empty_archive_synced_keeps_its_figures_right(self):
        out = StringIO()
        call_command("sync_archive", stdout=out)
        self.assertIn("65 created", out.getvalue())
        film = Film.objects.get(slug="the-missing-picture")
        self.assertEqual((film.rating.reviews, film.rating.ratings, film.rating.total), (5, 5, 42))
        call_command("recount_ratings", "--check", stdout=StringIO())


class EditorsWorkSurvivesASyncTests(SyncTestCase):
    """Whatever way an editor changes a record built from a document, the next sync keeps it."""

    def inline_data(self, parent, prefix, row, **changes):
        """The parent's change form as the admin rendered it, with ``row``'s inline fields changed."""
        url = f"/admin/{parent._meta.app_label}/{parent._meta.model_name}/{parent.pk}/change/"
        data = form_data(self.client.get(url))
        index = next(
            i for i in range(int(data[f"{prefix}-TOTAL_FORMS"])) if data[f"{prefix}-{i}-id"] == str(row.pk)
        )
        data.update({f"{prefix}-{index}-{name}": value for name, value in changes.items()})
        return url, data

    def post_inline(self, parent, prefix, row, **changes):
        url, data = self.inline_data(parent, prefix, row, **changes)
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:2000])

    def test_a_turn_edited_in_the_interviews_inline_keeps_the_editors_words(self):
        interview = Interview.objects.get()
        turn = Turn.objects.get(position=6)
        words = turn.body + " (An editor's correction.)"
        self.post_inline(interview, "turns", turn, body=words)
        out = self.sync()
        self.assertIn("kept because edited: 1", out)
        turn.refresh_from_db()
        self.assertEqual(turn.body, words)

    def add_a_question_and_answer_above_how_so(self):
        """The interview with a question and its answer more, above "How so?" (turn 3): every turn from
        there moves two places down."""
        self.edit_document(
            INTERVIEW,
            "How so?\n",
            "Did the sculptor know your story?\n\nNot at first. He learned it as he carved.\n\nHow so?\n",
        )

    def interview_page_turns(self):
        """The bodies of the interview's turns as its public page shows them, in order."""
        interview = Interview.objects.get()
        page = self.client_class().get(interview.get_absolute_url())
        self.assertEqual(page.status_code, 200)
        bodies = [turn.body for turn in page.context["interview"].turns.all()]
        html = page.content.decode()
        first_words = [html.find(escape(body.split("\n")[0][:40])) for body in bodies]
        self.assertEqual(first_words, sorted(first_words), "the page shows the turns out of order")
        return bodies

    def test_a_correction_stays_with_its_answer_when_the_document_gains_turns_above_it(self):
        interview = Interview.objects.get()
        answer = Turn.objects.get(position=4)
        corrected = answer.body.replace("Buddha in museum", "Buddha in a museum")
        self.post_inline(interview, "turns", answer, body=corrected)
        self.add_a_question_and_answer_above_how_so()

        out = self.sync()
        self.assertIn("created: 2", out)
        self.assertIn("moved: 4", out)
        self.assertIn("turn rithy-panh-on-the-missing-picture / 6: position 4 → 6", out)
        self.assertNotIn("conflict", out)
        turns = self.interview_page_turns()
        self.assertEqual(len(turns), 8)
        self.assertEqual(turns[2:6], [
            "Did the sculptor know your story?",
            "Not at first. He learned it as he carved.",
            "How so?",
            corrected,
        ])  # fmt: skip
        self.assertEqual(Turn.objects.get(pk=answer.pk).position, 6)
        self.assertEqual(Turn.objects.get(pk=answer.pk).source_first_line, 25)
        self.assertEqual(Turn.all_objects.count(), 8)
        again = self.sync()
        self.assertIn("Synced: 1 kept because edited.", again)  # the correction, as every sync says
        self.assertNotIn("moved", again)

    def revert(self, record, version):
        """Put the record back to the version in its history, as an editor does: the form, then save."""
        meta = record._meta
        url = f"/admin/{meta.app_label}/{meta.model_name}/{record.pk}/history/{version.pk}/"
        form = self.client.get(url)
        self.assertEqual(form.status_code, 200)
        response = self.client.post(url, form_data(form))
        self.assertEqual(response.status_code, 302, response.content[:3000])

    def test_reverting_the_interview_puts_back_the_interview_alone(self):
        import reversion

        interview = Interview.objects.get()
        answer = Turn.objects.get(position=6)
        with reversion.create_revision():  # one revision for both, as a sync or an inline save makes
            reversion.add_to_revision(interview)
            reversion.add_to_revision(answer)
        corrected = answer.body + " (Corrected.)"
        self.edit_in_the_admin(answer, body=corrected)
        self.edit_in_the_admin(interview, published_in="A magazine")
        self.revert(interview, Version.objects.get_for_object(interview).order_by("pk").first())
        interview.refresh_from_db()
        self.assertNotEqual(interview.published_in, "A magazine")
        self.assertEqual(Turn.objects.get(pk=answer.pk).body, corrected)

    def test_reverting_a_turn_a_sync_moved_keeps_its_place(self):
        import reversion

        answer = Turn.objects.get(position=4)
        with reversion.create_revision():
            reversion.add_to_revision(answer)
        before = Version.objects.get_for_object(answer).get()
        self.add_a_question_and_answer_above_how_so()
        self.sync()
        answer.refresh_from_db()
        self.assertEqual(answer.position, 6)
        self.edit_in_the_admin(answer, body="Vandalised.")
        self.revert(answer, before)
        answer.refresh_from_db()
        self.assertEqual((answer.position, answer.body), (6, before.field_dict["body"]))
        self.assertEqual(len(self.interview_page_turns()), 8)

    def test_a_version_from_before_a_sync_put_back_is_an_editors_change_the_next_sync_keeps(self):
        import reversion

        film = Film.objects.get(slug="the-missing-picture")
        with reversion.create_revision():
            reversion.add_to_revision(film)
        before = Version.objects.get_for_object(film).get()
        old = film.synopsis
        self.edit_document(FILM_PAGE, "clay figures, archival footage,", "clay figures and archival footage,")
        self.sync()
        film.refresh_from_db()
        self.assertNotEqual(film.synopsis, old)
        self.revert(film, before)
        film.refresh_from_db()
        self.assertEqual(film.synopsis, old)
        out = self.sync()
        self.assertIn("kept because edited", out)
        film.refresh_from_db()
        self.assertEqual(film.synopsis, old)
        self.assertEqual(Version.objects.get_for_object(film).first().field_dict["synopsis"], old)

    def test_reverting_a_renamed_film_keeps_its_address(self):
        import reversion

        film = Film.objects.get(slug="the-missing-picture")
        with reversion.create_revision():
            reversion.add_to_revision(film)
        before = Version.objects.get_for_object(film).get()
        self.client.post(f"/admin/filmarchive/film/{film.pk}/rename/", {"slug": "missing-picture"})
        self.revert(film, before)
        film.refresh_from_db()
        self.assertEqual(film.slug, "missing-picture")
        self.assertRedirects(
            self.client_class().get("/films/the-missing-picture/"), "/films/missing-picture/", status_code=301
        )

    def test_a_turn_an_editor_added_follows_the_documents_when_they_need_its_place(self):
        interview = Interview.objects.get()
        editors = Turn.objects.create(
            interview=interview, position=7, kind="question", speaker=interview.interviewers.get(),
            body="And what came next?",
        )  # fmt: skip
        self.add_a_question_and_answer_above_how_so()
        out = self.sync()
        self.assertIn("turn rithy-panh-on-the-missing-picture / 7: position 7 → 9", out)
        self.assertNotIn("left alone", out)
        turns = self.interview_page_turns()
        self.assertEqual(len(turns), 9)
        self.assertEqual(turns[-1], "And what came next?")
        self.assertIn("Was it challenging to work in such a different medium, this ", turns[6])
        self.assertEqual(Turn.objects.get(pk=editors.pk).source, None)
        self.assertNotIn("moved", self.sync())

    def test_turns_the_document_drops_leave_the_others_in_order_and_come_back_with_it(self):
        original = (self.sources / INTERVIEW).read_text(encoding="utf-8")
        before = self.interview_page_turns()
        question, answer = Turn.objects.get(position=3), Turn.objects.get(position=4)
        self.edit_document(INTERVIEW, f"How so?\n\n{answer.body}\n\n", "")

        out = self.sync()
        self.assertIn("retired: 2", out)
        self.assertEqual(self.interview_page_turns(), before[:2] + before[4:])
        # Off the site, after the last turn, so that the document's numbering stays whole.
        self.assertEqual(list(Turn.objects.values_list("position", flat=True)), [1, 2, 3, 4])
        self.assertEqual(Turn.all_objects.get(pk=question.pk).position, 5)

        (self.sources / INTERVIEW).write_text(original, encoding="utf-8")
        out = self.sync()
        self.assertIn("restored: 2", out)
        self.assertEqual(self.interview_page_turns(), before)
        self.assertEqual(Turn.objects.get(pk=answer.pk).position, 4)
        self.assertEqual(Turn.all_objects.count(), 6)

    def test_the_documents_speaker_is_taken_back_in_one_click(self):
        turn = Turn.objects.get(position=1)
        stated = turn.speaker
        self.edit_in_the_admin(turn, speaker=Person.objects.get(slug="rithy-panh").pk)
        self.assertEqual(turn.speaker.slug, "rithy-panh")
        response = self.client.post(f"/admin/interviews/turn/{turn.pk}/take-document/", {"field": "speaker"})
        self.assertEqual(response.status_code, 302)
        turn.refresh_from_db()
        self.assertEqual(turn.speaker, stated)
        self.assertEqual(turn.edited_fields(), {})

    def test_interviewers_chosen_by_an_editor_replace_a_retired_one_too(self):
        from django.utils import timezone

        from filmarchive.models import retired_included

        interview = Interview.objects.get()
        chosen = interview.interviewers.get()
        retired = Person.objects.get(slug="ben-hynes")
        interview.interviewers.add(retired)
        Person.all_objects.filter(pk=retired.pk).update(retired_at=timezone.now(), retired_reason="gone")
        self.edit_in_the_admin(interview, interviewers=[chosen.pk])
        with retired_included():
            self.assertEqual(list(interview.interviewers.all()), [chosen])

    def test_a_credit_edited_in_the_films_inline_keeps_the_editors_value(self):
        film = Film.objects.get(slug="the-missing-picture")
        credit = film.credits.get(person__slug="randal-douc")
        self.post_inline(film, "credits", credit, credited_as="himself")
        self.sync()
        credit.refresh_from_db()
        self.assertEqual(credit.credited_as, "himself")
        self.assertEqual(credit.edited_fields(), {"credited_as": ("himself", "")})

    def test_an_inline_turn_from_a_document_keeps_its_position(self):
        interview = Interview.objects.get()
        turn = Turn.objects.get(position=6)
        page = self.client.get(f"/admin/interviews/interview/{interview.pk}/change/")
        row = next(form for form in page.context["inline_admin_formsets"][1].formset if form.instance == turn)
        self.assertTrue(row.fields["position"].disabled)
        self.post_inline(interview, "turns", turn, position="9")
        self.sync()
        self.assertEqual(Turn.all_objects.get(pk=turn.pk).position, 6)
        self.assertEqual(Turn.all_objects.filter(retired_at__isnull=False).count(), 0)
        self.assertEqual(Turn.objects.count(), 6)

    def test_an_inline_credit_from_a_document_keeps_its_person_and_role_but_one_made_here_does_not(self):
        film = Film.objects.get(slug="the-missing-picture")
        documents = film.credits.get(person__slug="randal-douc")
        made_here = film.credits.create(person=Person.objects.get(slug="pol-pot"), role="writer")
        url, data = self.inline_data(film, "credits", documents, role="narrator")
        index = next(i for i in range(20) if data[f"credits-{i}-id"] == str(made_here.pk))
        data[f"credits-{index}-role"] = "producer"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.sync()
        documents.refresh_from_db()
        made_here.refresh_from_db()
        self.assertEqual((documents.role, documents.retired_at), ("cast", None))
        self.assertEqual(made_here.role, "producer")

    def test_deleting_a_review_from_a_document_retires_it_and_the_sync_keeps_it_so(self):
        review = Review.objects.get(author__slug="mike-dangelo")
        url = f"/admin/reviews/review/{review.pk}/delete/"
        page = self.client.get(url)
        self.assertContains(page, "is built from a document, which still states it")
        self.assertNotContains(page, "All of the following related items will be deleted")
        response = self.client.post(url, {"post": "yes"})
        self.assertRedirects(response, f"/admin/reviews/review/{review.pk}/change/")
        review = Review.all_objects.get(pk=review.pk)
        self.assertEqual(review.retired_reason, "deleted by an editor")
        self.assertEqual(self.client_class().get(review.get_absolute_url()).status_code, 404)
        self.assertEqual(Film.objects.get(slug="the-missing-picture").rating.reviews, 4)

        out = self.sync("--dry-run")
        self.assertIn("kept because edited: 1", out)
        self.assertIn("review the-missing-picture / mike-dangelo / Letterboxd: on the site", out)
        self.edit_document(FILM_PAGE, MIKE, "A valuable companion piece.")
        self.sync()
        self.assertEqual(Review.all_objects.filter(author__slug="mike-dangelo").count(), 1)
        self.assertEqual(Review.all_objects.get(pk=review.pk).retired_reason, "deleted by an editor")

        # Put back by an editor, it is in step with its document again.
        change_page = self.client.get(f"/admin/reviews/review/{review.pk}/change/")
        self.assertContains(change_page, "deleted by an editor")
        self.client.post(f"/admin/reviews/review/{review.pk}/restore/")
        self.sync()
        review = Review.objects.get(pk=review.pk)
        self.assertIsNotNone(review.source)
        self.assertTrue(review.body.endswith("companion piece."))

    def test_a_turn_deleted_in_the_interviews_inline_stays_off_the_site(self):
        interview = Interview.objects.get()
        turn = Turn.objects.get(position=6)
        self.post_inline(interview, "turns", turn, DELETE="on")
        self.assertEqual(Turn.all_objects.get(pk=turn.pk).retired_reason, "deleted by an editor")
        page = self.client.get(f"/admin/interviews/interview/{interview.pk}/change/")
        self.assertNotContains(page, turn.body)
        self.sync()
        self.assertEqual(Turn.objects.count(), 5)
        self.assertEqual(Turn.all_objects.count(), 6)

    def test_a_deleted_interview_takes_its_turns_off_the_site_and_brings_them_back(self):
        interview = Interview.objects.get()
        self.post_inline(interview, "turns", Turn.objects.get(position=6), DELETE="on")  # on its own
        self.client.post(f"/admin/interviews/interview/{interview.pk}/delete/", {"post": "yes"})
        self.assertFalse(Turn.objects.exists())
        search = self.client_class().get("/search/", {"q": "karaoke", "in": "interviews"})
        self.assertNotContains(search, interview.get_absolute_url())
        self.assertNotContains(self.client_class().get("/people/rithy-panh/"), interview.get_absolute_url())
        self.assertNotIn("created", self.sync())
        self.assertFalse(Turn.objects.exists())

        self.client.post(f"/admin/interviews/interview/{interview.pk}/restore/")
        self.assertEqual(Turn.objects.count(), 5)  # not the one deleted before
        search = self.client_class().get("/search/", {"q": "karaoke", "in": "interviews"})
        self.assertContains(search, f"{interview.get_absolute_url()}#turn-2")
        self.assertNotIn("restored", self.sync())
        self.assertEqual(Turn.objects.count(), 5)

    def test_a_deleted_film_is_linked_from_no_text_until_it_is_put_back(self):
        film = Film.objects.get(slug="the-act-of-killing")
        pages = [
            "/films/the-missing-picture/",
            "/sources/film-the-missing-picture/",
            "/people/joshua-oppenheimer/",
        ]
        for page in pages:
            self.assertContains(self.client_class().get(page), film.get_absolute_url())
        self.client.post(f"/admin/filmarchive/film/{film.pk}/delete/", {"post": "yes"})
        self.assertEqual(self.client_class().get(film.get_absolute_url()).status_code, 404)
        for page in pages:
            with self.subTest(page=page):
                self.assertNotContains(self.client_class().get(page), film.get_absolute_url())
        self.client.post(f"/admin/filmarchive/film/{film.pk}/restore/")
        for page in pages:
            self.assertContains(self.client_class().get(page), film.get_absolute_url())

    def test_bulk_deleting_retires_what_documents_state_and_deletes_what_editors_made(self):
        film = Film.objects.get(slug="the-missing-picture")
        review = Review.objects.get(author__slug="dragonknight")
        made_here = Review.objects.create(film=film, author=Person.objects.get(slug="pol-pot"), body="Mine.")
        response = self.client.post(
            "/admin/reviews/review/",
            {"action": "delete_selected", "_selected_action": [review.pk, made_here.pk], "post": "yes"},
            follow=True,
        )
        self.assertContains(response, "1 of the 2 selected, built from a document")
        self.assertContains(response, "retired rather than deleted")
        self.assertNotContains(response, "Successfully deleted")
        self.assertFalse(Review.all_objects.filter(pk=made_here.pk).exists())
        self.assertEqual(Review.all_objects.get(pk=review.pk).retired_reason, "deleted by an editor")
        self.sync()
        self.assertFalse(Review.objects.filter(author__slug="dragonknight").exists())
        self.assertEqual(Review.all_objects.filter(author__slug="dragonknight").count(), 1)

    def test_a_mention_the_build_found_and_an_editor_deleted_stays_deleted(self):
        review = Review.objects.get(author__slug="mike-dangelo")
        mention = Mention.objects.get(text="S21", from_document=True)
        link = f'<a href="{mention.film.get_absolute_url()}">S21</a>'
        visitor = self.client_class()
        self.assertContains(visitor.get(review.get_absolute_url()), link, html=True)
        confirmation = self.client.get(f"/admin/filmarchive/mention/{mention.pk}/delete/")
        self.assertContains(confirmation, "kept under Dismissed mentions, and no sync makes it again")
        response = self.client.post(f"/admin/filmarchive/mention/{mention.pk}/delete/", {"post": "yes"})
        self.assertRedirects(response, "/admin/filmarchive/mention/")
        self.assertNotContains(visitor.get(review.get_absolute_url()), link, html=True)

        out = self.sync()
        self.assertFalse(Mention.objects.filter(text="S21").exists(), out)
        self.assertNotContains(visitor.get(review.get_absolute_url()), link, html=True)
        dismissals = self.client.get("/admin/filmarchive/dismissedmention/")
        self.assertContains(dismissals, "S21")
        self.assertEqual(DismissedMention.objects.get().dismissed_by, self.editor)

        # Its dismissal deleted, the next sync finds it again.
        dismissal = DismissedMention.objects.get()
        self.client.post(f"/admin/filmarchive/dismissedmention/{dismissal.pk}/delete/", {"post": "yes"})
        self.sync()
        self.assertTrue(Mention.objects.filter(text="S21", from_document=True).exists())
        self.assertContains(visitor.get(review.get_absolute_url()), link, html=True)

    def add_a_review_above_mike_dangelos(self):
        """The document with one more review above Mike D'Angelo's: every line below moves down."""
        self.edit_document(
            FILM_PAGE,
            "  • ★★★★ review by Mike D'Angelo",
            "  • ★★★ review by Ada Lark on Letterboxd\n\n    Clay, and what it keeps.\n\n"
            "  • ★★★★ review by Mike D'Angelo",
        )

    def test_a_dismissed_mention_stays_dismissed_when_the_documents_lines_move(self):
        mention = Mention.objects.get(text="S21", from_document=True)
        self.client.post(f"/admin/filmarchive/mention/{mention.pk}/delete/", {"post": "yes"})
        self.add_a_review_above_mike_dangelos()

        out = self.sync()
        self.assertIn("review the-missing-picture / ada-lark", out)
        self.assertFalse(Mention.objects.filter(text="S21").exists(), out)
        review = Review.objects.get(author__slug="mike-dangelo")
        self.assertNotIn("S21</a>", self.client_class().get(review.get_absolute_url()).content.decode())
        # The dismissal follows its line, and a second sync has nothing to do.
        dismissal = DismissedMention.objects.get()
        lines = SourceDocument.objects.get(filename=FILM_PAGE).lines
        self.assertIn("A valuable companion piece to S21.", lines[dismissal.line - 1])
        self.assertEqual(dismissal.line, mention.line + 4)
        self.assertIn("Nothing to change", self.sync())

    def test_a_dismissed_mention_on_a_line_whose_words_change_is_found_again(self):
        mention = Mention.objects.get(text="S21", from_document=True)
        self.client.post(f"/admin/filmarchive/mention/{mention.pk}/delete/", {"post": "yes"})
        self.edit_document(FILM_PAGE, MIKE, "A valuable companion piece to S21, seen again.")
        self.sync()
        self.assertTrue(Mention.objects.filter(text="S21", line=mention.line, from_document=True).exists())

    def test_bulk_deleting_mentions_dismisses_those_the_build_found_only(self):
        found = Mention.objects.get(text="S21")
        added = Mention.objects.create(
            source=found.source, line=found.line, text="companion piece", film=found.film
        )
        response = self.client.post(
            "/admin/filmarchive/mention/",
            {"action": "delete_selected", "_selected_action": [found.pk, added.pk], "post": "yes"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Mention.objects.filter(pk__in=[found.pk, added.pk]).exists())
        self.assertEqual(list(DismissedMention.objects.values_list("text", flat=True)), ["S21"])
        self.sync()
        self.assertFalse(Mention.objects.filter(text__in=["S21", "companion piece"]).exists())

    def test_a_dismissed_mention_added_again_by_an_editor_is_no_longer_dismissed(self):
        found = Mention.objects.get(text="S21")
        DismissedMention.dismiss([found], self.editor)
        data = {"source": found.source_id, "line": found.line, "text": "S21", "film": found.film_id}
        response = self.client.post("/admin/filmarchive/mention/add/", data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.assertFalse(DismissedMention.objects.exists())
        self.sync()
        self.assertEqual(Mention.objects.filter(text="S21").count(), 1)

    def rename_document(self, old, new):
        (self.sources / old).rename(self.sources / new)
        catalogue = self.sources / "catalogue.toml"
        catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    def test_a_renamed_document_keeps_its_record_and_what_editors_did_on_it(self):
        found = Mention.objects.get(text="S21", from_document=True)
        added = Mention.objects.create(
            source=found.source, line=found.line, text="companion piece", film=found.film
        )
        DismissedMention.dismiss([found], self.editor)
        document = SourceDocument.objects.get(filename=FILM_PAGE)
        self.rename_document(FILM_PAGE, "film-the-missing-picture-2013.txt")

        out = self.sync()
        self.assertIn("source document film-the-missing-picture: slug 'film-the-missing-picture' → ", out)
        self.assertIn("Synced: 1 renamed, 1 updated.", out)
        document.refresh_from_db()
        self.assertEqual(
            (document.slug, document.filename, document.retired_at),
            ("film-the-missing-picture-2013", "film-the-missing-picture-2013.txt", None),
        )
        self.assertEqual(SourceDocument.all_objects.count(), 2)
        self.assertFalse(Mention.objects.filter(text="S21").exists())
        self.assertEqual(DismissedMention.objects.get().source, document)
        self.assertEqual(Mention.objects.get(pk=added.pk).source, document)
        review = Review.objects.get(author__slug="mike-dangelo")
        self.assertEqual(review.source, document)
        visitor = self.client_class()
        self.assertNotIn("S21</a>", visitor.get(review.get_absolute_url()).content.decode())
        for old, new in [
            ("/sources/film-the-missing-picture/", "/sources/film-the-missing-picture-2013/"),
            ("/sources/film-the-missing-picture/text", "/sources/film-the-missing-picture-2013/text"),
        ]:
            self.assertRedirects(visitor.get(old), new, status_code=301, fetch_redirect_response=False)
        self.assertIn(
            "synced from film-the-missing-picture-2013.txt",
            Version.objects.get_for_object(document).first().revision.comment,
        )
        self.assertIn("Nothing to change", self.sync())

    def test_a_renamed_interview_keeps_its_address(self):
        interview = Interview.objects.get()
        self.rename_document(INTERVIEW, "interview-rithy-panh-2014.txt")
        self.sync()
        interview.refresh_from_db()
        self.assertIsNone(interview.retired_at)
        self.assertEqual(interview.source.slug, "interview-rithy-panh-2014")
        self.assertEqual(Interview.all_objects.count(), 1)

    def test_a_renamed_document_whose_text_changed_says_what_editors_did_stays_behind(self):
        found = Mention.objects.get(text="S21", from_document=True)
        Mention.objects.create(source=found.source, line=found.line, text="companion piece", film=found.film)
        DismissedMention.dismiss([found], self.editor)
        self.edit_document(FILM_PAGE, "Don't miss it.", "Do not miss it.")
        self.rename_document(FILM_PAGE, "film-the-missing-picture-2013.txt")
        out = self.sync("--dry-run")
        self.assertIn(
            "film-the-missing-picture.txt (003ce6abf412):\n"
            "  note: its 1 mention editors dismissed and 1 mention editors added stay with it, retired;",
            out,
        )

    def test_an_edit_saved_between_the_plan_and_its_applying_is_kept(self):
        from filmarchive.archive import build_all

        self.edit_document(FILM_PAGE, MIKE, "A valuable companion to S21.")
        built = build_all(self.sources)
        the_plan = sync.plan(built.records, scope={document.slug for document in built.documents})
        self.assertEqual(the_plan.count(sync.CONFLICT), 0)
        review = Review.objects.get(author__slug="mike-dangelo")
        editors = review.body.replace("superimposition", "superimpositions")
        self.edit_in_the_admin(review, body=editors)
        sync.apply(the_plan)
        review.refresh_from_db()
        self.assertEqual(review.body, editors)
        self.assertEqual(the_plan.count(sync.CONFLICT), 1)
        self.assertIn("A valuable companion to S21.", review.edited_fields()["body"][1])
        self.assertIn("kept because edited: 1", self.sync("--dry-run"))
