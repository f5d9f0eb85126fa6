"""What a feed reader makes of the feeds: members' words as the words they wrote, never as markup."""

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
