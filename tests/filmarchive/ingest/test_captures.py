"""Film pages and interviews as captures print them: entities left in, other bullets, a label's colon."""

from unittest import TestCase

from filmarchive.ingest import Identities, build_document, document_from_bytes
from filmarchive.ingest.errors import IngestError
from filmarchive.ingest.identity import Where
from filmarchive.ingest.names import sort_name
from filmarchive.ingest.shapes.film_page import parse_film_page
from filmarchive.ingest.shapes.interview import parse_interview
from tests.filmarchive.ingest import ROLES


def capture(*blocks):
    """A captured page: a byte-order mark, Windows line endings and indented reviews."""
    return "\ufeff" + "\r\n\r\n".join(blocks) + "\r\n"


class EntitiesInNamesTests(TestCase):
    def test_credits_and_reviewers_are_the_people_the_page_shows(self):
        parsed = parse_film_page(
            capture(
                "Face/Off: The Director’s Cut (1997)",
                "Directed by John Woo &amp; Mike D&#8217;Angelo",
                "Starring John Travolta, Nicolas Cage &amp; Joan Allen",
                "It&#8217;s a swap.",
                "  • ★★★★ review by Mike D&#8217;Angelo on Sight &amp; Sound",
                "    Loud &amp; proud.",
            ),
            "film-face-off.txt",
        )
        self.assertEqual([c.name for c in parsed.directors], ["John Woo", "Mike D’Angelo"])
        self.assertEqual([c.name for c in parsed.cast], ["John Travolta", "Nicolas Cage", "Joan Allen"])
        (review,) = parsed.reviews
        self.assertEqual((review.author, review.published_in), ("Mike D’Angelo", "Sight & Sound"))
        # The words themselves are kept as the document has them.
        self.assertEqual([p.text for p in review.paragraphs], ["Loud &amp; proud."])
        self.assertEqual([p.text for p in parsed.synopsis], ["It&#8217;s a swap."])


class OtherBulletsTests(TestCase):
    def test_reviews_under_another_bullet_stay_reviews_and_out_of_the_synopsis(self):
        for bullet in ("*", "-", "·", "●"):
            with self.subTest(bullet=bullet):
                parsed = parse_film_page(
                    capture(
                        "Stalker",
                        "Directed by Andrei Tarkovsky",
                        "A guide leads two men into the Zone.",
                        "- a review by nobody, on the face of it, opens this paragraph",
                        "Add a review",
                        f"{bullet} ★★★★½ review by Jane Doe on Letterboxd",
                        "    The room.",
                        f"{bullet} review by Bob Jones on Letterboxd",
                        "    No stars.",
                        f"{bullet} See all reviews",
                    ),
                    "film-stalker.txt",
                )
                self.assertEqual(
                    [p.text for p in parsed.synopsis],
                    [
                        "A guide leads two men into the Zone.",
                        "- a review by nobody, on the face of it, opens this paragraph",
                    ],
                )
                self.assertEqual(
                    [(r.author, r.rating, [p.text for p in r.paragraphs]) for r in parsed.reviews],
                    [("Jane Doe", 9, ["The room."]), ("Bob Jones", None, ["No stars."])],
                )


class ReviewHeaderTests(TestCase):
    def test_stars_after_the_site_and_non_breaking_spaces_are_read_as_the_rating_and_the_names(self):
        parsed = parse_film_page(
            capture(
                "Hard Boiled",
                "Directed by John Woo",
                "• review by Jane Roe on Letterboxd ★★★★½",
                "Great.",
                "•\u00a0★★★ review by\u00a0Jane\u00a0Doe on\u00a0Letterboxd",
                "Good.",
            ),
            "film-hard-boiled.txt",
        )
        self.assertEqual(
            [(r.author, r.published_in, r.rating) for r in parsed.reviews],
            [("Jane Roe", "Letterboxd", 9), ("Jane Doe", "Letterboxd", 6)],
        )

    def test_a_half_star_apart_after_the_site_is_part_of_the_rating_not_of_the_site(self):
        parsed = parse_film_page(
            capture(
                "Heat",
                "Directed by Michael Mann",
                "• review by Ann Lee on Letterboxd ★★★★ ½",
                "Great.",
                "• review by Joe Bloggs on Channel 4",
                "Good.",
            ),
            "film-heat.txt",
        )
        self.assertEqual(
            [(r.author, r.published_in, r.rating) for r in parsed.reviews],
            [("Ann Lee", "Letterboxd", 9), ("Joe Bloggs", "Channel 4", None)],
        )

    def test_a_rating_in_figures_is_reported_at_its_line_under_any_bullet_never_taken_for_words(self):
        # Under "-" or "*" such a header was taken for the synopsis, its review with it; after the
        # site, the rating was taken for part of the site's name and the review left unrated.
        for header in (
            "- 4/5 review by Jean Luc on MUBI",
            "* ★★★★☆ review by Jean Luc on MUBI",
            "• review by Jean Luc on MUBI 3.5 stars",
            "- review by Jean Luc on MUBI ★★★★☆",
        ):
            with self.subTest(header=header):
                with self.assertRaises(IngestError) as raised:
                    parse_film_page(
                        capture("Heat", "Directed by Michael Mann", "A heist.", header, "Great."),
                        "film-heat.txt",
                    )
                self.assertIn("film-heat.txt:7: the review header's rating", str(raised.exception))
                self.assertIn("is not written in stars", str(raised.exception))


