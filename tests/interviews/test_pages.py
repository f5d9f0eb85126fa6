"""The interviews: the list, each conversation in order with its figures and linked names, the feed."""

import re
from datetime import date

from django.test import TestCase
from django.urls import reverse

from filmarchive.models import Person
from interviews.models import Figure, Interview, Turn
from tests import factories as make
from tests.helpers import QueryCountMixin, json_ld, visible_text


def text_of_turns(response, kind):
    """The speakers of the page's turns of one kind, in order."""
    return re.findall(
        rf'class="turn turn-{kind}">\s*<p class="speaker">\s*<a href="[^"]*">([^<]*)</a>',
        response.content.decode(),
    )


class InterviewPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.document = make.source_document(
            "Rithy Panh on The Missing Picture: interview",
            kind="interview",
            lines=[f"Line {n}." for n in range(1, 31)],
        )
        cls.avni = make.person("Sheerly Avni")
        cls.panh = make.person("Rithy Panh")
        cls.film = make.film("The Missing Picture")
        cls.pol_pot = make.person("Pol Pot")
        cls.bophana = make.film("Bophana")
        cls.interview = make.interview(
            "Rithy Panh on The Missing Picture",
            title_is_editorial=True,
            interviewers=[cls.avni],
            subjects=[cls.panh],
            films=[cls.film],
            introduction="Rithy Panh survived the regime of Pol Pot.\n\nHe tells it again, in clay.",
            published_in="Tribeca",
            published_on=date(2014, 3, 4),
            source=cls.document,
            lines=(1, 25),
        )
        make.mention(cls.document, 3, person=cls.pol_pot)
        make.mention(cls.document, 21, film=cls.bophana)
        # Made out of order: the page follows the positions.
        conversation = [
            (4, "answer", "Yes, as I did in Bophana.", 21),
            (1, "question", "How did you arrive at the idea of using clay?", 11),
            (3, "question", "How so?", 19),
            (2, "answer", "It started out as a very personal attempt.\n\nWe were a family.", 13),
            (6, "answer", "Oh yes, especially at first.", 25),
            (5, "question", "Was it challenging?", 23),
        ]
        for position, kind, body, line in conversation:
            make.turn(cls.interview, kind, body=body, position=position, source=cls.document, lines=line)
        make.figure(cls.interview, 'Detail from the poster of "The Missing Picture."', source=cls.document)
        make.figure(cls.interview, "Rithy Panh", alt_text="Rithy Panh, smiling", source=cls.document, lines=6)

    def get(self):
        return self.client.get(self.interview.get_absolute_url())

    def test_heading(self):
        response = self.get()
        self.assertContains(response, "<h1>Rithy Panh on The Missing Picture</h1>", html=True)
        self.assertContains(response, "Title supplied by the archive")
        text = visible_text(response)
        self.assertIn("By Sheerly Avni Tribeca", text)
        self.assertIn("With Rithy Panh, on The Missing Picture", text)
        for person in (self.avni, self.panh):
            self.assertContains(
                response, f'<a href="{person.get_absolute_url()}">{person.name}</a>', html=True
            )
        self.assertContains(response, f'href="{self.film.get_absolute_url()}"')
        self.assertContains(response, f'href="{self.interview.get_source_url()}"')

    def test_a_title_from_the_article_has_no_note(self):
        Interview.objects.filter(pk=self.interview.pk).update(title_is_editorial=False)
        self.assertNotContains(self.get(), "Title supplied by the archive")

    def test_turns_in_order_questions_and_answers(self):
        response = self.get()
        turns = list(response.context["interview"].turns.all())
        self.assertEqual([turn.position for turn in turns], [1, 2, 3, 4, 5, 6])
        self.assertContains(response, "turn-question", count=3)
        self.assertContains(response, "turn-answer", count=3)
        self.assertContains(response, ' class="question"', count=3)  # the questions' paragraphs
        self.assertEqual(text_of_turns(response, "question"), ["Sheerly Avni"] * 3)
        self.assertEqual(text_of_turns(response, "answer"), ["Rithy Panh"] * 3)
        content = response.content.decode()
        first, second, third = (content.index(f'id="turn-{n}"') for n in (1, 2, 3))
        self.assertLess(first, second)
        self.assertLess(second, third)
        # Each paragraph of a turn is a paragraph of the page.
        self.assertContains(response, "<p>It started out as a very personal attempt.</p>", html=True)
        self.assertContains(response, "<p>We were a family.</p>", html=True)

    def test_figures_with_their_captions(self):
        response = self.get()
        self.assertContains(response, '<figure id="figure-1" class="figure">')
        self.assertContains(
            response,
            "<figcaption>Detail from the poster of &quot;The Missing Picture.&quot;</figcaption>",
            html=True,
        )
        self.assertContains(response, "<figcaption>Rithy Panh</figcaption>", html=True)
        # The archive has no image file: a small placeholder says so, the caption says what it shows.
        placeholder = '<div class="placeholder figure-placeholder">No image in the archive</div>'
        self.assertContains(response, placeholder, count=2, html=True)

    def test_names_are_linked_where_they_are_mentioned(self):
        response = self.get()
        self.assertContains(response, f'<a href="{self.pol_pot.get_absolute_url()}">Pol Pot</a>')
        self.assertContains(response, f'<a href="{self.bophana.get_absolute_url()}">Bophana</a>')

    def test_json_ld(self):
        article = json_ld(self.get())
        self.assertEqual(article["@type"], "Article")
        self.assertEqual(article["headline"], "Rithy Panh on The Missing Picture")
        self.assertEqual(article["url"], f"http://testserver{self.interview.get_absolute_url()}")
        self.assertEqual(article["author"]["name"], "Sheerly Avni")
        self.assertEqual([a["name"] for a in article["about"]], ["Rithy Panh", "The Missing Picture"])
        self.assertEqual([a["@type"] for a in article["about"]], ["Person", "Movie"])
        self.assertEqual(sorted(m["name"] for m in article["mentions"]), ["Bophana", "Pol Pot"])
        self.assertEqual(article["datePublished"], "2014-03-04")

    def test_json_ld_with_two_interviewers(self):
        self.interview.interviewers.add(make.person("Ben Hynes"))
        article = json_ld(self.get())
        self.assertEqual(sorted(a["name"] for a in article["author"]), ["Ben Hynes", "Sheerly Avni"])

    def test_json_ld_of_an_undated_interview_by_nobody_named(self):
        Interview.objects.filter(pk=self.interview.pk).update(published_on=None)
        self.interview.interviewers.clear()
        article = json_ld(self.get())
        self.assertNotIn("datePublished", article)
        self.assertNotIn("author", article)

    def test_unknown_interviews_are_404(self):
        self.assertEqual(
            self.client.get(reverse("interviews:interview-detail", args=["no-such-interview"])).status_code,
            404,
        )


class InterviewListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.avni = make.person("Sheerly Avni")
        cls.older = make.interview("An older interview", published_on=date(2010, 1, 1))
        cls.newer = make.interview(
            "Rithy Panh on The Missing Picture", interviewers=[cls.avni], published_on=date(2014, 3, 4)
        )

    def test_newest_first_with_their_interviewers(self):
        response = self.client.get(reverse("interviews:interview-list"))
        self.assertEqual(list(response.context["interviews"]), [self.newer, self.older])
        self.assertIn(
            "Rithy Panh on The Missing Picture, by Sheerly Avni An older interview", visible_text(response)
        )
        self.assertContains(response, f'href="{self.newer.get_absolute_url()}"')
        self.assertContains(response, f'href="{self.avni.get_absolute_url()}"')

    def test_undated_interviews_come_after_the_dated_on_every_database(self):
        undated = make.interview("An undated interview")
        response = self.client.get(reverse("interviews:interview-list"))
        self.assertEqual(list(response.context["interviews"]), [self.newer, self.older, undated])
        home = self.client.get(reverse("filmarchive:home"))
        self.assertEqual(list(home.context["interviews"]), [self.newer, self.older, undated])
        feed = self.client.get("/feeds/interviews/").content.decode()
        self.assertLess(feed.index(self.older.title), feed.index(undated.title))

    def test_pages_of_twenty(self):
        for n in range(20):
            make.interview(f"Interview {n}", published_on=date(2000, 1, 1))
        url = reverse("interviews:interview-list")
        self.assertEqual(len(self.client.get(url).context["interviews"]), 20)
        self.assertEqual(len(self.client.get(url, {"page": 2}).context["interviews"]), 2)
        self.assertEqual(self.client.get(url, {"page": 3}).status_code, 404)

    def test_none_yet(self):
        Interview.objects.all().delete()
        self.assertContains(self.client.get(reverse("interviews:interview-list")), "No interviews yet.")


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make.interview(
            "Rithy Panh on The Missing Picture",
            interviewers=[make.person("Sheerly Avni")],
            introduction="He tells it again, in clay.",
            published_on=date(2014, 3, 4),
        )
        make.interview("Nobody asked", published_on=date(2010, 1, 1))

    def test_the_latest_interviews(self):
        response = self.client.get("/feeds/interviews/")
        self.assertEqual(response["Content-Type"], "application/rss+xml; charset=utf-8")
        self.assertContains(response, "<item>", count=2)
        self.assertContains(response, "<title>Rithy Panh on The Missing Picture</title>")
        self.assertContains(
            response, "<description>&lt;p&gt;He tells it again, in clay.&lt;/p&gt;</description>"
        )
        self.assertContains(response, ">Sheerly Avni</dc:creator>", count=1)
        content = response.content.decode()
        self.assertLess(content.index("Rithy Panh on"), content.index("Nobody asked"))  # newest first


