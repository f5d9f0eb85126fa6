"""Documents the build cannot read: each problem named by file and line, all of them in one run, and the
fixture left byte for byte as it was.

Each test starts from the test archive (``documents/archive/``), already built into a fixture, adds
documents from ``documents/errors/`` as a person adding a page would, and builds again.
"""

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import SimpleTestCase

from tests.filmarchive.ingest import ARCHIVE, ERRORS


class BuildErrorTests(SimpleTestCase):
    def setUp(self):
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)
        self.sources = self.tmp / "sources"
        shutil.copytree(ARCHIVE, self.sources)
        self.output = self.tmp / "archive.json"
        self.build()
        self.built = self.output.read_bytes()

    def build(self):
        out = StringIO()
        call_command("build_fixtures", sources=self.sources, output=self.output, stdout=out, stderr=out)
        return out.getvalue()

    def add(self, *names):
        for name in names:
            shutil.copy(ERRORS / name, self.sources / name)

    def refused(self):
        """The build's message; the fixture must be exactly as the last good build left it."""
        with self.assertRaises(CommandError) as caught:
            self.build()
        self.assertEqual(self.output.read_bytes(), self.built, "a failed build changed the fixture")
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["archive.json", "sources"])
        return str(caught.exception)

    def problem_lines(self, message):
        """Each problem as 'file:line: message', the folder taken off the file."""
        return [line.removeprefix(f"{self.sources}/") for line in message.splitlines()[1:]]

    def test_a_page_that_ends_inside_a_review(self):
        self.add("film-cut-short.txt")
        self.assertEqual(
            self.problem_lines(self.refused()),
            [
                "film-cut-short.txt:13: the page ends inside the review by Notes on Film (from line 11) "
                "without "
                "the closing '• See all reviews' this site prints: the capture looks cut short; add the rest "
                "of the review and the closing '• See all reviews' line"
            ],
        )

    def test_a_date_that_is_no_day_of_the_calendar(self):
        self.add("film-impossible-date.txt")
        self.assertEqual(
            self.problem_lines(self.refused()),
            [
                "film-impossible-date.txt:9: '31 February 2019' is not a day of the calendar; write a date "
                "such "
                "as '14 Feb 2020'"
            ],
        )

    def test_a_name_that_would_take_another_persons_address_is_reported_in_the_new_document(self):
        # The new page sorts before film-parasite.txt, but it is the one that brings the conflict.
        self.add("film-another-spelling.txt")
        self.assertEqual(
            self.problem_lines(self.refused()),
            [
                "film-another-spelling.txt:5: 'Mike DAngelo' and 'Mike D’Angelo' "
                f"({self.sources}/film-parasite.txt:38)"
                " would share the address /people/mike-dangelo/; if they are one person, write the name the "
                "same way or make one an alias of the other in catalogue.toml"
            ],
        )

    def test_a_second_copy_of_a_review_is_reported_in_the_new_page(self):
        self.add("film-parasite-again.txt")
        self.assertEqual(
            self.problem_lines(self.refused()),
            [
                "film-parasite-again.txt:5: a second review by Notes on Film on Letterboxd of Parasite (the "
                "other "
                f"is at {self.sources}/film-parasite.txt:22); keep one of them, or name the site each was "
                "first "
                "published on"
            ],
        )

    def test_a_title_two_films_share_without_a_year_names_both(self):
        self.add("interview-which-fargo.txt")
        self.assertEqual(
            self.problem_lines(self.refused()),
            [
                f"interview-which-fargo.txt:3: 'Fargo' could be either of 2 films: Fargo (1952) "
                f"({self.sources}/film-fargo-1952.txt:1) or Fargo (1996) "
                f"({self.sources}/film-fargo-1996.txt:1); "
                "write its year after the title, e.g. 'Fargo (1996)', so the archive can tell which"
            ],
        )

    def test_a_new_page_that_makes_an_older_reference_ambiguous_is_the_one_reported(self):
        (self.sources / "film-fargo-1952.txt").unlink()
        self.add("interview-which-fargo.txt")
        self.build()  # one film called Fargo: the interview names it unambiguously
        self.built = self.output.read_bytes()
        shutil.copy(ARCHIVE / "film-fargo-1952.txt", self.sources)
        self.assertEqual(
            self.problem_lines(self.refused()),
            [
                "film-fargo-1952.txt:1: this page makes 'Fargo' at "
                f"{self.sources}/interview-which-fargo.txt:3 "
                "ambiguous: it could be either of 2 films, Fargo (1952) "
                f"({self.sources}/film-fargo-1952.txt:1) "
                f"or Fargo (1996) ({self.sources}/film-fargo-1996.txt:1); there, write its year after the "
                "title, "
                "e.g. 'Fargo (1996)', so the archive can tell which"
            ],
        )

    def test_questions_labelled_q_with_nobody_named_to_ask_them(self):
        self.add("interview-nobody-asks.txt")
        self.assertEqual(
            self.problem_lines(self.refused()),
            [
                "interview-nobody-asks.txt:3: questions are labelled 'Q:' but the article does not say who "
                "asks: "
                "add the byline as the magazine prints it ('Interview by NAME'), or label the questions with "
                "the interviewer's name"
            ],
        )

    def test_a_surname_two_speakers_share(self):
        self.add("interview-two-coens.txt")
        self.assertEqual(
            self.problem_lines(self.refused()),
            [
                "interview-two-coens.txt:9: the label 'Coen:' could be Joel Coen or Ethan Coen; write the "
                "full "
                "name in this label"
            ],
        )

    def test_a_document_of_unknown_shape_is_never_guessed(self):
        self.add("notes.txt")
        self.assertEqual(
            self.problem_lines(self.refused()),
            [
                "notes.txt:1: a document of unknown shape: it reads as none of film page with reviews "
                "(film-…), "
                "interview article (interview-…); name the file film-….txt or interview-….txt to say which "
                "it "
                "is, if it is one of them"
            ],
        )

    def test_every_problem_of_every_document_in_one_run(self):
        self.add("film-cut-short.txt", "film-impossible-date.txt", "interview-nobody-asks.txt", "notes.txt")
        message = self.refused()
        self.assertTrue(
            message.startswith(f"4 problems in the documents; {self.output} was left as it was:\n")
        )
        self.assertEqual(
            [line.split(": ")[0] for line in self.problem_lines(message)],
            [
                "film-cut-short.txt:13",
                "film-impossible-date.txt:9",
                "interview-nobody-asks.txt:3",
                "notes.txt:1",
            ],
        )

    def test_catalogue_problems_carry_their_line(self):
        catalogue = self.sources / "catalogue.toml"
        text = catalogue.read_text(encoding="utf-8")
        lines = text.count("\n")
        catalogue.write_text(
            text
            + '\n[[people]]\nname = "Agnès Varda"\n'
            + '\n[[people]]\nname = "Joel Coen"\naliases = ["Coen"]\n'
            + '\n[[people]]\nname = "Ethan Coen"\naliases = ["Coen"]\n'
            + '\n[[films]]\ntitle = "S21"\nruntime = 94\n',
            encoding="utf-8",
        )
        self.assertEqual(
            self.problem_lines(self.refused()),
            [
                f"catalogue.toml:{lines + 2}: no document mentions 'Agnès Varda': nothing to build it from; "
                "remove "
                "the entry, or check its spelling against the documents",
                f"catalogue.toml:{lines + 9}: the alias 'Coen' already names 'Joel Coen'; an alias names one "
                "person only: remove it from one of them",
                f"catalogue.toml:{lines + 15}: [[films]] number 3 has unknown key(s) runtime; the keys are "
                "aliases, "
                "needs_quotes, title, year",
            ],
        )

    def test_words_longer_than_the_archive_keeps_are_reported_at_their_line(self):
        # PostgreSQL refused such a row in the middle of a load or a sync, with a traceback; SQLite kept
        # a title no form could save again.
        title = "The " + "Very " * 60 + "Long Film"
        (self.sources / "film-long.txt").write_text(
            f"{title}\n\nDirected by Jane Doe\n\n"
            f"• ★★★★ review by Jane {'Q' * 200} on Letterboxd\n\nGood.\n\n"
            f"• ★★★ review by Bob Jones on {'Site ' * 45}Review\n\nOkay.\n\n"
            "• ★★ review by Ann Lee on Letterboxd\n\nFine.\n",
            encoding="utf-8",
        )
        self.assertEqual(
            self.problem_lines(self.refused()),
            [
                "film-long.txt:1: the film's title is 313 characters long, more than the 300 the archive "
                "keeps ('The Very Very Very Very Very Very Very V'…); shorten it",
                f"film-long.txt:5: the person's name is 205 characters long, more than the 200 the archive "
                f"keeps ('Jane {'Q' * 35}'…); shorten it",
                "film-long.txt:9: the review's site or publication is 231 characters long, more than the 200 "
                "the archive keeps ('Site Site Site Site Site Site Site Site '…); shorten it",
            ],
        )
