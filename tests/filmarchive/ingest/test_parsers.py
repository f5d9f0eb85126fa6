"""The two parsers on short made-up pages: the variations the test archive does not need to show."""

import datetime
from unittest import TestCase

from filmarchive.ingest import Identities, IngestError, build_document, document_from_bytes
from filmarchive.ingest.catalogue import Catalogue, CataloguePerson
from filmarchive.ingest.shapes import FILM_PAGE, INTERVIEW, shape_for
from filmarchive.ingest.shapes.film_page import parse_film_page, parse_rating
from filmarchive.ingest.shapes.interview import parse_interview
from tests.filmarchive.ingest import ROLES


def page(*blocks):
    return "\n\n".join(blocks) + "\n"


class FilmPageParserTests(TestCase):
    def test_ratings_with_a_space_before_the_half(self):
        self.assertEqual([parse_rating(s, "x", 1) for s in ("★★★★ ½", "★ ★ ★", "½", "")], [9, 6, 1, None])

    def test_dates_and_spoiler_notice_directly_under_the_header_and_an_unbulleted_end(self):
        parsed = parse_film_page(
            page(
                "Burning",
                "Directed by Lee Chang-dong",
                "  • ★★★★ Review by Notes on Film on Letterboxd\n    Watched 3 Jan 2019\n    Contains "
                "spoilers",
                "    The greenhouse.",
                "See all reviews",
            ),
            "x.txt",
        )
        (review,) = parsed.reviews
        self.assertEqual(
            (review.author, review.published_in, review.rating, review.watched_on, review.contains_spoilers),
            ("Notes on Film", "Letterboxd", 8, datetime.date(2019, 1, 3), True),
        )
        self.assertEqual([p.text for p in review.paragraphs], ["The greenhouse."])
        self.assertEqual((review.first_line, review.last_line), (5, 9))

    def test_names_spread_over_lines_with_and_ampersand_and_a_suffix(self):
        parsed = parse_film_page(
            page("Film", "Directed by\nJoel Coen &\nEthan Coen", "Starring Sammy Davis, Jr., and\nKim Novak"),
            "x.txt",
        )
        self.assertEqual([(c.name, c.line) for c in parsed.directors], [("Joel Coen", 4), ("Ethan Coen", 5)])
        self.assertEqual([(c.name, c.line) for c in parsed.cast], [("Sammy Davis, Jr.", 7), ("Kim Novak", 8)])

    def test_every_problem_of_a_page_at_once(self):
        with self.assertRaises(IngestError) as caught:
            parse_film_page(
                page(
                    "Film",
                    "Directed by",
                    "• ★ review by X on Y",
                    "Text",
                    "• ★★★★★★ review by Z on Y",
                    "• Popular lists",
                ),
                "bad.txt",
            )
        self.assertEqual(
            [(p.line, p.message.split(";")[0]) for p in caught.exception.problems],
            [
                (9, "the rating '★★★★★★' is more than five stars"),
                (
                    11,
                    "a bullet that is neither a review header ('★★★★ review by NAME on SITE') nor 'See all "
                    "reviews': "
                    "'Popular lists'",
                ),
                (3, "'Directed by' names nobody"),
            ],
        )


