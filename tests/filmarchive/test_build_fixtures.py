"""``build_fixtures``: deterministic output, ``--check``, and bad documents that leave nothing behind."""

import json
import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase

from filmarchive.ingest.records import MAX_LENGTHS
from filmarchive.ingest.serialise import MODELS

SOURCES = settings.ARCHIVE_SOURCES_DIR
FILM_PAGE = "film-the-missing-picture.txt"
INTERVIEW = "interview-rithy-panh-the-missing-picture.txt"


class SourcesCopyMixin:
    """Each test works on its own copy of fixtures/sources/ and its own output file."""

    def setUp(self):
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)
        self.sources = self.tmp / "sources"
        shutil.copytree(SOURCES, self.sources)
        self.output = self.tmp / "out" / "archive.json"

    def build(self, *args):
        out = StringIO()
        call_command(
            "build_fixtures",
            *args,
            sources=self.sources,
            output=self.output,
            stdout=out,
            stderr=out,
        )
        return out.getvalue()


class BuildTests(SourcesCopyMixin, SimpleTestCase):
    def test_committed_fixture_is_up_to_date(self):
        out = StringIO()
        call_command("build_fixtures", "--check", stdout=out)
        self.assertIn("is up to date", out.getvalue())

    def test_output_is_byte_identical_on_every_run(self):
        self.build()
        first = self.output.read_bytes()
        self.build()
        self.assertEqual(self.output.read_bytes(), first)
        self.assertEqual(first, settings.ARCHIVE_FIXTURE.read_bytes())

    def test_no_numeric_primary_keys(self):
        self.build()
        objects = json.loads(self.output.read_text(encoding="utf-8"))
        self.assertTrue(objects)
        self.assertFalse([o for o in objects if "pk" in o], "fixture objects carry primary keys")

    def test_check_fails_and_shows_the_difference_when_a_document_is_edited(self):
        self.build()
        self.build("--check")  # up to date
        document = self.sources / FILM_PAGE
        document.write_text(
            document.read_text(encoding="utf-8").replace("Starring Randal Douc", "Starring Someone Else"),
            encoding="utf-8",
        )
        before = self.output.read_bytes()
        with self.assertRaisesMessage(CommandError, "is out of date") as caught:
            self.build("--check")
        self.assertIn("Someone Else", str(caught.exception))
        self.assertEqual(self.output.read_bytes(), before, "--check must not write")

    def test_check_fails_when_the_fixture_is_missing(self):
        with self.assertRaisesMessage(CommandError, "is out of date"):
            self.build("--check")


class BadDocumentTests(SourcesCopyMixin, SimpleTestCase):
    """Each bad document stops the build with the file and line, and writes nothing."""

    def assertRefused(self, name, content: bytes, where, words):
        self.output.parent.mkdir(parents=True)
        self.output.write_text("previous fixture\n", encoding="utf-8")
        (self.sources / name).write_bytes(content)
        with self.assertRaises(CommandError) as caught:
            self.build()
        message = str(caught.exception)
        self.assertIn(f"{name}:{where}: " if where else f"{name}: ", message)
        self.assertIn(words, message)
        self.assertEqual(self.output.read_text(encoding="utf-8"), "previous fixture\n")
        self.assertEqual(sorted(p.name for p in self.output.parent.iterdir()), ["archive.json"])

    def test_empty_file(self):
        self.assertRefused("film-empty.txt", b"", 1, "the file is empty")

    def test_blank_file(self):
        self.assertRefused("interview-blank.txt", b"\n   \n", 1, "the file is empty")

    def test_not_utf8(self):
        self.assertRefused(
            "film-latin1.txt", "Le Mépris\n\nDirected by A\n".encode("latin-1"), 1, "not UTF-8"
        )

    def test_not_utf8_further_down(self):
        self.assertRefused("film-latin1.txt", b"Title\n\nDirected by A\n\n\xe9t\xe9\n", 5, "not UTF-8")

    def test_stars_that_are_not_stars(self):
        text = (SOURCES / FILM_PAGE).read_text(encoding="utf-8")
        self.assertRefused(
            FILM_PAGE,
            text.replace("★★★★½ review by Melissa", "4.5/5 review by Melissa").encode(),
            40,
            "'4.5/5' is not written in stars",
        )

    def test_a_review_date_written_in_numbers_only(self):
        lines = (SOURCES / FILM_PAGE).read_text(encoding="utf-8").splitlines(keepends=True)
        lines.insert(16, "    14/02/2020\n")  # directly under the first review's header
        self.assertRefused(
            FILM_PAGE,
            "".join(lines).encode(),
            17,
            "'14/02/2020' is not a date this reader understands; write it as '14 Feb 2020' or '2020-02-14'",
        )

    def test_film_page_with_no_title(self):
        text = (SOURCES / FILM_PAGE).read_text(encoding="utf-8").removeprefix("The Missing Picture\n\n")
        self.assertRefused(FILM_PAGE, text.encode(), 1, "no title")

    def test_interview_with_no_speaker_labels(self):
        text = (SOURCES / INTERVIEW).read_text(encoding="utf-8")
        text = text.replace("Sheerly Avni: ", "").replace("Rithy Panh: ", "")
        self.assertRefused(INTERVIEW, text.encode(), 1, "no paragraph opens with a speaker label")

    def test_document_of_unknown_shape(self):
        self.assertRefused("notes.txt", b"Some notes.\n\nNothing more.\n", 1, "unknown shape")

    def test_no_documents(self):
        for path in self.sources.glob("*.txt"):
            path.unlink()
        (self.sources / "catalogue.toml").unlink()
        with self.assertRaisesMessage(CommandError, "no documents"):
            self.build()
        self.assertFalse(self.output.exists())