class LabelColonTests(TestCase):
    def test_a_colon_after_directed_by_and_starring_is_not_part_of_the_name(self):
        parsed = parse_film_page(
            capture("Stalker", "Directed by: Andrei Tarkovsky", "Starring: Alisa Freindlich"), "x.txt"
        )
        self.assertEqual([c.name for c in parsed.directors], ["Andrei Tarkovsky"])
        self.assertEqual([c.name for c in parsed.cast], ["Alisa Freindlich"])


class EntitiesInInterviewsTests(TestCase):
    def test_a_byline_and_labels_with_entities_name_who_asks_and_who_answers(self):
        parsed = parse_interview(
            "\ufeffWoo and Cage on \u201cFace/Off\u201d\r\r"
            "Interview by Maria Lopez &amp; Kim Ji-woo for Sight &amp; Sound, 3 March 2020\r\r"
            "MARIA LOPEZ: Why a director&#8217;s cut now?\r\r"
            "JOHN WOO: Because the studio said yes &amp; I was ready.\r\r"
            "MIKE D&#8217;ANGELO: I was there too.\r\r"
            "KIM JI-WOO: Is there a sequel?\r\r"
            "Woo: Maybe.\r",
            "interview-woo.txt",
        )
        self.assertEqual([s.name for s in parsed.interviewers], ["Maria Lopez", "Kim Ji-woo"])
        self.assertEqual([s.name for s in parsed.subjects], ["John Woo", "Mike D’Angelo"])
        self.assertEqual(parsed.published_in, "Sight & Sound")
        self.assertEqual(
            [(t.speaker, t.kind, [p.text for p in t.paragraphs]) for t in parsed.turns],
            [
                ("Maria Lopez", "question", ["Why a director&#8217;s cut now?"]),
                ("John Woo", "answer", ["Because the studio said yes &amp; I was ready."]),
                ("Mike D’Angelo", "answer", ["I was there too."]),
                ("Kim Ji-woo", "question", ["Is there a sequel?"]),
                ("John Woo", "answer", ["Maybe."]),
            ],
        )


class LabelsOtherSitesPrintTests(TestCase):
    """Question and answer labels as French and German magazines print them, and bold Markdown labels."""

    def turns(self, parsed):
        return [(t.speaker, t.kind, [p.text for p in t.paragraphs]) for t in parsed.turns]

    def test_french_and_german_question_and_answer_labels_are_read_like_q_and_a(self):
        for byline, labels in [
            ("Entretien réalisé par Marie Dupont", ("Q :", "R :")),
            ("Propos recueillis par Marie Dupont", ("Question :", "Réponse :")),
            ("Interview von Marie Dupont", ("Frage:", "Antwort:")),
            ("Interview by Marie Dupont", ("F:", "A:")),
        ]:
            with self.subTest(labels):
                ask, answer = labels
                parsed = parse_interview(
                    "\n\n".join(
                        [
                            byline,
                            "Nous avons rencontré Agnès Varda à Noirmoutier.",
                            f"{ask} Pourquoi la plage ?",
                            f"{answer} Parce que la mer.",
                        ]
                    )
                    + "\n",
                    "interview-varda.txt",
                )
                self.assertEqual(
                    self.turns(parsed),
                    [
                        ("Marie Dupont", "question", ["Pourquoi la plage ?"]),
                        ("Agnès Varda", "answer", ["Parce que la mer."]),
                    ],
                )

    def test_an_answer_label_with_nobody_named_to_answer_is_reported_as_written(self):
        with self.assertRaises(IngestError) as raised:
            parse_interview("Interview by Marie Dupont\n\nQ : Pourquoi ?\n\nR : Parce que.\n", "x.txt")
        self.assertIn("x.txt:5: answers are labelled 'R:' but neither the headline", str(raised.exception))

    def test_bold_labels_are_read_as_labels(self):
        parsed = parse_interview(
            "Interview by Maria Lopez\n\n**Maria Lopez:** Why a director’s cut now?\n\n"
            "**John Woo**: Because the studio said yes.\n",
            "interview-woo.txt",
        )
        self.assertEqual(
            self.turns(parsed),
            [
                ("Maria Lopez", "question", ["Why a director’s cut now?"]),
                ("John Woo", "answer", ["Because the studio said yes."]),
            ],
        )


