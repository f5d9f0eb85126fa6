"""The film page parser, on the archive's own document and on pages made up for the purpose."""

import datetime
from pathlib import Path
from unittest import TestCase

from filmarchive.ingest import IngestError
from filmarchive.ingest.shapes.film_page import parse_film_page

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"


def page(*blocks):
    return "\n\n".join(blocks) + "\n"


class TheMissingPicturePageTests(TestCase):
    @classmethod
    def setUpClass(cls):
        text = (SOURCES / "film-the-missing-picture.txt").read_text(encoding="utf-8")
        cls.page = parse_film_page(text, "film-the-missing-picture.txt")

    def test_film(self):
        self.assertEqual(self.page.title, "The Missing Picture")
        self.assertEqual([c.name for c in self.page.directors], ["Rithy Panh"])
        self.assertEqual([c.name for c in self.page.cast], ["Randal Douc"])
        self.assertEqual(len(self.page.synopsis), 1)
        self.assertEqual(
            self.page.synopsis[0].text,
            "Rithy Panh uses clay figures, archival footage, and his narration to recreate the "
            "atrocities Cambodia's Khmer Rouge committed between 1975 and 1979.",
        )

    def test_reviews_author_rating_and_paragraphs(self):
        got = [(r.author, r.rating, r.published_in, len(r.paragraphs)) for r in self.page.reviews]
        self.assertEqual(
            got,
            [
                ("Dragonknight", 8, "Letterboxd", 5),
                ("Adam Cook", 8, "Letterboxd", 5),
                ("Melissa Tamminga", 9, "Letterboxd", 7),
                ("Alex Engquist", 9, "Letterboxd", 5),
                ("Mike D'Angelo", 8, "Letterboxd", 1),
            ],
        )

    def test_paragraphs_are_verbatim(self):
        first = self.page.reviews[0]
        self.assertEqual(first.paragraphs[0].text, "”There is no truth, there is only cinema.”")
        self.assertTrue(
            first.paragraphs[-1].text.endswith("one of the best films of the year. Don't miss it.")
        )
        # The source's misspelling stays.
        self.assertIn("clay diaromas", self.page.reviews[3].paragraphs[2].text)
        self.assertTrue(self.page.reviews[4].paragraphs[0].text.startswith("Exactly the sort of grim memoir"))
        self.assertTrue(
            self.page.reviews[4].paragraphs[0].text.endswith("A valuable companion piece to S21.")
        )

    def test_line_ranges(self):
        self.assertEqual(self.page.title_line, 1)
        self.assertEqual(self.page.directors[0].line, 3)
        mike = self.page.reviews[4]
        self.assertEqual((mike.first_line, mike.last_line), (68, 71))


class MadeUpPageTests(TestCase):
    def test_other_titles_several_directors_every_rating_and_none(self):
        ratings = ["½", "★", "★½", "★★", "★★½", "★★★", "★★★½", "★★★★", "★★★★½", "★★★★★"]
        reviews = [
            f"  • {stars} review by Critic {n} on Mubi\n\n    Paragraph of review {n}."
            for n, stars in enumerate(ratings, start=1)
        ]
        text = page(
            "Le Mépris",
            "Directed by Anna Karenina, Joel Coen and Ethan Coen",
            "Starring Brigitte Bardot, Michel Piccoli",
            "A screenwriter's marriage comes apart.",
            "Second synopsis paragraph.",
            "Add a review",
            *reviews,
            "  • review by Nobody Rated on Letterboxd\n\n    No stars here.\n\n    Two paragraphs.",
            "  • See all reviews",
        )
        parsed = parse_film_page(text, "made-up.txt")
        self.assertEqual(parsed.title, "Le Mépris")
        self.assertEqual([c.name for c in parsed.directors], ["Anna Karenina", "Joel Coen", "Ethan Coen"])
        self.assertEqual([c.name for c in parsed.cast], ["Brigitte Bardot", "Michel Piccoli"])
        self.assertEqual(len(parsed.synopsis), 2)
        self.assertEqual([r.rating for r in parsed.reviews], [*range(1, 11), None])
        self.assertEqual(parsed.reviews[0].published_in, "Mubi")
        self.assertEqual(len(parsed.reviews[-1].paragraphs), 2)

    def test_one_review_no_cast_no_furniture(self):
        parsed = parse_film_page(
            page("S21", "Directed by Someone", "• ★★★ review by A. Critic on Site"), "x.txt"
        )
        self.assertEqual(len(parsed.reviews), 1)
        self.assertEqual(parsed.reviews[0].paragraphs, ())
        self.assertEqual(parsed.cast, ())


