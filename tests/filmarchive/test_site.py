"""The public site as a visitor uses it, from the loaded archive."""

import json
import re
from unittest import skipUnless

from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.views.defaults import server_error

from filmarchive.mentions import link_mentions
from filmarchive.models import Credit, Film, Person
from interviews.models import Interview, Turn
from reviews.models import Review
from tests.helpers import visible_text

FILM = "/films/the-missing-picture/"
INTERVIEW = "/interviews/rithy-panh-on-the-missing-picture/"


def json_ld(response):
    found = re.search(rb'<script type="application/ld\+json">(.*?)</script>', response.content, re.S)
    return json.loads(found[1])


class FilmPageTests(TestCase):
    fixtures = ["archive"]

    def test_json_ld(self):
        data = json_ld(self.client.get(FILM))
        self.assertEqual(data["@type"], "Movie")
        self.assertEqual(data["name"], "The Missing Picture")
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

    def test_credits_and_links(self):
        response = self.client.get(FILM)
        self.assertContains(response, 'Starring <a href="/people/randal-douc/">Randal Douc</a>')
        self.assertContains(response, "<dt>Narrator</dt>", html=True)
        self.assertContains(
            response, f'href="{reverse("reviews:film-reviews", args=["the-missing-picture"])}"'
        )
        self.assertContains(response, 'href="/interviews/rithy-panh-on-the-missing-picture/"')

    def test_names_in_reviews_link_to_their_pages(self):
        response = self.client.get(FILM)
        self.assertContains(response, '<a href="/people/ben-hynes/">Ben Hynes</a>')
        self.assertContains(response, '<a href="/films/the-act-of-killing/">THE ACT OF KILLING</a>')
        self.assertContains(response, '<a href="/films/s21/">S21</a>')

    def test_long_reviews_are_cut_with_a_read_more_that_needs_no_script(self):
        response = self.client.get(FILM)
        self.assertContains(response, '<details class="read-more">', count=4)
        permalink = self.client.get(Review.objects.get(author__slug="adam-cook").get_absolute_url())
        self.assertNotContains(permalink, "<details")
        self.assertContains(permalink, "Difficult, poignant and deeply moving")

    def test_spoilers_are_hidden_behind_a_reveal(self):
        Review.objects.filter(author__slug="mike-dangelo").update(contains_spoilers=True)
        response = self.client.get(FILM)
        self.assertContains(response, '<details class="spoiler">', count=1)
        self.assertContains(response, "This review contains spoilers. Show it")

    def test_more_films_by_the_same_director_first(self):
        other = Film.objects.create(title="Aaa by Panh", slug="aaa-by-panh")
        Credit.objects.create(film=other, person=Person.objects.get(slug="rithy-panh"), role="director")
        Film.objects.create(title="Aaa First", slug="aaa-first")
        more = self.client.get(FILM).context["more_films"]
        self.assertEqual(more[0].slug, "aaa-by-panh")
        self.assertNotIn("the-missing-picture", [f.slug for f in more])

    def test_mentioned_in_names_the_passage_and_quotes_the_sentence(self):
        text = visible_text(self.client.get(FILM))
        self.assertIn(
            "Mentioned in A caption in “Rithy Panh on The Missing Picture” "
            'Detail from the poster of "The Missing Picture." '
            "The introduction to “Rithy Panh on The Missing Picture” All of Panh’s films are personal, but",
            text,
        )
        # Its own reviews naming it are no news.
        self.assertNotIn("Dragonknight’s review of The Missing Picture", text)

        response = self.client.get("/films/the-act-of-killing/")
        engquist = Review.objects.get(author__slug="alex-engquist")
        self.assertIn(
            "Mentioned in Alex Engquist’s review of The Missing Picture "
            "had a great Twitter conversation with Ben Hynes (, who suggested that "
            "Rithy Panh's film is \"contrapuntal\" to Joshua Oppenheimer's THE ACT OF KILLING.",
            visible_text(response),
        )
        self.assertContains(response, f'<a href="{engquist.get_absolute_url()}">Alex Engquist’s review')

    def test_a_person_mentioned_in_reviews_and_an_introduction(self):
        text = visible_text(self.client.get("/people/pol-pot/"))
        self.assertIn(
            "Adam Cook’s review of The Missing Picture The static staging of the dioramas, that", text
        )
        self.assertIn(
            "The introduction to “Rithy Panh on The Missing Picture” Whether confronting one of Pol Pot", text
        )

    def test_a_hidden_review_leaves_every_public_page(self):
        review = Review.objects.get(author__slug="melissa-tamminga")
        review.status = Review.Status.HIDDEN
        review.save()
        film = self.client.get(FILM)
        self.assertNotContains(film, "Melissa Tamminga")
        self.assertIn("4.1 out of 5 from 4 ratings", visible_text(film))
        self.assertEqual(self.client.get(review.get_absolute_url()).status_code, 404)
        self.assertNotContains(self.client.get("/feeds/reviews/"), "Melissa Tamminga")
        self.assertNotContains(self.client.get("/search/", {"q": "spoon"}), "Melissa Tamminga")
        self.assertNotContains(self.client.get("/sitemap-reviews.xml"), review.get_absolute_url())
        self.assertNotContains(self.client.get("/people/melissa-tamminga/"), "How indeed")