class BadCatalogueTests(SourcesCopyMixin, SimpleTestCase):
    def assertRefused(self, extra_toml, words):
        catalogue = self.sources / "catalogue.toml"
        catalogue.write_text(catalogue.read_text(encoding="utf-8") + extra_toml, encoding="utf-8")
        with self.assertRaises(CommandError) as caught:
            self.build()
        self.assertIn("catalogue.toml", str(caught.exception))
        self.assertIn(words, str(caught.exception))
        self.assertFalse(self.output.exists())

    def test_a_name_no_document_mentions(self):
        self.assertRefused('\n[[people]]\nname = "Agnès Varda"\n', "no document mentions 'Agnès Varda'")

    def test_a_credit_without_evidence(self):
        self.assertRefused(
            '\n[[credits]]\nfilm = "S21"\nperson = "Rithy Panh"\nrole = "director"\n'
            'evidence = "S21, directed by Rithy Panh"\n',
            "no document contains its evidence",
        )

    def test_an_unknown_role(self):
        self.assertRefused(
            '\n[[credits]]\nfilm = "S21"\nperson = "Rithy Panh"\nrole = "auteur"\nevidence = "S21"\n',
            "'auteur' is not a role",
        )

    def test_an_unknown_key(self):
        self.assertRefused('\n[[films]]\ntitle = "S21"\nruntime = 94\n', "unknown key(s) runtime")

    def test_not_toml(self):
        self.assertRefused("\n[[films]\n", "not a readable TOML file")