class BadFilmPageTests(TestCase):
    def assertRefused(self, text, line, words):
        with self.assertRaises(IngestError) as caught:
            parse_film_page(text, "bad.txt")
        self.assertEqual(caught.exception.line, line)
        self.assertIn(words, str(caught.exception))
        self.assertTrue(str(caught.exception).startswith(f"bad.txt:{line}: "))

    def test_stars_that_are_not_stars(self):
        text = page("Film", "Directed by A", "  • ****½ review by X on Letterboxd", "    Text.")
        self.assertRefused(text, 5, "'****½' is not written in stars")

    def test_more_than_five_stars(self):
        text = page("Film", "Directed by A", "  • ★★★★★½ review by X on Letterboxd")
        self.assertRefused(text, 5, "more than five stars")

    def test_six_whole_stars_are_more_than_five(self):
        text = page("Film", "Directed by A", "  • ★★★★★★ review by X on Letterboxd")
        self.assertRefused(text, 5, "the rating '★★★★★★' is more than five stars; five (★★★★★) is the most")

    def test_no_title(self):
        self.assertRefused(page("Directed by A", "Synopsis."), 1, "no title")

    def test_no_director(self):
        self.assertRefused(page("Film", "Synopsis."), 1, "no 'Directed by' line")

    def test_a_bullet_that_is_no_review(self):
        text = page("Film", "Directed by A", "  • Popular lists")
        self.assertRefused(text, 5, "neither a review header")

    def test_a_review_with_neither_rating_nor_text(self):
        text = page(
            "Film",
            "Directed by A",
            "  • review by Dan on Letterboxd",
            "  • ★★★ review by Eve on Letterboxd",
            "  • See all reviews",
        )
        self.assertRefused(text, 5, "the review by Dan has neither a rating nor any text")

    def test_text_after_the_end(self):
        text = page("Film", "Directed by A", "  • See all reviews", "Stray text")
        self.assertRefused(text, 7, "after 'See all reviews'")


class ReviewDateTests(TestCase):
    """The date under a review header: the forms the reader reads, and a refusal that says so of others."""

    UNREADABLE = "is not a date this reader understands; write it as '14 Feb 2020' or '2020-02-14'"

    HEADER = "  • ★★★★ review by A. Critic on Letterboxd"

    def parse(self, *blocks):
        return parse_film_page(page("Heat", "Directed by Michael Mann", *blocks), "film-heat.txt")

    def refusal(self, *blocks):
        with self.assertRaises(IngestError) as caught:
            self.parse(*blocks)
        return [str(problem) for problem in caught.exception.problems]

    def test_dates_written_another_way_are_refused_as_dates(self):
        for line, written in [
            ("14/02/2020", "14/02/2020"),
            ("02/14/2020", "02/14/2020"),
            ("14.02.2020", "14.02.2020"),
            ("14-02-2020", "14-02-2020"),
            ("14/02/20", "14/02/20"),
            ("Published: 14/02/2020", "14/02/2020"),
            ("Watched 12 Nov 2019 · Reviewed 14/11/2019", "14/11/2019"),
            ("14 Feb '20", "14 Feb '20"),
            ("14 février 2020", "14 février 2020"),
            ("14. März 2020", "14. März 2020"),
            ("14 de febrero de 2020", "14 de febrero de 2020"),
            ("Sat 15/02/2020", "Sat 15/02/2020"),
            ("5 days ago", "5 days ago"),
            ("Posted a week ago", "a week ago"),
            ("2020年2月14日", "2020年2月14日"),
        ]:
            with self.subTest(line):
                self.assertEqual(
                    self.refusal(f"{self.HEADER}\n    {line}", "    Body."),
                    [f"film-heat.txt:6: {written!r} {self.UNREADABLE}"],
                )

    def test_a_date_written_another_way_alone_above_the_text(self):
        self.assertEqual(
            self.refusal(self.HEADER, "    14/02/2020", "    Body."),
            [f"film-heat.txt:7: '14/02/2020' {self.UNREADABLE}"],
        )

    def test_other_words_under_the_header_still_ask_for_a_blank_line(self):
        for line in ("Great film.", "Sat night at the pictures", "3 Women 1977"):
            with self.subTest(line):
                self.assertEqual(
                    self.refusal(f"{self.HEADER}\n    {line}"),
                    [
                        "film-heat.txt:6: a review header should be followed by a blank line (only its date "
                        "or a spoiler notice may stand directly under it)"
                    ],
                )

    def test_unambiguous_forms_are_read(self):
        for line in (
            "14 Feb 2020",
            "2020-2-14",
            "2020-02-14",
            "Fri 14 Feb 2020",
            "Friday, 14 February 2020",
            "Fri Feb 14, 2020",
            "Published: 14 Feb 2020",
            "Reviewed on: 2020-2-14",
        ):
            with self.subTest(line):
                (review,) = self.parse(f"{self.HEADER}\n    {line}", "    Body.").reviews
                self.assertEqual(review.published_on, datetime.date(2020, 2, 14))
                self.assertEqual([p.text for p in review.paragraphs], ["Body."])

    def test_a_weekday_that_is_not_the_dates(self):
        self.assertEqual(
            self.refusal(f"{self.HEADER}\n    Mon 14 Feb 2020", "    Body."),
            [
                "film-heat.txt:6: 'Mon 14 Feb 2020' is not a day of the calendar: 14 Feb 2020 is a Friday; "
                "write a date such as '14 Feb 2020'"
            ],
        )

    def test_text_that_only_looks_like_a_date_in_part_is_the_reviews(self):
        for first in ("14/02/2020\n    was the day it all changed.", "May 68", "Top 10 2019", "3 Women 1977"):
            with self.subTest(first):
                (review,) = self.parse(self.HEADER, f"    {first}", "    Body.").reviews
                self.assertEqual(review.published_on, None)
                self.assertEqual(len(review.paragraphs), 2)