class ListTests(TestCase):
    fixtures = ["archive"]

    def test_films_sort_and_filter(self):
        Film.objects.filter(slug="s21").update(year=2003)
        Film.objects.filter(slug="the-act-of-killing").update(year=2012)
        titles = lambda **params: [f.title for f in self.client.get("/films/", params).context["films"]]  # noqa: E731
        self.assertEqual(titles(), ["S21", "The Act of Killing", "The Missing Picture"])
        self.assertEqual(titles(sort="-year"), ["The Act of Killing", "S21", "The Missing Picture"])
        self.assertEqual(titles(sort="year"), ["S21", "The Act of Killing", "The Missing Picture"])
        self.assertEqual(titles(sort="rating")[0], "The Missing Picture")
        self.assertEqual(titles(year="2003"), ["S21"])
        self.assertEqual(titles(person="joshua-oppenheimer"), ["The Act of Killing"])

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

    def test_reviews_sort(self):
        url = reverse("reviews:film-reviews", args=["the-missing-picture"])
        highest = self.client.get(url, {"sort": "highest"}).context["reviews"]
        self.assertEqual([r.rating for r in highest], [9, 9, 8, 8, 8])
        lowest = self.client.get(url, {"sort": "lowest"}).context["reviews"]
        self.assertEqual([r.rating for r in lowest], [8, 8, 8, 9, 9])
        self.assertEqual(self.client.get(url, {"sort": "nonsense"}).status_code, 200)
        for cursor in ("nonsense", "2024-13-01.5", "8.x", "."):
            with self.subTest(cursor=cursor):
                self.assertEqual(self.client.get(url, {"after": cursor}).status_code, 404)
                self.assertEqual(self.client.get(url, {"before": cursor}).status_code, 404)


class SearchTests(TestCase):
    """The same simple queries find the same records on PostgreSQL and on SQLite."""

    fixtures = ["archive"]

    def results(self, q):
        response = self.client.get("/search/", {"q": q})
        self.assertEqual(response.status_code, 200)
        return {label: [hit.title for hit in hits] for label, hits in response.context["groups"]}

    def test_a_word_across_kinds(self):
        found = self.results("clay")
        self.assertEqual(found["Films"], ["The Missing Picture"])
        self.assertIn("Rithy Panh on The Missing Picture", found["Interviews"])
        self.assertEqual(len(found["Reviews"]), 5)

    def test_names(self):
        self.assertEqual(self.results("Oppenheimer")["People"], ["Joshua Oppenheimer"])
        self.assertEqual(self.results("Rithy Panh")["People"], ["Rithy Panh"])
        self.assertEqual(self.results("killing")["Films"], ["The Act of Killing"])

    def test_best_first_and_words_marked(self):
        response = self.client.get("/search/", {"q": "Missing Picture"})
        films = dict(response.context["groups"])["Films"]
        self.assertEqual(films[0].title, "The Missing Picture")
        self.assertContains(response, "<mark>Missing</mark> <mark>Picture</mark>")
        self.assertContains(self.client.get("/search/", {"q": "karaoke"}), "<mark>karaoke</mark>")

    def test_empty_and_absurd_queries_get_a_clear_page(self):
        self.assertContains(self.client.get("/search/"), "Type a title, a name")
        self.assertContains(self.client.get("/search/", {"q": "   "}), "Type a title, a name")
        self.assertContains(self.client.get("/search/", {"q": "!!! ???"}), "has no words to look for")
        self.assertContains(self.client.get("/search/", {"q": "zzzzqqq"}), "Nothing in the archive matches")
        self.assertContains(
            self.client.get("/search/", {"q": "clay " * 300}), "only its first 200 characters"
        )
        for q in ["clay\x00", '"unbalanced', "clay & | ! ( <script>", "-", "OR OR OR"]:
            with self.subTest(q=q):
                response = self.client.get("/search/", {"q": q})
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "<script>")

    @skipUnless(connection.vendor == "postgresql", "GIN indexes exist on PostgreSQL only")
    def test_postgresql_uses_the_gin_indexes(self):
        from django.contrib.postgres.search import SearchQuery

        from filmarchive.search import sources

        for source in sources():
            with self.subTest(source=source.key), connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")

                # Unordered: the search orders by rank, not by the model's default ordering.
                queryset = source.model.objects.filter(
                    search_vector=SearchQuery("clay", search_type="websearch", config="english")
                ).order_by()
                self.assertIn(f"{source.model._meta.model_name}_search_idx", queryset.explain())


