"""The interview parser, on the archive's own article and on articles made up for the purpose."""

from pathlib import Path
from unittest import TestCase

from filmarchive.ingest import IngestError
from filmarchive.ingest.shapes.interview import parse_interview

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"


class RithyPanhInterviewTests(TestCase):
    @classmethod
    def setUpClass(cls):
        text = (SOURCES / "interview-rithy-panh-the-missing-picture.txt").read_text(encoding="utf-8")
        cls.article = parse_interview(text, "interview.txt")

    def test_people_and_film(self):
        self.assertEqual([p.name for p in self.article.interviewers], ["Sheerly Avni"])
        self.assertEqual([p.name for p in self.article.subjects], ["Rithy Panh"])
        # The film is chosen when the archive is built (from titles it knows); the parser offers the
        # quoted titles in page order, the caption's first.
        self.assertEqual(
            [(c.title, c.trimmed, c.line, c.where) for c in self.article.titles][:2],
            [
                ("The Missing Picture.", "The Missing Picture", 1, "caption"),
                ("The Missing Picture,", "The Missing Picture", 9, "introduction"),
            ],
        )
        self.assertIsNone(self.article.headline)

    def test_figures_keep_one_caption_each(self):
        self.assertEqual(
            [(f.caption, f.alt_text, f.first_line, f.last_line) for f in self.article.figures],
            [
                (
                    'Detail from the poster of "The Missing Picture."',
                    'Detail from the poster of "The Missing Picture."',
                    1,
                    2,
                ),
                ("Rithy Panh", "Rithy Panh", 6, 7),
            ],
        )

    def test_introduction(self):
        intro = self.article.introduction
        self.assertEqual(len(intro), 2)
        self.assertTrue(intro[0].text.startswith("Cambodian filmmaker Rithy Panh has devoted his life"))
        self.assertTrue(intro[0].text.endswith("tried so desperately to erase."))
        self.assertIn("46-year-old director", intro[1].text)
        self.assertIn("when he was just 13 years old", intro[1].text)
        self.assertTrue(intro[1].text.endswith("the pieces of his past that are forever missing."))

    def test_six_turns(self):
        got = [(t.kind, t.speaker, len(t.paragraphs)) for t in self.article.turns]
        self.assertEqual(
            got,
            [
                ("question", "Sheerly Avni", 1),
                ("answer", "Rithy Panh", 3),
                ("question", "Sheerly Avni", 1),
                ("answer", "Rithy Panh", 1),
                ("question", "Sheerly Avni", 1),
                ("answer", "Rithy Panh", 1),
            ],
        )

    def test_turn_text_is_verbatim_without_its_label(self):
        turns = self.article.turns
        self.assertEqual(
            turns[0].paragraphs[0].text,
            "How did you arrive at the idea of using clay to tell your story?",
        )
        self.assertTrue(turns[1].paragraphs[0].text.startswith("It started out as a very personal attempt"))
        self.assertIn("Really just for my just for my own benefit", turns[1].paragraphs[0].text)
        self.assertEqual(turns[2].paragraphs[0].text, "How so?")
        self.assertTrue(turns[5].paragraphs[-1].text.endswith("I wanted people to see their humanity."))
        self.assertEqual((turns[1].first_line, turns[1].last_line), (13, 17))


class MadeUpInterviewTests(TestCase):
    def test_more_questions_and_other_names(self):
        text = "\n\n".join(
            [
                "A still from “Close-Up”\nA still from “Close-Up”",
                "An introduction about “Close-Up,” a film.",
                "Jane Doe: First question?",
                "Abbas Kiarostami: First answer.",
                "More of the first answer.",
                "Second question?",
                "Second answer.",
                "Third question?",
                "Third answer.",
                "Fourth question?",
                "Fourth answer.",
                "Jane Doe: A labelled fifth question.",
                "Abbas Kiarostami: Fifth answer.",
            ]
        )
        article = parse_interview(text, "x.txt")
        self.assertEqual(article.interviewer, "Jane Doe")
        self.assertEqual([p.name for p in article.subjects], ["Abbas Kiarostami"])
        self.assertEqual([c.title for c in article.titles], ["Close-Up", "Close-Up,"])
        self.assertEqual([t.kind for t in article.turns], ["question", "answer"] * 5)
        self.assertEqual({t.speaker for t in article.turns[1::2]}, {"Abbas Kiarostami"})
        self.assertEqual(len(article.turns[1].paragraphs), 2)
        self.assertEqual(article.turns[8].paragraphs[0].text, "A labelled fifth question.")
        self.assertEqual(len(article.figures), 1)

    def test_unlabelled_questions_follow_answers(self):
        text = "Intro.\n\nQ Person: One?\n\nA Person: Yes.\n\nTwo?\n\nNo.\n\nAnd more.\n\nThree?\n\nMaybe."
        article = parse_interview(text, "x.txt")
        self.assertEqual([t.kind for t in article.turns], ["question", "answer"] * 3)
        self.assertEqual(len(article.turns[3].paragraphs), 2)
        self.assertEqual(article.titles, ())


class BadInterviewTests(TestCase):
    def test_no_speaker_labels(self):
        with self.assertRaises(IngestError) as caught:
            parse_interview("Caption\nCaption\n\nJust prose.\n\nMore prose?\n", "bad.txt")
        self.assertEqual(caught.exception.line, 1)
        self.assertIn("no paragraph opens with a speaker label", str(caught.exception))

    def test_only_the_interviewer_speaks(self):
        with self.assertRaises(IngestError) as caught:
            parse_interview("Intro.\n\nJane Doe: Hello?\n", "bad.txt")
        self.assertEqual(caught.exception.line, 3)