class InterviewParserTests(TestCase):
    def test_q_and_a_with_the_interviewer_named_by_the_introduction(self):
        article = parse_interview(
            page(
                "Our critic Jane Doe spoke with Bong Joon-ho about his new film.",
                "Q: Why stairs?",
                "A: Because they go up and down.",
                "Q: And then",
                "A: And then the rain.",
            ),
            "x.txt",
        )
        self.assertEqual(
            ([s.name for s in article.interviewers], [s.name for s in article.subjects]),
            (["Jane Doe"], ["Bong Joon-ho"]),
        )
        self.assertEqual(
            [(t.kind, t.speaker, t.paragraphs[0].text) for t in article.turns],
            [
                ("question", "Jane Doe", "Why stairs?"),
                ("answer", "Bong Joon-ho", "Because they go up and down."),
                ("question", "Jane Doe", "And then"),
                ("answer", "Bong Joon-ho", "And then the rain."),
            ],
        )

    def test_a_headline_with_a_colon_and_a_byline_at_the_foot(self):
        article = parse_interview(
            page(
                "Rithy Panh: the missing picture",
                "Sheerly Avni: How did it start?",
                "Rithy Panh: With clay.",
                "More clay.",
                "Interview by Sheerly Avni. Published in IndieWire, 14 March 2014.",
            ),
            "x.txt",
        )
        self.assertEqual(
            (article.headline, article.interviewer, [s.name for s in article.subjects]),
            ("Rithy Panh: the missing picture", "Sheerly Avni", ["Rithy Panh"]),
        )
        self.assertEqual(
            (article.published_in, article.published_on), ("IndieWire", datetime.date(2014, 3, 14))
        )
        self.assertEqual(
            [(t.kind, len(t.paragraphs)) for t in article.turns], [("question", 1), ("answer", 2)]
        )
        self.assertEqual(article.introduction, ())

    def test_a_label_in_capitals_written_elsewhere_in_mixed_case_or_title_cased(self):
        article = parse_interview(
            page("ANA DE LA CRUZ spoke to us.", "JO MARCH: Ready?", "ANA DE LA CRUZ: Yes."), "x.txt"
        )
        self.assertEqual(
            [(s.name, s.derived) for s in (*article.interviewers, *article.subjects)],
            [("Jo March", True), ("Ana de la Cruz", True)],
        )
        article = parse_interview(
            page("An hour with Ana de la Cruz.", "JO MARCH: Ready?", "ANA DE LA CRUZ: Yes."), "x.txt"
        )
        self.assertEqual([(s.name, s.derived) for s in article.subjects], [("Ana de la Cruz", False)])

    def test_a_korean_name_seen_only_in_capitals_keeps_its_given_name_whole(self):
        article = parse_interview(page("JO MARCH: Why stairs?", "BONG JOON-HO: Up and down."), "x.txt")
        self.assertEqual([(s.name, s.derived) for s in article.subjects], [("Bong Joon-ho", True)])

    def test_a_date_on_its_own_line_dates_the_article_only_above_the_conversation(self):
        article = parse_interview(
            page("12 March 2014", "Jo March: When?", "Ana Cruz: Then.", "19 March 1975"), "x.txt"
        )
        self.assertEqual(article.published_on, datetime.date(2014, 3, 12))
        self.assertEqual([p.text for p in article.turns[-1].paragraphs], ["Then.", "19 March 1975"])

    def test_a_note_is_not_a_speaker(self):
        article = parse_interview(
            page("Jo March: Ready?", "Ana de la Cruz: Yes.", "Note: this interview has been condensed."),
            "x.txt",
        )
        self.assertEqual(article.turns[-1].paragraphs[-1].text, "Note: this interview has been condensed.")


