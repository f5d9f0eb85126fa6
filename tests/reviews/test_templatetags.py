"""The reviews' template tags on their own: what a card, a film in a list and a rating show, escaped."""

from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.template import Context
from django.test import TestCase

from filmarchive.templatetags.archive import options
from reviews.models import LONG_REVIEW_CHARACTERS
from reviews.templatetags.ratings import film_item, review_card, star_rating
from tests import factories as make
from tests import helpers

HOSTILE = '<script>alert("x")</script> & co'


def visible_text(html):
    return helpers.visible_text(SimpleNamespace(content=html.encode()))


class ReviewCardTests(TestCase):
    def card(self, review, user=None, **options):
        return review_card(Context({"user": user or AnonymousUser()}), review, **options)

    def test_every_text_is_escaped(self):
        member = make.member("ada", name=HOSTILE)
        review = make.review(
            make.film(HOSTILE), member=member, body=f"{HOSTILE}\n\nA second paragraph.", rating=7
        )
        html = self.card(review, show_film=True)
        self.assertNotIn("<script>", html)
        self.assertEqual(html.count("&lt;script&gt;"), 4)  # the film, the author, the permalink, the text
        self.assertIn(f"{HOSTILE}, reviewed by {HOSTILE} @ada Member", visible_text(html))
        self.assertIn('aria-label="3.5 out of 5">★★★½</span>', html)

    def test_the_reader_may_report_another_s_review_and_edit_their_own(self):
        member, other = make.member(), make.member()
        review = make.review(member=member)
        self.assertNotIn("Report", self.card(review))
        self.assertIn("Report", self.card(review, other))
        own = self.card(review, member)
        self.assertNotIn("Report", own)
        self.assertIn(f'href="/reviews/{review.pk}/delete/"', own)
        self.assertIn("Edit your review", visible_text(own))

    def test_a_long_review_folds_after_its_first_paragraph_unless_whole(self):
        first, rest = "Opening words.", "x" * LONG_REVIEW_CHARACTERS
        review = make.review(body=f"{first}\n\n{rest}")
        folded = self.card(review)
        self.assertLess(folded.index(first), folded.index("<details"), folded.index(rest))
        self.assertNotIn("<details", self.card(review, whole=True))

    def test_spoilers_are_hidden_until_asked_for(self):
        html = self.card(make.review(body="The ending.", contains_spoilers=True))
        self.assertLess(html.index('<details class="spoiler">'), html.index("The ending."))


class FilmItemAndOptionsTests(TestCase):
    def test_a_film_in_a_list_escaped_with_its_year_and_average(self):
        film = make.film(HOSTILE, year=1999)
        film.rating_count, film.average_rating = 3, 3.25
        html = film_item(film)
        self.assertNotIn("<script>", html)
        self.assertEqual(visible_text(html), f"{HOSTILE} 1999 ★★★3.3")
        film.rating_count, film.year = 0, None
        self.assertEqual(visible_text(film_item(film)), HOSTILE)

    def test_an_unrated_review_shows_no_stars(self):
        self.assertEqual(star_rating(None), "")

    def test_options_escape_and_mark_the_chosen_one(self):
        html = options([("a", "A"), ('"b"', HOSTILE)], '"b"')
        self.assertEqual(
            html,
            '<option value="a">A</option><option value="&quot;b&quot;" selected>'
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</option>",
        )
