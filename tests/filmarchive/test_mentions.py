"""Linking the names a text mentions to their pages, within the lines a record was built from."""

from django.test import SimpleTestCase, TestCase

from filmarchive.mentions import attach_links, link_mentions
from tests import factories as make


class LinkMentionsTests(SimpleTestCase):
    def test_linked_text_is_escaped(self):
        html = link_mentions(
            '<script>alert(1)</script> Ben Hynes & "co"', {"Ben Hynes": "/people/ben-hynes/"}
        )
        self.assertEqual(
            html,
            "&lt;script&gt;alert(1)&lt;/script&gt; "
            '<a href="/people/ben-hynes/">Ben Hynes</a> &amp; &quot;co&quot;',
        )

    def test_whole_words_only_the_longest_first(self):
        links = {"Panh": "/p/", "Rithy Panh": "/rp/"}
        self.assertEqual(
            link_mentions("Rithy Panh, Panh, Panhs", links),
            '<a href="/rp/">Rithy Panh</a>, <a href="/p/">Panh</a>, Panhs',
        )


class AttachLinksTests(TestCase):
    def test_only_mentions_within_the_records_lines(self):
        document = make.source_document()
        panh, douc = make.person("Rithy Panh"), make.person("Randal Douc")
        make.mention(document, 3, person=panh)
        make.mention(document, 9, person=douc)
        inside = make.review(source=document, lines=(2, 4))
        by_hand = make.review()
        with self.assertNumQueries(1):
            attach_links([inside, by_hand])
        self.assertEqual(inside.mention_links, {"Rithy Panh": panh.get_absolute_url()})
        self.assertEqual(by_hand.mention_links, {})


class SentenceWithTests(SimpleTestCase):
    def test_the_texts_start_is_cut_between_whole_characters(self):
        from filmarchive.mentions import sentence_with

        flags = "\U0001f1fa\U0001f1f8\U0001f1e6\U0001f1fa" * 60  # the United States, Australia, ...
        start = sentence_with("x" + flags, "Panh")
        self.assertTrue(flags.startswith(start[1:]))
        self.assertEqual(len(start), 199)  # a flag's half is left out, not shown as another flag
