"""Twelve documents written as real sites and magazines print them build into one archive, field by field.

Each test names the variation it covers; the documents are in ``documents/archive/``.
"""

import datetime
import shutil
import tempfile
from pathlib import Path
from unittest import TestCase

from filmarchive.ingest import build_archive
from filmarchive.ingest.records import (
    CreditRecord,
    FigureRecord,
    FilmRecord,
    InterviewRecord,
    MentionRecord,
    PersonRecord,
    Provenance,
    ReviewRecord,
    TurnRecord,
)
from tests.filmarchive.ingest import ARCHIVE, ROLES, SEEDS


class ArchiveTestCase(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.records = build_archive(ARCHIVE, ROLES)
        cls.people = {record.slug: record for record in cls.records.people}
        cls.films = {record.slug: record for record in cls.records.films}
        cls.credits = {record.key: record for record in cls.records.credits}
        cls.reviews = {record.key: record for record in cls.records.reviews}
        cls.interviews = {record.slug: record for record in cls.records.interviews}
        cls.turns = {record.key: record for record in cls.records.turns}
        cls.figures = {record.key: record for record in cls.records.figures}
        cls.mentions = {record.key: record for record in cls.records.mentions}

    def mentions_in(self, document):
        return [(m.line, m.text, m.film or m.person) for m in self.records.mentions if m.document == document]


class FilmPageTests(ArchiveTestCase):
    def test_year_line_original_title_in_quotes_and_wrapped_cast_with_oxford_and(self):
        self.assertEqual(
            self.films["parasite"],
            FilmRecord(
                slug="parasite",
                title="Parasite",
                original_title="기생충",
                year=2019,
                synopsis="All unemployed, Ki-taek’s family takes peculiar interest in the wealthy and "
                "glamorous "
                "Parks for their livelihood until they get entangled in an unexpected incident.",
                provenance=Provenance("film-parasite", 1, 13),
            ),
        )
        cast = [r for r in self.records.credits if r.film == "parasite" and r.role == "cast"]
        self.assertEqual(
            [(c.person, c.order, c.provenance.first_line) for c in cast],
            [
                ("song-kang-ho", 0, 9),
                ("lee-sun-kyun", 1, 9),
                ("cho-yeo-jeong", 2, 10),
                ("choi-woo-shik", 3, 10),
                ("park-so-dam", 4, 11),
            ],
        )
        self.assertEqual(
            self.people["song-kang-ho"],
            PersonRecord("song-kang-ho", "Song Kang-ho", "Song Kang-ho", Provenance("film-parasite", 9, 9)),
        )

    def test_half_star_after_a_space_reviewer_with_on_in_the_name_dates_and_spoiler_notice(self):
        self.assertEqual(
            self.reviews[("parasite", "notes-on-film", "Letterboxd")],
            ReviewRecord(
                film="parasite",
                author="notes-on-film",
                published_in="Letterboxd",
                rating=9,
                body="Bong Joon-ho builds the Park house like a trap. Where Us turned its doubles loose in "
                "the "
                "sunshine, the family in Parasite keeps them in the basement.\n\nNobody here is a parasite "
                "in the way the title promises, and none of us leaves the cinema comfortable.",
                published_on=datetime.date(2019, 11, 14),
                watched_on=datetime.date(2019, 11, 12),
                contains_spoilers=True,
                provenance=Provenance("film-parasite", 22, 30),
            ),
        )
        self.assertEqual(
            self.people["notes-on-film"],
            PersonRecord(
                "notes-on-film", "Notes on Film", "Notes on Film", Provenance("film-fargo-1952", 9, 9)
            ),
        )

    def test_watched_date_in_words_and_a_reviewer_in_capitals(self):
        self.assertEqual(
            self.reviews[("parasite", "theo-lefevre", "Letterboxd")],
            ReviewRecord(
                film="parasite",
                author="theo-lefevre",
                published_in="Letterboxd",
                rating=10,
                body="I think PARASITE is the rare film that is a comedy until it isn't. I saw it after Her "
                "and "
                "Memories of Murder in one week; her phone rang twice.",
                published_on=None,
                watched_on=datetime.date(2020, 2, 3),
                contains_spoilers=False,
                provenance=Provenance("film-parasite", 32, 36),
            ),
        )

    def test_no_rating_and_an_iso_review_date(self):
        review = self.reviews[("parasite", "mike-dangelo", "Letterboxd")]
        self.assertEqual(
            (review.rating, review.published_on, review.watched_on), (None, datetime.date(2020, 2, 10), None)
        )
        self.assertEqual(review.provenance, Provenance("film-parasite", 38, 42))

    def test_directors_wrapped_over_two_lines_and_cast_joined_by_an_ampersand(self):
        self.assertEqual(
            self.films["fargo-1996"],
            FilmRecord(
                slug="fargo-1996",
                title="Fargo",
                original_title="",
                year=1996,
                synopsis="Jerry works in his father-in-law's car dealership and has gotten himself in "
                "financial "
                "problems.",
                provenance=Provenance("film-fargo-1996", 1, 11),
            ),
        )
        self.assertEqual(
            [
                (c.person, c.role, c.order, c.provenance.first_line)
                for c in self.records.credits
                if c.film == "fargo-1996"
            ],
            [
                ("joel-coen", "director", 0, 5),
                ("ethan-coen", "director", 1, 6),
                ("frances-mcdormand", "cast", 0, 8),
                ("william-h-macy", "cast", 1, 8),
                ("steve-buscemi", "cast", 2, 9),
            ],
        )
        review = self.reviews[("fargo-1996", "theo-lefevre", "Letterboxd")]
        self.assertTrue(review.contains_spoilers)  # "Spoilers ahead."
        self.assertEqual(
            review.body,
            "The Coens' Fargo (1996) takes place mostly in Minnesota.\n\nIt owes nothing to the Bill Elliott "
            "western Fargo (1952).",
        )

    def test_a_year_in_the_title_line_another_site_and_no_closing_line(self):
        self.assertEqual(
            self.films["fargo-1952"],
            FilmRecord(
                slug="fargo-1952",
                title="Fargo",
                original_title="",
                year=1952,
                synopsis="A cowboy sets out to avenge his brother, murdered in a range war over barbed wire.",
                provenance=Provenance("film-fargo-1952", 1, 7),
            ),
        )
        self.assertEqual(
            self.reviews[("fargo-1952", "notes-on-film", "Mubi")],
            ReviewRecord(
                film="fargo-1952",
                author="notes-on-film",
                published_in="Mubi",
                rating=6,
                body="A tidy B-western. The town is Fargo, North Dakota, which is more than the 1996 film "
                "can say.",
                published_on=None,
                watched_on=datetime.date(2021, 7, 4),
                contains_spoilers=False,
                provenance=Provenance("film-fargo-1952", 9, 13),
            ),
        )

    def test_a_title_with_an_exclamation_mark_an_ordinal_date_and_a_catalogued_narrator(self):
        self.assertEqual(
            self.films["lumiere"],
            FilmRecord(
                slug="lumiere",
                title="Lumière!",
                original_title="Lumière ! L’aventure commence",
                year=2016,
                synopsis="A hundred and eight films made by Louis and Auguste Lumière between 1895 and 1905, "
                "restored and introduced.",
                provenance=Provenance("film-lumiere", 1, 9),
            ),
        )
        review = self.reviews[("lumiere", "ana-de-la-cruz", "Letterboxd")]
        self.assertEqual((review.rating, review.published_on), (7, datetime.date(2017, 3, 14)))
        self.assertEqual(
            self.credits[("lumiere", "thierry-fremaux", "narrator")],
            CreditRecord("lumiere", "thierry-fremaux", "narrator", "", 0, Provenance("film-lumiere", 19, 19)),
        )
        self.assertEqual(
            self.people["ana-de-la-cruz"],
            PersonRecord(
                "ana-de-la-cruz", "Ana de la Cruz", "de la Cruz, Ana", Provenance("film-lumiere", 15, 15)
            ),
        )

    def test_an_ellipsis_in_the_title(self):
        film = self.films["once-upon-a-time-in-hollywood"]
        self.assertEqual((film.title, film.year), ("Once Upon a Time… in Hollywood", 2019))
        self.assertEqual(
            [c.person for c in self.records.credits if c.film == film.slug],
            ["quentin-tarantino", "leonardo-dicaprio", "brad-pitt", "margot-robbie"],
        )


class NamesInAnyScriptTests(ArchiveTestCase):
    def test_hangul_names_keep_their_letters_and_sort_as_written(self):
        self.assertEqual(
            self.people["송강호"],
            PersonRecord("송강호", "송강호", "송강호", Provenance("film-memories-of-murder", 7, 7)),
        )
        self.assertEqual(
            self.reviews[("memories-of-murder", "김혜리", "Cine21")],
            ReviewRecord(
                film="memories-of-murder",
                author="김혜리",
                published_in="Cine21",
                rating=10,
                body="봉준호 감독의 두 번째 장편. 송강호의 얼굴로 끝난다.",
                published_on=None,
                watched_on=None,
                contains_spoilers=False,
                provenance=Provenance("film-memories-of-murder", 11, 13),
            ),
        )

    def test_a_catalogue_alias_in_hangul_resolves_a_credit(self):
        # "Directed by 봉준호": the catalogue's alias makes it Bong Joon-ho, one person with one page.
        self.assertEqual(
            self.credits[("memories-of-murder", "bong-joon-ho", "director")].provenance,
            Provenance("film-memories-of-murder", 5, 5),
        )
        self.assertEqual(
            self.people["bong-joon-ho"],
            PersonRecord(
                "bong-joon-ho", "Bong Joon-ho", "Bong Joon-ho", Provenance("film-memories-of-murder", 5, 5)
            ),
        )
        self.assertNotIn("봉준호", self.people)
        self.assertEqual(
            self.films["memories-of-murder"],
            FilmRecord(
                slug="memories-of-murder",
                title="Memories of Murder",
                original_title="살인의 추억",
                year=2003,
                synopsis="In 1986, in the province of Gyunggi, two detectives struggle with the case of "
                "multiple "
                "young women being found raped and murdered by an unknown culprit.",
                provenance=Provenance("film-memories-of-murder", 1, 9),
            ),
        )

    def test_kanji_and_katakana(self):
        self.assertEqual(
            self.people["黒澤明"],
            PersonRecord("黒澤明", "黒澤明", "黒澤明", Provenance("film-rashomon", 7, 7)),
        )
        self.assertEqual(self.people["京マチ子"].name, "京マチ子")
        self.assertEqual(
            (self.films["rashomon"].original_title, self.films["rashomon"].year), ("羅生門", 1950)
        )

    def test_cyrillic_is_lower_cased_in_the_slug_and_sorts_surname_first(self):
        self.assertEqual(
            self.people["андрей-тарковский"],
            PersonRecord(
                "андрей-тарковский",
                "Андрей Тарковский",
                "Тарковский, Андрей",
                Provenance("film-stalker", 5, 5),
            ),
        )
        self.assertEqual(
            self.films["сталкер"],
            FilmRecord(
                slug="сталкер",
                title="Сталкер",
                original_title="",
                year=1979,
                synopsis="Проводник ведёт писателя и учёного в Зону.",
                provenance=Provenance("film-stalker", 1, 9),
            ),
        )


class IdentityTests(ArchiveTestCase):
    def test_one_person_however_the_documents_spell_them(self):
        # "Theo Lefevre" (a review), "THÉO LEFÈVRE" (a review), "Théo Lefèvre" (a byline): the accents
        # and the mixed case win; the record cites where he was first named.
        self.assertEqual(
            self.people["theo-lefevre"],
            PersonRecord(
                "theo-lefevre", "Théo Lefèvre", "Lefèvre, Théo", Provenance("film-fargo-1996", 17, 17)
            ),
        )
        authors = {key for key in self.reviews if key[1] == "theo-lefevre"}
        self.assertEqual(
            authors,
            {("fargo-1996", "theo-lefevre", "Letterboxd"), ("parasite", "theo-lefevre", "Letterboxd")},
        )
        # "Mike D\u2019Angelo" (a review header) and "Mike D'Angelo" (a speaker label) are one person.
        self.assertEqual(self.people["mike-dangelo"].name, "Mike D’Angelo")
        self.assertEqual(self.interviews["ana-de-la-cruz-on-lumiere"].interviewers, ("mike-dangelo",))
        self.assertEqual(len([p for p in self.records.people if p.slug.startswith("mike")]), 1)

    def test_two_films_of_one_title_are_told_apart_by_year(self):
        self.assertEqual(
            {slug for slug in self.films if slug.startswith("fargo")}, {"fargo-1952", "fargo-1996"}
        )
        self.assertNotIn("fargo", self.films)

    def test_every_person_and_film_once(self):
        self.assertEqual(len(self.people), len(self.records.people))
        self.assertEqual(len(self.films), len(self.records.films))
        self.assertEqual(len(self.records.people), 34)
        self.assertEqual(
            list(self.films),
            [
                "fargo-1952",
                "fargo-1996",
                "lumiere",
                "memories-of-murder",
                "once-upon-a-time-in-hollywood",
                "parasite",
                "rashomon",
                "сталкер",
                "us",
                "her",
            ],
        )


class InterviewTests(ArchiveTestCase):
    def test_headline_byline_with_two_interviewers_magazine_and_date(self):
        self.assertEqual(
            self.interviews["bong-joon-ho-on-parasite-sight-and-sound"],
            InterviewRecord(
                slug="bong-joon-ho-on-parasite-sight-and-sound",
                title="Bong Joon-ho on Parasite",
                title_is_editorial=False,
                interviewers=("jane-doe", "john-roe"),
                subjects=("bong-joon-ho",),
                films=("parasite",),
                introduction="When Bong Joon-ho speaks of “the stairs” he means the whole film. We met the "
                "director of Parasite in London, the week after he had seen Once Upon a Time... in "
                "Hollywood again.",
                published_in="Sight and Sound",
                published_on=datetime.date(2020, 2, 7),
                provenance=Provenance("interview-bong-joon-ho-sight-and-sound", 1, 26),
            ),
        )
        self.assertEqual(
            self.people["jane-doe"],
            PersonRecord(
                "jane-doe",
                "Jane Doe",
                "Doe, Jane",
                Provenance("interview-bong-joon-ho-sight-and-sound", 3, 3),
            ),
        )

    def test_labels_in_capitals_then_surnames_and_questions_without_question_marks(self):
        slug = "bong-joon-ho-on-parasite-sight-and-sound"
        document = "interview-bong-joon-ho-sight-and-sound"
        self.assertEqual(
            [self.turns[(slug, position)] for position in range(1, 7)],
            [
                TurnRecord(
                    slug, 1, "question", "jane-doe", "Tell us about the stairs.", Provenance(document, 11, 11)
                ),
                TurnRecord(
                    slug,
                    2,
                    "answer",
                    "bong-joon-ho",
                    # A "?" inside an answer stays in the answer.
                    "Every rich house needs them. Why do we climb? Because the film tells us to. That is the "
                    "whole design.",
                    Provenance(document, 13, 13),
                ),
                TurnRecord(
                    slug,
                    3,
                    "question",
                    "john-roe",
                    "And the rain, the flood, the house under water.",
                    Provenance(document, 15, 15),
                ),
                TurnRecord(
                    slug,
                    4,
                    "answer",
                    "bong-joon-ho",
                    "The rain is the same rain for both families. It only falls differently.",
                    Provenance(document, 17, 17),
                ),
                TurnRecord(
                    slug,
                    5,
                    "question",
                    "jane-doe",
                    "Did you know it would win?",
                    Provenance(document, 22, 22),
                ),
                TurnRecord(
                    slug, 6, "answer", "bong-joon-ho", "No.\n\nNobody did.", Provenance(document, 24, 26)
                ),
            ],
        )
        self.assertNotIn((slug, 7), self.turns)

    def test_a_caption_with_different_alt_text_and_a_credit_line_then_a_figure_between_turns(self):
        slug, document = "bong-joon-ho-on-parasite-sight-and-sound", "interview-bong-joon-ho-sight-and-sound"
        self.assertEqual(
            [self.figures[(slug, 1)], self.figures[(slug, 2)]],
            [
                FigureRecord(
                    slug,
                    1,
                    caption="The Park family’s house, built on a soundstage in Goyang.",
                    alt_text="A wide living room with a lawn beyond a wall of glass.",
                    credit="Photo: CJ Entertainment",
                    provenance=Provenance(document, 5, 7),
                ),
                FigureRecord(
                    slug,
                    2,
                    caption="Bong Joon-ho with the cast at Cannes.",
                    alt_text="Bong Joon-ho with the cast at Cannes.",
                    credit="",
                    provenance=Provenance(document, 19, 20),
                ),
            ],
        )

    def test_q_and_a_with_the_interviewer_from_the_byline_and_the_subject_from_the_introduction(self):
        slug, document = "bong-joon-ho-on-parasite-cahiers-du-cinema", "interview-bong-joon-ho-cahiers"
        self.assertEqual(
            self.interviews[slug],
            InterviewRecord(
                slug=slug,
                title="Bong Joon-ho on Parasite",
                title_is_editorial=True,
                interviewers=("theo-lefevre",),
                subjects=("bong-joon-ho",),
                # The first quoted words (“the smell of the poor”) are not a title the archive knows.
                films=("parasite",),
                introduction="For a decade the director Bong Joon-ho (봉준호) has filmed “the smell of the "
                "poor”, "
                "as he puts it; with “Parasite,” it became a worldwide success.",
                published_in="Cahiers du cinéma",
                published_on=datetime.date(2020, 3, 1),
                provenance=Provenance(document, 1, 16),
            ),
        )
        self.assertEqual(
            [
                (t.kind, t.speaker, t.body, t.provenance.first_line)
                for t in self.records.turns
                if t.interview == slug
            ],
            [
                ("question", "theo-lefevre", "You storyboard every shot", 10),
                (
                    "answer",
                    "bong-joon-ho",
                    "Every shot, yes. Is that strange? For me it is the only way to sleep.",
                    12,
                ),
                ("question", "theo-lefevre", "Was the flood in the storyboards?", 14),
                ("answer", "bong-joon-ho", "The flood was the first drawing.", 16),
            ],
        )

    def test_two_interviews_of_one_person_about_one_film_both_build(self):
        both = [
            i for i in self.records.interviews if i.films == ("parasite",) and i.subjects == ("bong-joon-ho",)
        ]
        self.assertEqual(
            [(i.slug, i.published_in) for i in both],
            [
                ("bong-joon-ho-on-parasite-cahiers-du-cinema", "Cahiers du cinéma"),
                ("bong-joon-ho-on-parasite-sight-and-sound", "Sight and Sound"),
            ],
        )

    def test_a_headline_film_with_an_exclamation_mark_particles_and_initials(self):
        slug, document = "ana-de-la-cruz-on-lumiere", "interview-ana-de-la-cruz-lumiere"
        self.assertEqual(
            self.interviews[slug],
            InterviewRecord(
                slug=slug,
                title="Ana de la Cruz on Lumière!",
                title_is_editorial=False,
                interviewers=("mike-dangelo",),
                subjects=("ana-de-la-cruz",),
                films=("lumiere",),
                introduction="",
                published_in="",
                published_on=None,
                provenance=Provenance(document, 1, 13),
            ),
        )
        self.assertEqual(
            [(t.kind, t.speaker, t.body) for t in self.records.turns if t.interview == slug],
            [
                ("question", "mike-dangelo", "You reviewed Lumière! twice. Why twice?"),
                (
                    "answer",
                    "ana-de-la-cruz",
                    "Because the first time I watched the audience. The second time I watched the films.",
                ),
                ("question", "mike-dangelo", "And the commentary"),  # "MD:"
                (
                    "answer",
                    "ana-de-la-cruz",
                    "Frémaux is a tour guide, and I like tour guides.",
                ),  # "de la Cruz:"
                ("question", "mike-dangelo", "What would you cut?"),  # "D'Angelo:"
                ("answer", "ana-de-la-cruz", "Nothing? Nothing."),  # "AC:"
            ],
        )

    def test_the_film_of_two_with_one_title_chosen_by_its_director_and_an_inline_photo_credit(self):
        self.assertEqual(
            self.interviews["joel-coen-on-fargo"],
            InterviewRecord(
                slug="joel-coen-on-fargo",
                title="Joel Coen on Fargo",
                title_is_editorial=True,
                interviewers=("jane-doe",),
                subjects=("joel-coen",),
                films=("fargo-1996",),
                introduction="In a conversation with Joel Coen, the filmmaker remembers shooting “Fargo” in "
                "the "
                "snow that would not fall.",
                published_in="",
                published_on=None,
                provenance=Provenance("interview-joel-coen-fargo", 1, 12),
            ),
        )
        self.assertEqual(
            self.figures[("joel-coen-on-fargo", 1)],
            FigureRecord(
                "joel-coen-on-fargo",
                1,
                caption="Joel Coen, with his brother, in Minnesota.",
                alt_text="Joel Coen on a frozen lake, a camera on a tripod beside him.",
                credit="Photo: Working Title Films",
                provenance=Provenance("interview-joel-coen-fargo", 1, 2),
            ),
        )


class MentionTests(ArchiveTestCase):
    def test_ordinary_word_titles_link_only_when_written_as_titles(self):
        self.assertEqual(
            self.mentions_in("film-parasite"),
            [
                (28, "Bong Joon-ho", "bong-joon-ho"),
                (28, "Parasite", "parasite"),  # capitalised in running text; "a parasite" (line 30) is not
                (28, "Us", "us"),  # capitalised in running text; "none of us" (line 30) is not
                (36, "Memories of Murder", "memories-of-murder"),
                (36, "PARASITE", "parasite"),
                # Line 36's "Her" is not linked: the catalogue says it needs quotes.
                (42, "Her", "her"),  # “Her”
                (42, "Us", "us"),  # "Us", quoted; the sentence-opening "Us is" is not linked
                (42, "봉준호", "bong-joon-ho"),  # an alias
            ],
        )

    def test_cjk_names_match_inside_longer_runs(self):
        self.assertEqual(
            self.mentions_in("film-rashomon"), [(15, "三船敏郎", "三船敏郎"), (15, "黒澤明", "黒澤明")]
        )
        self.assertEqual(
            self.mentions_in("film-memories-of-murder"),
            [(13, "봉준호", "bong-joon-ho"), (13, "송강호", "송강호")],
        )
        self.assertEqual(self.mentions_in("film-stalker"), [(13, "Тарковский", "андрей-тарковский")])

    def test_a_title_two_films_share_links_only_where_its_year_says_which(self):
        self.assertEqual(
            self.mentions_in("film-fargo-1996"),
            [(21, "Fargo", "fargo-1996"), (23, "Bill Elliott", "bill-elliott"), (23, "Fargo", "fargo-1952")],
        )
        self.assertEqual(self.mentions_in("film-fargo-1952"), [])  # "Fargo, North Dakota"
        self.assertEqual(
            self.mentions_in("interview-joel-coen-fargo"),
            [(1, "Joel Coen", "joel-coen"), (4, "Joel Coen", "joel-coen")],
        )

    def test_an_exclamation_mark_and_an_ellipsis_are_part_of_a_title(self):
        self.assertEqual(
            self.mentions_in("film-lumiere"), [(19, "Lumière!", "lumiere")]
        )  # not "Lumière" alone
        self.assertIn(
            MentionRecord(
                "interview-bong-joon-ho-sight-and-sound",
                9,
                "Once Upon a Time... in Hollywood",
                "once-upon-a-time-in-hollywood",
                None,
            ),
            self.records.mentions,
        )
        self.assertEqual(
            self.mentions_in("interview-ana-de-la-cruz-lumiere"),
            [(1, "Ana de la Cruz", "ana-de-la-cruz"), (1, "Lumière!", "lumiere"), (3, "Lumière!", "lumiere")],
        )

    def test_catalogued_films_are_built_from_their_first_mention(self):
        self.assertEqual(
            [self.films["us"], self.films["her"]],
            [
                FilmRecord("us", "Us", "", None, "", Provenance("film-parasite", 28, 28)),
                FilmRecord("her", "Her", "", None, "", Provenance("film-parasite", 42, 42)),
            ],
        )


class WithTheSeedsTests(TestCase):
    """The test documents and the archive's own two build together."""

    def test_seeds_and_test_documents_build_together(self):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        for path in [*SEEDS.glob("*.txt"), *ARCHIVE.glob("*.txt")]:
            shutil.copy(path, folder / path.name)
        (folder / "catalogue.toml").write_text(
            (SEEDS / "catalogue.toml").read_text(encoding="utf-8")
            + "\n"
            + (ARCHIVE / "catalogue.toml").read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        records = build_archive(folder, ROLES)
        alone = build_archive(SEEDS, ROLES)
        seed_documents = {record.slug for record in alone.documents}
        self.assertEqual(len(records.documents), 14)
        # Mike D'Angelo of the seeds is the test documents' Mike D\u2019Angelo: one person, with his
        # reviews of both films.
        self.assertEqual(
            sorted(r.film for r in records.reviews if r.author == "mike-dangelo"),
            ["parasite", "the-missing-picture"],
        )
        # The seed documents' reviews, turns and mentions are built exactly as they are alone.
        for kind in ("reviews", "turns", "figures", "mentions", "interviews"):
            with self.subTest(kind):
                together = (
                    [r for r in getattr(records, kind) if r.provenance.document in seed_documents]
                    if kind != "mentions"
                    else [r for r in records.mentions if r.document in seed_documents]
                )
                self.assertEqual(together, getattr(alone, kind))
