"""What a feed reader makes of the feeds: members' words as the words they wrote, never as markup."""

import datetime
from html.parser import HTMLParser

import feedparser
from django.test import TestCase

from tests import factories as make

HOSTILE = (
    '<script>alert("x")</script> <b>bold</b> &amp; "double" and \'single\' quotes, '
    '<img src=x onerror="alert(1)"> <a href="https://evil.example/">a link</a> 5 < 6 > 4'
)


class _Markup(HTMLParser):
    """The tags in a piece of HTML, and its paragraphs' text as a reader sees it."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.paragraphs, self.in_paragraph = [], [], False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "p":
            self.paragraphs.append("")
            self.in_paragraph = True

    def handle_endtag(self, tag):
        if tag == "p":
            self.in_paragraph = False

    def handle_data(self, data):
        if self.in_paragraph:
            self.paragraphs[-1] += data


def read(client, url):
    """The feed as a feed reader parses it."""
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


class ReviewFeedTextTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        film = make.film("The Missing Picture")
        cls.member = make.member("ada", name="Ada Critic")
        make.review(film, member=cls.member, body=f"{HOSTILE}\n\nA second paragraph & more.")
        make.review(
            make.film("Parasite"),
            member=cls.member,
            body="The family in the basement is the twist.",
            contains_spoilers=True,
        )

    def entries(self):
        return {entry.title.split(" on ")[1]: entry for entry in read(self.client, "/feeds/reviews/").entries}

    def test_a_members_review_reads_back_as_the_text_they_wrote(self):
        summary = _Markup(self.entries()["The Missing Picture ★★★★"].summary)
        self.assertEqual(summary.paragraphs, [HOSTILE, "A second paragraph & more."])
        self.assertEqual(set(summary.tags), {"p"})  # the paragraphs, and no tag of the member's

    def test_a_spoiler_reviews_text_stays_out_of_the_feed(self):
        summary = _Markup(self.entries()["Parasite ★★★★"].summary)
        self.assertNotIn("basement", summary.paragraphs[0])
        self.assertIn("gives away the plot", summary.paragraphs[0])


class InterviewFeedTextTests(TestCase):
    def test_an_introduction_reads_back_as_its_text(self):
        make.interview("On clay", introduction=HOSTILE)
        (entry,) = read(self.client, "/feeds/interviews/").entries
        summary = _Markup(entry.summary)
        self.assertEqual(summary.paragraphs, [HOSTILE])
        self.assertEqual(set(summary.tags), {"p"})


class FeedDatesTests(TestCase):
    """Each item carries the date it was published, as feed readers sort and show them by."""

    def test_a_review_is_dated_when_it_was_published(self):
        film = make.film("The Missing Picture")
        critic = make.review(film, make.person("Adam Cook"), published_on=datetime.date(2014, 1, 5))
        make.review(film, make.person("Undated Critic"), published_on=None)
        member = make.member("ada", name="Ada Critic")
        written = make.review(film, member=member)
        entries = {entry.author: entry for entry in read(self.client, "/feeds/reviews/").entries}
        self.assertEqual(entries["Adam Cook"].published_parsed[:6], (2014, 1, 5, 0, 0, 0))
        self.assertEqual(entries["Ada Critic"].published_parsed[:6], written.created_at.utctimetuple()[:6])
        self.assertNotIn("published", entries["Undated Critic"])
        self.assertEqual(entries["Adam Cook"].link, f"http://testserver{critic.get_absolute_url()}")

    def test_an_interview_is_dated_when_it_was_published(self):
        make.interview("On clay", published_on=datetime.date(2014, 3, 4))
        (entry,) = read(self.client, "/feeds/interviews/").entries
        self.assertEqual(entry.published_parsed[:6], (2014, 3, 4, 0, 0, 0))

    def test_an_edit_to_an_older_item_is_never_hidden_by_a_304(self):
        film = make.film("The Missing Picture")
        make.review(film, make.person("Adam Cook"), published_on=datetime.date(2024, 1, 5))
        older = make.review(film, make.person("Ben Hynes"), published_on=datetime.date(2014, 1, 5))
        seen = self.client.get("/feeds/reviews/")
        older.body = "Corrected since."
        older.save()
        headers = {"If-Modified-Since": seen["Last-Modified"]} if seen.has_header("Last-Modified") else {}
        again = self.client.get("/feeds/reviews/", headers=headers)
        self.assertEqual(again.status_code, 200)
        self.assertContains(again, "Corrected since.")