class InterviewsQueryCountTests(QueryCountMixin, TestCase):
    """The interviews' pages take a fixed number of queries, however long the conversation."""

    # The list: the page count, the page, its interviewers (subjects and films are not shown there).
    EXPECTED = {"interview list": 3, "interview": 8}

    @classmethod
    def setUpTestData(cls):
        cls.document = make.source_document("An interview", kind="interview")
        cls.panh = make.person("Rithy Panh")
        cls.interview = make.interview(
            interviewers=[make.person()],
            subjects=[cls.panh],
            films=[make.film()],
            source=cls.document,
            lines=(1, 20),
        )
        make.turn(cls.interview, "question", source=cls.document, lines=2)
        make.turn(cls.interview, "answer", source=cls.document, lines=3)
        make.figure(cls.interview)
        make.mention(cls.document, 3, person=cls.panh)

    def pages(self):
        return {
            "interview list": reverse("interviews:interview-list"),
            "interview": self.interview.get_absolute_url(),
        }

    def test_query_counts_do_not_grow(self):
        small = self.count_all(self.pages())
        n = 200
        people = Person.objects.bulk_create(make.person(save=False) for _ in range(n))
        Turn.objects.bulk_create(
            make.turn(self.interview, "answer", speaker=p, position=3 + i, save=False)
            for i, p in enumerate(people)
        )
        Figure.objects.bulk_create(make.figure(self.interview, position=2 + i, save=False) for i in range(n))
        self.interview.interviewers.add(*people[:20])
        self.interview.films.add(*[make.film() for _ in range(5)])
        for _ in range(25):
            make.interview(interviewers=people[:3], subjects=[self.panh])
        self.assertEqual(self.count_all(self.pages()), small)
        self.assertEqual(small, self.EXPECTED)


class InterviewDescriptionTests(TestCase):
    def test_the_description_is_cut_between_whole_characters(self):
        family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
        interview = make.interview(introduction="x" * 196 + family * 3)
        page = self.client.get(interview.get_absolute_url())
        description = re.search(r'<meta name="description"\s+content="([^"]*)"', page.content.decode())[1]
        self.assertEqual(description, "x" * 196 + "…")

    def test_an_interview_without_an_introduction_is_described_by_its_title(self):
        interview = make.interview("Rithy Panh on The Missing Picture", introduction="")
        page = self.client.get(interview.get_absolute_url())
        description = re.search(r'<meta name="description"\s+content="([^"]*)"', page.content.decode())[1]
        self.assertEqual(description, "Rithy Panh on The Missing Picture")
