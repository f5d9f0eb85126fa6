"""The films list and a film's page, as a visitor sees them."""

from django.test import TestCase
from django.urls import reverse

from reviews.models import Review
from tests import factories as make
from tests.helpers import json_ld, visible_text


def long_review(last_words):
    """A review long enough to be cut after its first paragraph, ending with ``last_words``."""
    return "The first paragraph, shown in lists.\n\n" + "More to say. " * 60 + "\n\n" + last_words


class FilmListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.oppenheimer = make.person("Joshua Oppenheimer")
        make.film("S21", year=2003)
        make.film("The Act of Killing", year=2012, directors=[cls.oppenheimer])
        make.review(make.film("The Missing Picture"), rating=8)

    def titles(self, **params):
        return [film.title for film in self.client.get("/films/", params).context["films"]]

    def test_films_sort_and_filter(self):
        self.assertEqual(self.titles(), ["S21", "The Act of Killing", "The Missing Picture"])
        self.assertEqual(self.titles(sort="-year"), ["The Act of Killing", "S21", "The Missing Picture"])
        self.assertEqual(self.titles(sort="year"), ["S21", "The Act of Killing", "The Missing Picture"])
        self.assertEqual(self.titles(sort="rating")[0], "The Missing Picture")
        self.assertEqual(self.titles(year="2003"), ["S21"])
        self.assertEqual(self.titles(person=self.oppenheimer.slug), ["The Act of Killing"])

    def test_the_heading_says_what_is_filtered(self):
        response = self.client.get("/films/", {"person": self.oppenheimer.slug, "year": "2012"})
        self.assertIn("Films with Joshua Oppenheimer from 2012", visible_text(response))
        self.assertContains(response, '<option value="2012" selected>2012</option>', html=True)

    def test_films_bad_parameters_never_fail(self):
        for params, status in [
            ({"sort": "DROP TABLE"}, 200),
            ({"year": "nineteen"}, 200),
            ({"person": "nobody"}, 200),
            ({"page": "999"}, 404),
            ({"page": "abc"}, 404),
            ({"page": "last"}, 200),
        ]:
            with self.subTest(params=params):
                self.assertEqual(self.client.get("/films/", params).status_code, status)
        self.assertContains(self.client.get("/films/", {"person": "nobody"}), "No films match.")


class FilmPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.panh = make.person("Rithy Panh")
        cls.douc = make.person("Randal Douc")
        cls.hynes = make.person("Ben Hynes")
        cls.page = make.source_document(
            "The Missing Picture: film page", lines=[f"Line {n}." for n in range(1, 41)]
        )
        cls.film = make.film(
            "The Missing Picture",
            directors=[cls.panh],
            cast=[cls.douc],
            synopsis="Rithy Panh uses clay figures to tell of the Khmer Rouge years.",
            source=cls.page,
            lines=(1, 7),
        )
        make.credit(cls.film, make.person("Jean-Baptiste Phou"), "narrator")
        cls.act_of_killing = make.film("The Act of Killing")
        cls.s21 = make.film("S21")
        # Five reviews from the film's page, four of them long enough to be cut.
        critics = ["Adam Cook", "Mike D'Angelo", "Melissa Tamminga", "Alex Engquist", "Dragonknight"]
        ratings = [8, 8, 9, 9, 8]
        bodies = [
            long_review("Difficult, poignant and deeply moving."),
            "A grim memoir, and a short review. As Ben Hynes wrote, see THE ACT OF KILLING too.",
            long_review("How indeed. S21 says more."),
            long_review("Clay never looked so alive."),
            long_review("A picture made of what is missing."),
        ]
        cls.reviews = {
            name: make.review(
                cls.film,
                make.person(name),
                rating=rating,
                body=body,
                source=cls.page,
                lines=(10 + 5 * n, 13 + 5 * n),
            )
            for n, (name, rating, body) in enumerate(zip(critics, ratings, bodies, strict=True))
        }
        make.mention(cls.page, 16, person=cls.hynes)
        make.mention(cls.page, 17, "THE ACT OF KILLING", film=cls.act_of_killing)
        make.mention(cls.page, 23, film=cls.s21)
        # The film's own page naming it is no news; an interview naming it is.
        make.mention(cls.page, 38, film=cls.film)
        cls.interview_document = make.source_document(
            "Rithy Panh on The Missing Picture: interview", kind="interview"
        )
        make.mention(cls.interview_document, 9, film=cls.film)
        cls.interview = make.interview(
            "Rithy Panh on The Missing Picture",
            interviewers=[make.person("Sheerly Avni")],
            subjects=[cls.panh],
            films=[cls.film],
            introduction="Panh made The Missing Picture from clay. He talked to us.",
            source=cls.interview_document,
            lines=(1, 20),
        )

    def get(self):
        return self.client.get(self.film.get_absolute_url())

    def test_heading_credits_and_ratings(self):
        response = self.get()
        self.assertContains(response, "<h1>The Missing Picture</h1>", html=True)
        self.assertContains(response, f'Directed by <a href="{self.panh.get_absolute_url()}">Rithy Panh</a>')
        self.assertContains(response, f'Starring <a href="{self.douc.get_absolute_url()}">Randal Douc</a>')
        self.assertContains(response, "<dt>Narrator</dt>", html=True)
        self.assertContains(response, "Rithy Panh uses clay figures")
        self.assertIn("4.2 out of 5 from 5 ratings", visible_text(response))
        self.assertContains(response, 'aria-label="4.5 out of 5"')
        histogram = {bar["stars"]: bar["count"] for bar in response.context["histogram"] if bar["count"]}
        self.assertEqual(histogram, {"4": 3, "4.5": 2})

    def test_reviews_and_interviews_are_linked(self):
        response = self.get()
        self.assertContains(response, 'class="review"', count=5)
        self.assertContains(response, "See all reviews")
        self.assertContains(response, f'href="{reverse("reviews:film-reviews", args=[self.film.slug])}"')
        self.assertContains(response, f'href="{self.interview.get_absolute_url()}"')
        self.assertContains(response, f'href="{self.film.get_source_url()}"')  # the film's own source

    def test_json_ld(self):
        data = json_ld(self.get())
        self.assertEqual(data["@type"], "Movie")
        self.assertEqual(data["name"], "The Missing Picture")
        self.assertEqual(data["url"], f"http://testserver{self.film.get_absolute_url()}")
        self.assertEqual(data["description"], self.film.synopsis)
        self.assertEqual([d["name"] for d in data["director"]], ["Rithy Panh"])
        self.assertEqual([a["name"] for a in data["actor"]], ["Randal Douc"])
        self.assertEqual(data["aggregateRating"]["ratingValue"], 4.2)
        self.assertEqual(data["aggregateRating"]["ratingCount"], 5)
        self.assertEqual(
            sorted((r["author"]["name"], r["reviewRating"]["ratingValue"]) for r in data["review"]),
            sorted(
                [
                    ("Dragonknight", 4),
                    ("Adam Cook", 4),
                    ("Melissa Tamminga", 4.5),
                    ("Alex Engquist", 4.5),
                    ("Mike D'Angelo", 4),
                ]
            ),
        )

    def test_names_in_reviews_link_to_their_pages(self):
        response = self.get()
        self.assertContains(response, f'<a href="{self.hynes.get_absolute_url()}">Ben Hynes</a>')
        self.assertContains(
            response, f'<a href="{self.act_of_killing.get_absolute_url()}">THE ACT OF KILLING</a>'
        )
        self.assertContains(response, f'<a href="{self.s21.get_absolute_url()}">S21</a>')

    def test_long_reviews_are_cut_with_a_read_more_that_needs_no_script(self):
        response = self.get()
        self.assertContains(response, '<details class="read-more">', count=4)
        permalink = self.client.get(self.reviews["Adam Cook"].get_absolute_url())
        self.assertNotContains(permalink, "<details")
        self.assertContains(permalink, "Difficult, poignant and deeply moving")

    def test_spoilers_are_hidden_behind_a_reveal(self):
        Review.objects.filter(pk=self.reviews["Mike D'Angelo"].pk).update(contains_spoilers=True)
        response = self.get()
        self.assertContains(response, '<details class="spoiler">', count=1)
        self.assertContains(response, "This review contains spoilers. Show it")

    def test_more_films_by_the_same_director_first(self):
        make.film("Aaa by Panh", directors=[self.panh])
        make.film("Aaa First")
        more = self.get().context["more_films"]
        self.assertEqual(more[0].title, "Aaa by Panh")
        self.assertEqual(more[1].title, "Aaa First")
        self.assertNotIn(self.film, more)
        self.assertContains(self.get(), '<span class="note">same director</span>', count=1, html=True)

    def test_mentioned_in_names_the_passage_and_quotes_its_sentence(self):
        response = self.get()
        text = visible_text(response)
        self.assertIn(
            "Mentioned in The introduction to “Rithy Panh on The Missing Picture” "
            "Panh made The Missing Picture from clay.",
            text,
        )
        self.assertNotIn("He talked to us", text.split("Mentioned in")[1])
        self.assertContains(response, f'<a href="{self.interview.get_absolute_url()}">The introduction to')
        # The film's own page naming it (line 38) is no news.
        self.assertEqual(text.count("Mentioned in"), 1)

    def test_a_film_named_in_another_films_review(self):
        text = visible_text(self.client.get(self.act_of_killing.get_absolute_url()))
        self.assertIn(
            "Mentioned in Mike D'Angelo’s review of The Missing Picture "
            "As Ben Hynes wrote, see THE ACT OF KILLING too.",
            text,
        )

    def test_a_film_with_nothing_yet(self):
        response = self.client.get(make.film("Not Yet Seen").get_absolute_url())
        text = visible_text(response)
        for words in ["No ratings yet.", "No reviews yet.", "None recorded yet.", "Add a review"]:
            with self.subTest(words=words):
                self.assertIn(words, text)
        self.assertContains(
            response, '<div class="placeholder poster-placeholder">No image in the archive</div>', html=True
        )
        self.assertNotContains(response, "Mentioned in")
