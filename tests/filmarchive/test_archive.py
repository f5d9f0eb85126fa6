"""The archive as ``loaddata archive`` loads it: every record from the two documents, field by field."""

from django.apps import apps
from django.core.management import call_command
from django.test import TestCase

from filmarchive.models import Credit, Film, Mention, Person, SourceDocument
from interviews.models import Figure, Interview, Turn
from reviews.models import FilmRating, Review

FILM_PAGE = "film-the-missing-picture"
INTERVIEW = "interview-rithy-panh-the-missing-picture"
ARCHIVE_APPS = ("filmarchive", "reviews", "interviews")


def archive_models():
    # Accounts, what members send (reports), the hourly limits' counts and editors' dismissals are never
    # built from the documents; the archive's version number grows with each write, loaddata's included
    # (filmarchive.pagecache).
    made_here = {"User", "ReviewReport", "ArchiveVersion", "SlugRedirect", "RequestCount", "DismissedMention"}
    return [m for m in apps.get_models() if m._meta.app_label in ARCHIVE_APPS and m.__name__ not in made_here]


def snapshot():
    """Every row of every archive table, primary keys included."""
    return {model.__name__: sorted(model.objects.values_list(), key=repr) for model in archive_models()}


class ArchiveFixtureTests(TestCase):
    fixtures = ["archive"]

    def test_source_documents(self):
        film_page, interview = SourceDocument.objects.order_by("slug")
        self.assertEqual(film_page.slug, FILM_PAGE)
        self.assertEqual(film_page.kind, "film_page")
        self.assertEqual(film_page.filename, "film-the-missing-picture.txt")
        self.assertEqual(interview.kind, "interview")
        self.assertEqual(len(film_page.checksum), 64)
        self.assertIn("Pnom Penh", interview.text)
        self.assertIn("001_d67a5914e8951998.txt", film_page.origin)

    def test_the_film(self):
        film = Film.objects.get(slug="the-missing-picture")
        self.assertEqual(film.title, "The Missing Picture")
        self.assertIsNone(film.year)  # the documents do not give it
        self.assertTrue(film.synopsis.startswith("Rithy Panh uses clay figures"))
        self.assertEqual((film.source.slug, film.source_first_line, film.source_last_line), (FILM_PAGE, 1, 7))
        credits = [(c.person.name, c.role) for c in film.credits.order_by("role", "order")]
        self.assertEqual(
            credits,
            [
                ("Randal Douc", "cast"),
                ("Rithy Panh", "director"),
                ("Jean-Baptiste Phou", "narrator"),
            ],
        )
        narrator = film.credits.get(role=Credit.Role.NARRATOR)
        self.assertEqual((narrator.source.slug, narrator.source_first_line), (FILM_PAGE, 62))

    def test_reviews(self):
        expected = [
            ("Dragonknight", 8, 5, "”There is no truth, there is only cinema.”", "Don't miss it."),
            (
                "Adam Cook",
                8,
                5,
                "Rithy Panh’s stunning documentary",
                "a unique but essential experience.",
            ),
            (
                "Melissa Tamminga",
                9,
                7,
                '"How do you revolt when all you\'ve got are black clothes and a spoon?"',
                "a picture, I cannot forget.",
            ),
            (
                "Alex Engquist",
                9,
                5,
                "had a great Twitter conversation with Ben Hynes (",
                "a small, distant part of what he carries within.",
            ),
            (
                "Mike D'Angelo",
                8,
                1,
                "Exactly the sort of grim memoir",
                "A valuable companion piece to S21.",
            ),
        ]
        reviews = Review.objects.select_related("author", "film").order_by("source_first_line")
        self.assertEqual(len(reviews), 5)
        for review, (author, rating, count, first, last) in zip(reviews, expected, strict=True):
            with self.subTest(author=author):
                self.assertEqual(review.author.name, author)
                self.assertEqual(review.film.slug, "the-missing-picture")
                self.assertEqual(review.rating, rating)
                self.assertEqual(review.first_published_in, "Letterboxd")
                self.assertEqual(review.status, Review.Status.PUBLISHED)
                self.assertEqual(len(review.paragraphs), count)
                self.assertTrue(review.paragraphs[0].startswith(first), review.paragraphs[0])
                self.assertTrue(review.paragraphs[-1].endswith(last), review.paragraphs[-1])
                self.assertEqual(review.source.slug, FILM_PAGE)

    def test_average_rating(self):
        # Stored when loaddata saved the reviews, without the fixture carrying it.
        rating = FilmRating.objects.get(film__slug="the-missing-picture")
        self.assertEqual((rating.reviews, rating.ratings, rating.total), (5, 5, 42))
        self.assertAlmostEqual(rating.average, 4.2)
        self.assertEqual(rating.histogram(), [(r, {8: 3, 9: 2}.get(r, 0)) for r in range(1, 11)])

    def test_the_interview(self):
        interview = Interview.objects.get()
        self.assertEqual(interview.title, "Rithy Panh on The Missing Picture")
        self.assertTrue(interview.title_is_editorial)
        self.assertEqual([p.name for p in interview.interviewers.all()], ["Sheerly Avni"])
        self.assertEqual([p.name for p in interview.subjects.all()], ["Rithy Panh"])
        self.assertEqual([f.slug for f in interview.films.all()], ["the-missing-picture"])
        intro = interview.introduction_paragraphs
        self.assertEqual(len(intro), 2)
        self.assertTrue(intro[0].startswith("Cambodian filmmaker Rithy Panh"))
        self.assertTrue(intro[1].endswith("the pieces of his past that are forever missing."))
        self.assertIn("nominated for the Best Foreign-Language Oscar", intro[1])
        self.assertIn("Pnom Penh", intro[1])

    def test_turns(self):
        turns = list(Turn.objects.select_related("speaker").order_by("position"))
        self.assertEqual(
            [(t.position, t.kind, t.speaker.name, len(t.paragraphs)) for t in turns],
            [
                (1, "question", "Sheerly Avni", 1),
                (2, "answer", "Rithy Panh", 3),
                (3, "question", "Sheerly Avni", 1),
                (4, "answer", "Rithy Panh", 1),
                (5, "question", "Sheerly Avni", 1),
                (6, "answer", "Rithy Panh", 1),
            ],
        )
        self.assertEqual(turns[0].body, "How did you arrive at the idea of using clay to tell your story?")
        self.assertTrue(turns[1].paragraphs[2].startswith("And also, these aren’t just figurines"))
        self.assertEqual(turns[2].body, "How so?")
        self.assertEqual((turns[1].source_first_line, turns[1].source_last_line), (13, 17))

    def test_figures(self):
        self.assertEqual(
            list(Figure.objects.order_by("position").values_list("caption", "alt_text", "source_first_line")),
            [
                (
                    'Detail from the poster of "The Missing Picture."',
                    'Detail from the poster of "The Missing Picture."',
                    1,
                ),
                ("Rithy Panh", "Rithy Panh", 6),
            ],
        )

    def test_people(self):
        self.assertEqual(
            sorted(Person.objects.values_list("name", flat=True)),
            sorted(
                [
                    "Rithy Panh",
                    "Randal Douc",
                    "Dragonknight",
                    "Adam Cook",
                    "Melissa Tamminga",
                    "Alex Engquist",
                    "Mike D'Angelo",
                    "Sheerly Avni",
                    "Joshua Oppenheimer",
                    "Ben Hynes",
                    "Jean-Baptiste Phou",
                    "Pol Pot",
                ]
            ),
        )
        self.assertEqual(Person.objects.get(slug="mike-dangelo").name, "Mike D'Angelo")

    def test_mentioned_films_and_people_are_linked_to_where_they_are_mentioned(self):
        for slug, model in [
            ("the-act-of-killing", Film),
            ("s21", Film),
            ("joshua-oppenheimer", Person),
            ("ben-hynes", Person),
            ("jean-baptiste-phou", Person),
            ("pol-pot", Person),
        ]:
            with self.subTest(slug):
                record = model.objects.get(slug=slug)
                self.assertTrue(record.mentions.exists())
                first = record.mentions.order_by("source__slug", "line").first()
                self.assertEqual((record.source_id, record.source_first_line), (first.source_id, first.line))
        act = Film.objects.get(slug="the-act-of-killing")
        self.assertEqual(set(act.mentions.values_list("text", flat=True)), {"THE ACT OF KILLING", "AoK"})
        self.assertEqual(act.synopsis, "")
        self.assertEqual(
            list(act.credits.values_list("person__name", "role")),
            [("Joshua Oppenheimer", "director")],
        )
        self.assertFalse(Film.objects.get(slug="s21").credits.exists())
        self.assertEqual(Person.objects.get(slug="pol-pot").mentions.count(), 4)
        # A speaker's label is not a mention of the speaker.
        self.assertFalse(Mention.objects.filter(source__slug=INTERVIEW, text="Sheerly Avni").exists())

    def test_every_loaded_object_passes_full_clean(self):
        for model in archive_models():
            for record in model.objects.all():
                with self.subTest(record=f"{model.__name__} {record}"):
                    record.full_clean()

    def test_loading_twice_changes_no_row(self):
        before = snapshot()
        self.assertTrue(all(before.values()), "some archive table is empty")
        call_command("loaddata", "archive", verbosity=0)
        self.assertEqual(snapshot(), before)