class MachineReadableTests(TestCase):
    fixtures = ["archive"]

    def test_every_detail_page_describes_itself(self):
        for url, kind in [
            ("/people/rithy-panh/", "Person"),
            (Review.objects.get(author__slug="adam-cook").get_absolute_url(), "Review"),
            (INTERVIEW, "Article"),
        ]:
            with self.subTest(url=url):
                self.assertEqual(json_ld(self.client.get(url))["@type"], kind)
        article = json_ld(self.client.get(INTERVIEW))
        self.assertEqual(article["author"]["name"], "Sheerly Avni")
        self.assertIn("The Missing Picture", [a["name"] for a in article["about"]])
        self.assertIn("Pol Pot", [m["name"] for m in article["mentions"]])
        review = json_ld(self.client.get(Review.objects.get(author__slug="adam-cook").get_absolute_url()))
        self.assertEqual(review["itemReviewed"]["name"], "The Missing Picture")
        self.assertEqual(review["reviewRating"]["ratingValue"], 4)

    def test_feeds(self):
        home = self.client.get("/")
        self.assertContains(home, 'type="application/rss+xml" title="Latest reviews" href="/feeds/reviews/"')
        reviews = self.client.get("/feeds/reviews/")
        self.assertEqual(reviews["Content-Type"], "application/rss+xml; charset=utf-8")
        self.assertContains(reviews, "<item>", count=5)
        self.assertContains(reviews, "Melissa Tamminga on The Missing Picture ★★★★½")
        self.assertContains(self.client.get("/feeds/interviews/"), "Rithy Panh on The Missing Picture")

    def test_sitemap_and_robots(self):
        index = self.client.get("/sitemap.xml")
        for section in ("pages", "films", "people", "sources", "interviews", "reviews"):
            self.assertContains(index, f"<loc>http://testserver/sitemap-{section}.xml</loc>")
        unicode = Film.objects.create(title="Ŭ", slug="ŭ-film")
        films = self.client.get("/sitemap-films.xml")
        self.assertContains(films, "<loc>http://testserver/films/the-missing-picture/</loc>")
        self.assertContains(films, f"<loc>http://testserver{unicode.get_absolute_url()}</loc>")
        self.assertEqual(unicode.get_absolute_url(), reverse("filmarchive:film-detail", args=["ŭ-film"]))
        sources = self.client.get("/sitemap-sources.xml")
        self.assertContains(sources, "<loc>http://testserver/sources/film-the-missing-picture/</loc>")
        review = Review.objects.get(author__slug="adam-cook")
        self.assertContains(
            self.client.get("/sitemap-reviews.xml"),
            f"<loc>http://testserver{review.get_absolute_url()}</loc>",
        )
        self.assertEqual(self.client.get("/sitemap-reviews.xml", {"p": "2"}).status_code, 404)
        robots = self.client.get("/robots.txt")
        self.assertContains(robots, "Disallow: /admin/")
        self.assertContains(robots, "Sitemap: http://testserver/sitemap.xml")

    def test_favicon(self):
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].endswith("favicon.svg"))


