"""Each of the site's pages fetches its data in a fixed number of queries: the same with 5 reviews as
with 500. (Each app pins its own pages: tests/reviews/, tests/interviews/.)"""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from filmarchive.models import Credit, Film, Mention, Person
from interviews.models import Interview, Turn
from reviews.models import Review
from tests import factories as make
from tests.helpers import QueryCountMixin


class SiteQueryCountTests(QueryCountMixin, TestCase):
    maxDiff = None
    # Each list of interviews fetches their interviewers in one more query.
    EXPECTED = {
        "home": 5,
        "film list": 3,
        "film page": 14,  # "Mentioned in": one query per kind of passage that can name it
        "person (director)": 12,
        "person (critic)": 7,
        "source": 9,
        # On PostgreSQL, search prices the GIN index inside a transaction of its own: in a test, a
        # savepoint, the setting and the savepoint's release.
        "search": 9 if connection.vendor == "postgresql" else 6,
    }

    @classmethod
    def setUpTestData(cls):
        # Every record cites a document, as built ones do, so that every "Source" link is exercised.
        cls.document = make.source_document("A film page")
        cls.panh = make.person("Rithy Panh", source=cls.document)
        cls.cook = make.person("Adam Cook", source=cls.document)
        cls.film = make.film(
            "The Missing Picture", directors=[cls.panh], cast=[make.person()], source=cls.document
        )
        for rating in [8, 8, 9, 9]:
            make.review(cls.film, rating=rating, source=cls.document, lines=(2, 3))
        make.review(cls.film, cls.cook, source=cls.document, lines=(4, 5))
        make.mention(cls.document, 4, film=cls.film)
        make.mention(make.source_document("An interview", kind="interview"), 1, film=cls.film)
        make.mention(cls.document, 2, person=cls.panh)
        cls.interview = make.interview(
            "Rithy Panh on The Missing Picture",
            interviewers=[make.person("Sheerly Avni")],
            subjects=[cls.panh],
            films=[cls.film],
            source=cls.document,
        )
        make.turn(cls.interview, "question")
        make.turn(cls.interview, "answer")

    def pages(self):
        return {
            "home": "/",
            "film list": "/films/",
            "film page": self.film.get_absolute_url(),
            "person (director)": self.panh.get_absolute_url(),
            "person (critic)": self.cook.get_absolute_url(),
            "source": self.document.get_absolute_url(),
            "search": "/search/?q=picture",
        }

    def grow(self, n):
        """n more critics reviewing the film, films Panh directs, cast, turns and mentions; 20 more
        interviews; 45 more reviews by the critic: every list a page shows gets longer.

        (A person's page shows each review whole, unpaginated: rendering 45 costs a tenth of 495, and
        a query per review would show just the same.)"""
        page = {"source": self.document, "lines": (1, 2)}
        people = Person.objects.bulk_create(make.person(f"Critic {i}", save=False) for i in range(n))
        films = Film.objects.bulk_create(make.film(f"Picture {i}", save=False) for i in range(n))
        Review.objects.bulk_create(
            make.review(self.film, p, rating=1 + i % 10, body="A picture.", save=False, **page)
            for i, p in enumerate(people)
        )
        Review.objects.bulk_create(
            make.review(f, self.cook, rating=6, save=False, **page) for f in films[:45]
        )
        Credit.objects.bulk_create(
            make.credit(self.film, p, "cast", order=i, save=False) for i, p in enumerate(people)
        )
        Credit.objects.bulk_create(make.credit(f, self.panh, save=False) for f in films)
        Turn.objects.bulk_create(
            make.turn(
                self.interview, "answer", body="Picture.", speaker=self.panh, position=3 + i, save=False
            )
            for i in range(n)
        )
        Mention.objects.bulk_create(
            make.mention(self.document, 1 + i % 20, f"Critic {i}", person=p, save=False)
            for i, p in enumerate(people)
        )
        for i in range(20):
            make.interview(
                f"Another picture {i}", interviewers=people[:3], subjects=[self.panh], films=[self.film]
            )

    def test_query_counts_do_not_grow(self):
        small = self.count_all(self.pages())
        self.grow(495)
        self.assertEqual(Review.objects.filter(film=self.film).count(), 500)
        self.assertEqual(Interview.objects.count(), 21)
        self.assertEqual(Review.objects.filter(author=self.cook).count(), 46)
        self.assertEqual(self.count_all(self.pages()), small)
        self.assertEqual(small, self.EXPECTED)

    def test_no_page_fetches_a_search_vector(self):
        """A review's search vector is about as long as its text, and no page shows it: searches ask
        the database to match and rank by it, but never read it back."""
        for name, url in self.pages().items():
            with self.subTest(name), CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(url).status_code, 200)
            for query in captured:
                select_list = query["sql"].split(" FROM ", 1)[0]
                # Ranking by it (PostgreSQL's ts_rank) is the database's work; fetching it is not.
                self.assertNotRegex(select_list, r'(?<!ts_rank\()"\w+"\."search_vector"')

    def test_a_record_named_beside_another_comes_without_its_long_text(self):
        """A review's film and author, a credit's film or person, are links: their synopsis and
        biography are fetched only where the film's or the person's own page shows them."""
        for name, url in self.pages().items():
            with self.subTest(name), CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(url).status_code, 200)
            for query in captured:
                select_list, _, rest = query["sql"].partition(" FROM ")
                main_table = rest.split()[0].strip('"') if rest else ""
                for table, column in (("filmarchive_film", "synopsis"), ("filmarchive_person", "biography")):
                    if main_table != table:
                        self.assertNotIn(f'"{table}"."{column}"', select_list)