class QAndANamedInProseTests(TestCase):
    """Q:/A: articles whose subject is named only in the headline or the introduction's own words."""

    QA = ("Q: Why clay?", "A: Because it is earth.", "Q: And the water?", "A: It takes everything.")

    def answers(self, article):
        return [t.speaker for t in article.turns if t.kind == "answer"]

    def test_a_headline_and_an_introduction_that_name_the_subject_in_prose(self):
        article = parse_interview(
            page(
                "Rithy Panh, again",
                "Interview by Lena Park",
                "Rithy Panh talks about clay, memory and “The Missing Picture”.",
                *self.QA,
            ),
            "interview-again.txt",
        )
        self.assertEqual(
            ([s.name for s in article.interviewers], [s.name for s in article.subjects]),
            (["Lena Park"], ["Rithy Panh"]),
        )
        self.assertEqual(self.answers(article), ["Rithy Panh", "Rithy Panh"])

    def test_the_only_person_a_headline_names(self):
        article = parse_interview(
            page("Rithy Panh, again", "Interview by Lena Park", "He has made a film of clay.", *self.QA),
            "interview-again.txt",
        )
        self.assertEqual(self.answers(article), ["Rithy Panh", "Rithy Panh"])

    def test_we_met_and_talked_to(self):
        for introduction, subject in [
            ("We met Agnès Varda on the beach at Noirmoutier.", "Agnès Varda"),
            ("Yesterday Agnès Varda laughed at the sea.", "Agnès Varda"),
            ("Lena Park talked to Rithy Panh in Phnom Penh.", "Rithy Panh"),
            ("In Paris, we spoke with JACQUES DEMY.", "Jacques Demy"),
        ]:
            with self.subTest(introduction):
                article = parse_interview(
                    page("Interview by Lena Park", introduction, *self.QA), "interview-beach.txt"
                )
                self.assertEqual(
                    ([s.name for s in article.interviewers], self.answers(article)),
                    (["Lena Park"], [subject, subject]),
                )

    def test_someone_the_catalogue_knows_named_by_one_word(self):
        text = page("Interview by Lena Park", "Varda laughs at the sea.", *self.QA)
        article = parse_interview(text, "interview-beach.txt", known_person=lambda name: name == "Varda")
        self.assertEqual(self.answers(article), ["Varda", "Varda"])

    def test_the_catalogue_names_the_one_word_subject_in_a_build(self):
        catalogue = Catalogue(people=(CataloguePerson("Agnès Varda", 3, aliases=("Varda",)),))
        text = page("Interview by Lena Park", "Varda laughs at the sea.", *self.QA)
        records = build_document(
            document_from_bytes("interview-beach.txt", text.encode()), Identities(), ROLES, catalogue
        )
        ((interview,),) = [records.interviews]
        self.assertEqual((interview.interviewers, interview.subjects), (("lena-park",), ("agnes-varda",)))
        self.assertEqual({t.speaker for t in records.turns if t.kind == "answer"}, {"agnes-varda"})

    def test_nobody_named_says_what_to_write_at_the_first_answer(self):
        with self.assertRaises(IngestError) as caught:
            parse_interview(
                page("Interview by Lena Park", "We went to the beach at Noirmoutier.", *self.QA),
                "interview-beach.txt",
            )
        self.assertEqual(
            [str(problem) for problem in caught.exception.problems],
            [
                "interview-beach.txt:7: answers are labelled 'A:' but neither the headline nor the "
                "introduction names who answers; name them there ('an interview with NAME', 'we met NAME', "
                "'director NAME'), or label the first answer with the subject's name ('NAME: ...')"
            ],
        )

    def test_two_people_named_and_no_cue_to_tell_which_answers(self):
        with self.assertRaises(IngestError) as caught:
            parse_interview(
                page(
                    "Interview by Lena Park", "Agnès Varda and Jacques Demy lived on rue Daguerre.", *self.QA
                ),
                "interview-two.txt",
            )
        self.assertEqual(caught.exception.line, 7)
        self.assertIn(
            "the headline and introduction name Agnès Varda and Jacques Demy, and do not say which of them "
            "answers; write 'an interview with NAME' in the introduction",
            caught.exception.message,
        )

    def test_unanswerable_questions_and_answers_report_both_reasons(self):
        with self.assertRaises(IngestError) as caught:
            parse_interview(page("We went to the beach.", *self.QA), "interview-beach.txt")
        self.assertEqual(
            [(p.line, p.message.split(":")[0]) for p in caught.exception.problems],
            [(3, "questions are labelled 'Q"), (5, "answers are labelled 'A")],
        )


class ShapeTests(TestCase):
    def test_a_file_name_prefix_says_the_shape(self):
        self.assertIs(shape_for("film-x.txt", "anything", "film-x.txt"), FILM_PAGE)
        self.assertIs(shape_for("interview-x.txt", "anything", "interview-x.txt"), INTERVIEW)

    def test_without_a_prefix_only_an_unmistakable_text_is_recognised(self):
        film = page("Film", "Directed by A", "• ★★ review by B on C", "Text.")
        interview = page("Jo March: Ready?", "Ana de la Cruz: Yes.")
        self.assertIs(shape_for("x.txt", film, "x.txt"), FILM_PAGE)
        self.assertIs(shape_for("x.txt", interview, "x.txt"), INTERVIEW)
        with self.assertRaisesRegex(IngestError, r"^x\.txt:1: a document of unknown shape"):
            shape_for("x.txt", page("Some notes.", "Directed by nobody in particular."), "x.txt")

    def test_each_shape_says_its_kind_and_label(self):
        self.assertEqual(
            [(shape.kind, shape.label, shape.prefix) for shape in (FILM_PAGE, INTERVIEW)],
            [
                ("film_page", "Film page with reviews", "film-"),
                ("interview", "Interview article", "interview-"),
            ],
        )