class UnreadDocumentTests(SourcesCopyMixin, SimpleTestCase):
    """A document that is there but cannot be read is reported alone: the catalogue is not checked
    against the documents that could be read as if they were all there is."""

    def setUp(self):
        super().setUp()
        self.output.parent.mkdir(parents=True)
        self.output.write_text("previous fixture\n", encoding="utf-8")

    def refused(self):
        """The message's heading and its problems, the folder taken off each; nothing may be written."""
        with self.assertRaises(CommandError) as caught:
            self.build()
        self.assertEqual(self.output.read_text(encoding="utf-8"), "previous fixture\n")
        self.assertEqual(sorted(p.name for p in self.output.parent.iterdir()), ["archive.json"])
        heading, *problems = str(caught.exception).splitlines()
        return heading, [problem.removeprefix(f"{self.sources}/") for problem in problems]

    def write(self, name, text, encoding="utf-8"):
        (self.sources / name).write_bytes(text.encode(encoding, "replace"))

    def test_a_film_page_saved_in_another_encoding(self):
        self.write(FILM_PAGE, (SOURCES / FILM_PAGE).read_text(encoding="utf-8"), "windows-1252")
        self.assertEqual(
            self.refused(),
            (
                f"1 problem in the documents; {self.output} was left as it was:",
                [f"{FILM_PAGE}:16: not UTF-8 text (byte 0x95 at offset 252); save the file as UTF-8"],
            ),
        )

    def test_a_film_page_cut_short(self):
        lines = (SOURCES / FILM_PAGE).read_text(encoding="utf-8").splitlines(keepends=True)
        self.write(FILM_PAGE, "".join(lines[:31]))
        self.assertEqual(
            self.refused(),
            (
                f"1 problem in the documents; {self.output} was left as it was:",
                [
                    f"{FILM_PAGE}:30: the page ends inside the review by Adam Cook (from line 28) without "
                    "the closing '• See all reviews' this site prints: the capture looks cut short; add the "
                    "rest of the review and the closing '• See all reviews' line"
                ],
            ),
        )

    def test_an_interview_that_cannot_be_parsed(self):
        # Catalogued, and named by nothing but the interview.
        catalogue = self.sources / "catalogue.toml"
        self.write(
            "catalogue.toml", catalogue.read_text(encoding="utf-8") + '\n[[people]]\nname = "Sheerly Avni"\n'
        )
        text = (SOURCES / INTERVIEW).read_text(encoding="utf-8")
        self.write(INTERVIEW, text.replace("Sheerly Avni: ", "").replace("Rithy Panh: ", ""))
        heading, problems = self.refused()
        self.assertEqual(heading, f"1 problem in the documents; {self.output} was left as it was:")
        self.assertEqual([problem.split(": ")[0] for problem in problems], [f"{INTERVIEW}:1"])

    def test_skipping_broken_documents_builds_the_others_and_names_only_the_broken_ones_problem(self):
        self.write(FILM_PAGE, (SOURCES / FILM_PAGE).read_text(encoding="utf-8"), "windows-1252")
        out = self.build("--skip-broken")
        self.assertEqual(
            [line.replace(f"{self.sources}/", "") for line in out.splitlines() if line.startswith("  ")],
            [f"  {FILM_PAGE}:16: not UTF-8 text (byte 0x95 at offset 252); save the file as UTF-8"],
        )
        built = json.loads(self.output.read_text(encoding="utf-8"))
        documents = [o["fields"]["filename"] for o in built if o["model"] == "filmarchive.sourcedocument"]
        self.assertEqual(documents, [INTERVIEW])

    def test_the_catalogues_own_problems_are_still_reported(self):
        self.write(FILM_PAGE, (SOURCES / FILM_PAGE).read_text(encoding="utf-8"), "windows-1252")
        catalogue = self.sources / "catalogue.toml"
        text = catalogue.read_text(encoding="utf-8")
        self.write(
            "catalogue.toml",
            text + '\n[documents."film-gone.txt"]\norigin = "A capture"\n'
            '\n[[credits]]\nfilm = "S21"\nperson = "Rithy Panh"\nrole = "auteur"\nevidence = "S21"\n',
        )
        lines = len(text.splitlines())
        self.assertEqual(
            self.refused(),
            (
                f"3 problems in the documents; {self.output} was left as it was:",
                [
                    f"catalogue.toml:{lines + 2}: [documents.'film-gone.txt']: there is no such document; "
                    "remove the entry or add the file",
                    f"catalogue.toml:{lines + 5}: the credit of Rithy Panh as auteur of S21: 'auteur' is not "
                    "a role (cast, cinematographer, composer, director, editor, narrator, producer, writer)",
                    f"{FILM_PAGE}:16: not UTF-8 text (byte 0x95 at offset 252); save the file as UTF-8",
                ],
            ),
        )


class MaxLengthsTests(SimpleTestCase):
    # Columns with a length that no document fills (editors' fields, choices, the checksum).
    NOT_FROM_DOCUMENTS = {
        *("retired_reason", "status", "kind", "role", "checksum", "image"),
        *("countries", "languages", "poster", "poster_alt", "poster_caption"),
    }

    def test_the_build_holds_each_record_to_the_length_of_its_models_column(self):
        renamed = {("reviews.review", "published_in"): "first_published_in"}
        for record, fields in MAX_LENGTHS.items():
            label = MODELS[record][0]
            model = apps.get_model(label)
            for name, most in fields.items():
                column = model._meta.get_field(renamed.get((label, name), name))
                self.assertEqual(most, column.max_length, f"{label}.{column.name}")
            limited = {
                field.name for field in model._meta.concrete_fields if getattr(field, "max_length", None)
            }
            stated = {renamed.get((label, name), name) for name in fields}
            self.assertLessEqual(limited - stated, self.NOT_FROM_DOCUMENTS, label)