class ErrorPageTests(TestCase):
    def test_404_in_the_sites_style(self):
        response = self.client.get("/films/no-such-film/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "<h1>Not found</h1>", status_code=404, html=True)
        self.assertContains(response, 'class="skip-link"', status_code=404)

    def test_500_in_the_sites_style(self):
        response = server_error(RequestFactory().get("/"))
        self.assertEqual(response.status_code, 500)
        self.assertIn(b"Something went wrong", response.content)
        self.assertIn(b"site.css", response.content)


class DurationTests(TestCase):
    def test_durations_in_words(self):
        from datetime import timedelta

        from filmarchive.templatetags.archive import duration

        self.assertEqual(duration(timedelta(minutes=15)), "15 minutes")
        self.assertEqual(duration(timedelta(minutes=1)), "1 minute")
        self.assertEqual(duration(timedelta(hours=1)), "1 hour")
        self.assertEqual(duration(timedelta(minutes=150)), "2 hours 30 minutes")


class EscapingTests(TestCase):
    def test_linked_text_is_escaped(self):
        html = link_mentions(
            '<script>alert(1)</script> Ben Hynes & "co"', {"Ben Hynes": "/people/ben-hynes/"}
        )
        self.assertEqual(
            html,
            "&lt;script&gt;alert(1)&lt;/script&gt; "
            '<a href="/people/ben-hynes/">Ben Hynes</a> &amp; &quot;co&quot;',
        )


class QueryCountTests(TestCase):
    """Each page fetches its data in a fixed number of queries: the same with 5 reviews as with 500."""

    fixtures = ["archive"]
    maxDiff = None
    # Each list of interviews fetches their interviewers in one more query.
    EXPECTED = {
        "home": 5,
        "film list": 3,
        "film page": 14,  # "Mentioned in": one query per kind of passage that can name it
        "all reviews": 3,  # the number of reviews is the film's stored figure, not a COUNT
        "review": 2,
        "person (director)": 12,
        "person (critic)": 7,
        "interview list": 5,
        "interview": 8,
        "source": 9,
        "search": 6,
    }

    def pages(self):
        review = Review.objects.filter(author__slug="adam-cook").first()
        return {
            "home": "/",
            "film list": "/films/",
            "film page": FILM,
            "all reviews": reverse("reviews:film-reviews", args=["the-missing-picture"]),
            "review": review.get_absolute_url(),
            "person (director)": "/people/rithy-panh/",
            "person (critic)": "/people/adam-cook/",
            "interview list": "/interviews/",
            "interview": INTERVIEW,
            "source": "/sources/film-the-missing-picture/",
            "search": "/search/?q=picture",
        }

    def count(self):
        counts = {}
        for name, url in self.pages().items():
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            counts[name] = len(queries)
        return counts

    @staticmethod
    def grow(n):
        """495 more reviews, credits, films and turns; the critic Adam Cook reviews each new film."""
        film = Film.objects.get(slug="the-missing-picture")
        panh = Person.objects.get(slug="rithy-panh")
        cook = Person.objects.get(slug="adam-cook")
        people = Person.objects.bulk_create(
            Person(name=f"Critic {i}", slug=f"critic-{i}", sort_name=f"Critic {i}") for i in range(n)
        )
        films = Film.objects.bulk_create(Film(title=f"Picture {i}", slug=f"picture-{i}") for i in range(n))
        # Each with a source, as built reviews have, so that every "Source" link is exercised.
        page = {"source": film.source, "source_first_line": 1, "source_last_line": 2}
        Review.objects.bulk_create(
            Review(
                film=film, author=p, rating=1 + i % 10, body="A picture.", first_published_in="Here", **page
            )
            for i, p in enumerate(people)
        )
        Review.objects.bulk_create(
            Review(film=f, author=cook, rating=6, body="Picture.", **page) for f in films
        )
        Credit.objects.bulk_create(
            Credit(film=film, person=p, role="cast", order=i) for i, p in enumerate(people)
        )
        Credit.objects.bulk_create(Credit(film=f, person=panh, role="director") for f in films)
        interview = Interview.objects.get()
        Turn.objects.bulk_create(
            Turn(interview=interview, position=7 + i, kind="answer", speaker=panh, body="Picture.")
            for i in range(n)
        )

    def test_query_counts_do_not_grow(self):
        self.assertEqual(Review.objects.count(), 5)
        small = self.count()
        self.grow(495)
        self.assertEqual(Review.objects.filter(film__slug="the-missing-picture").count(), 500)
        self.assertEqual(self.count(), small)
        self.assertEqual(small, self.EXPECTED)