class CapitalisedHeadingsTests(TestCase):
    def test_credits_and_review_headers_in_capitals_are_read_like_the_usual_ones(self):
        parsed = parse_film_page(
            capture(
                "Stalker",
                "DIRECTED BY ANDREI TARKOVSKY",
                "STARRING ALISA FREINDLICH",
                "• ★★★★ REVIEW BY JANE ROE ON LETTERBOXD",
                "The room.",
                "- ★★★ Review By Notes on Film On Letterboxd",
                "The zone.",
                "ADD A REVIEW",
                "• SEE ALL REVIEWS",
            ),
            "film-stalker.txt",
        )
        self.assertEqual([c.name for c in parsed.directors], ["ANDREI TARKOVSKY"])
        self.assertEqual([c.name for c in parsed.cast], ["ALISA FREINDLICH"])
        self.assertEqual(
            [(r.author, r.published_in, r.rating) for r in parsed.reviews],
            [("JANE ROE", "LETTERBOXD", 8), ("Notes on Film", "Letterboxd", 6)],
        )


class LabelOnItsOwnLineTests(TestCase):
    def interview(self, *blocks):
        return parse_interview("\n\n".join(["Interview by Maria Lopez", *blocks]) + "\n", "interview-woo.txt")

    def test_the_paragraph_under_a_label_alone_on_its_line_is_that_speakers_turn(self):
        parsed = self.interview(
            "MARIA LOPEZ:", "Why a director’s cut now?", "JOHN WOO:", "Because the studio said yes."
        )
        self.assertEqual(
            [(t.speaker, t.kind, [p.text for p in t.paragraphs]) for t in parsed.turns],
            [
                ("Maria Lopez", "question", ["Why a director’s cut now?"]),
                ("John Woo", "answer", ["Because the studio said yes."]),
            ],
        )

    def test_a_label_with_nothing_after_it_is_reported_at_its_line(self):
        with self.assertRaises(IngestError) as raised:
            self.interview("MARIA LOPEZ: Why a director’s cut now?", "JOHN WOO: Because.", "JOHN WOO:")
        self.assertIn("interview-woo.txt:7:", str(raised.exception))
        self.assertIn("the label 'JOHN WOO:' has no words after it", str(raised.exception))
        self.assertNotIn("before any subject", str(raised.exception))


class SymbolsInNamesTests(TestCase):
    def test_emoji_are_left_out_of_the_sort_name_and_kept_in_the_name(self):
        self.assertEqual(sort_name("🎬 Film Bro 🍿"), "Bro, Film")
        self.assertEqual(sort_name("Jane❤️ Doe"), "Doe, Jane")
        self.assertEqual(sort_name("🍿"), "🍿")


class FormatCharactersTests(TestCase):
    def test_invisible_characters_are_taken_out_of_titles_names_and_labels_not_text(self):
        parsed = parse_film_page(
            capture(
                "Stalker\u200b",
                "Original title: \ufeffСталкер\u200e",
                "Directed by\u200b Andrei\u200b Tarkovsky\u200f",
                "Starring Alisa Frein\u200bdlich",
                "• ★★★★ review by Jane\u200b Roe on Letterboxd\u200b",
                "The\u200b room.",
            ),
            "film-stalker.txt",
        )
        self.assertEqual((parsed.title, parsed.original_title), ("Stalker", "Сталкер"))
        self.assertEqual([c.name for c in parsed.directors], ["Andrei Tarkovsky"])
        self.assertEqual([c.name for c in parsed.cast], ["Alisa Freindlich"])
        (review,) = parsed.reviews
        self.assertEqual((review.author, review.published_in), ("Jane Roe", "Letterboxd"))
        self.assertEqual([p.text for p in review.paragraphs], ["The\u200b room."])

    def test_a_speaker_label_with_a_zero_width_space_names_the_same_person(self):
        parsed = parse_interview(
            "John Woo on \u201cFace/Off\u200b\u201d\n\nInterview by Maria Lopez\u200b\n\n"
            "MARIA LOPEZ\u200b: Why?\u200b\n\nJOHN\u200b WOO: Because.\n\nWoo\u200b: Maybe.\n",
            "interview-woo.txt",
        )
        self.assertEqual([s.name for s in parsed.interviewers], ["Maria Lopez"])
        self.assertEqual([s.name for s in parsed.subjects], ["John Woo"])
        self.assertEqual(parsed.turns[0].paragraphs[0].text, "Why?\u200b")
        self.assertEqual([t.speaker for t in parsed.turns], ["Maria Lopez", "John Woo", "John Woo"])
        self.assertIn("Face/Off", [c.trimmed for c in parsed.titles])


class BuiltNamesTests(TestCase):
    """What the archive records from such a page: the people and the film as the site shows them."""

    def build(self, *blocks, identities=None):
        document = document_from_bytes("film-stalker.txt", capture(*blocks).encode())
        return build_document(document, identities or Identities(), ROLES)

    def test_names_in_capitals_are_written_as_names_unless_a_document_writes_them_better(self):
        identities = Identities()
        identities.person("DJ Spooky", Where("elsewhere.txt", "elsewhere", 1))
        records = self.build(
            "STALKER",
            "DIRECTED BY ANDREI TARKOVSKY",
            "STARRING ALISA FREINDLICH AND DJ SPOOKY",
            "• ★★★★ REVIEW BY JANE ROE ON LETTERBOXD",
            "The room.",
            identities=identities,
        )
        self.assertEqual(
            sorted((p.name, p.sort_name) for p in records.people),
            [
                ("Alisa Freindlich", "Freindlich, Alisa"),
                ("Andrei Tarkovsky", "Tarkovsky, Andrei"),
                ("DJ Spooky", "Spooky, DJ"),
                ("Jane Roe", "Roe, Jane"),
            ],
        )

    def test_a_reviewer_with_emoji_keeps_them_in_the_name_and_sorts_by_the_words(self):
        records = self.build(
            "Stalker", "Directed by Andrei Tarkovsky", "• ★★★★ review by 🎬 Film Bro 🍿 on Letterboxd", "Wow."
        )
        bro = next(p for p in records.people if p.slug == "film-bro")
        self.assertEqual((bro.name, bro.sort_name), ("🎬 Film Bro 🍿", "Bro, Film"))

    def test_a_title_with_a_zero_width_space_is_the_same_film(self):
        records = self.build("Stalker\u200b", "Directed by Andrei\u200b Tarkovsky", "A guide.")
        self.assertEqual([(f.title, f.slug) for f in records.films], [("Stalker", "stalker")])
        self.assertIn("andrei-tarkovsky", [p.slug for p in records.people])


class CaptionsThatOpenWithANameTests(TestCase):
    def test_a_caption_printed_twice_is_a_figure_even_when_it_opens_with_a_name_and_a_colon(self):
        # It was the subject's first answer, and took the introduction under it along.
        parsed = parse_interview(
            "\n\n".join(
                [
                    "Interview by Mark Peranson",
                    "Agnès Varda: a portrait, 1985\nAgnès Varda: a portrait, 1985",
                    "We met Agnès Varda in Paris.",
                    "Mark Peranson: Why Mona?",
                    "Agnès Varda: Because she said no to everything.",
                    "Agnès Varda: on the set\nAgnès Varda: on the set",
                    "Was it cold?",
                    "Freezing.",
                ]
            )
            + "\n",
            "interview-varda.txt",
        )
        self.assertEqual(
            [(f.caption, f.alt_text, f.first_line) for f in parsed.figures],
            [
                ("Agnès Varda: a portrait, 1985", "Agnès Varda: a portrait, 1985", 3),
                ("Agnès Varda: on the set", "Agnès Varda: on the set", 12),
            ],
        )
        self.assertEqual([p.text for p in parsed.introduction], ["We met Agnès Varda in Paris."])
        self.assertEqual(
            [(t.speaker, t.kind, [p.text for p in t.paragraphs]) for t in parsed.turns],
            [
                ("Mark Peranson", "question", ["Why Mona?"]),
                ("Agnès Varda", "answer", ["Because she said no to everything."]),
                ("Mark Peranson", "question", ["Was it cold?"]),
                ("Agnès Varda", "answer", ["Freezing."]),
            ],
        )
