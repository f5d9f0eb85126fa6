"""The RSS feed of the latest published reviews.

Feed readers read a description as HTML, and a member's review is plain text that may hold anything,
tags included: it goes out escaped, in paragraphs, so that it reads back as the words written and
never as markup. A review that gives the plot away keeps its text to the site.
"""

from django.urls import reverse_lazy
from django.utils.html import linebreaks

from filmarchive.feeds import ArchiveFeed, day_published
from filmarchive.models import select_shown
from reviews.models import Review

LATEST = 20
SPOILER_NOTICE = "This review gives away the plot: its text is on the review's page."


class LatestReviewsFeed(ArchiveFeed):
    title = "Film archive: latest reviews"
    link = reverse_lazy("filmarchive:home")
    description = "The latest reviews in the film archive."

    def items(self):
        # The newest published reviews, read from their index (review_latest_idx).
        return select_shown(Review.objects.published().latest_first(), "film", "author")[:LATEST]

    def item_title(self, item):
        rating = f" {item.stars}" if item.rating else ""
        return f"{item.author.name} on {item.film.title}{rating}"

    def item_description(self, item):
        if item.contains_spoilers:
            return linebreaks(SPOILER_NOTICE, autoescape=True)
        return linebreaks(item.body, autoescape=True)

    def item_author_name(self, item):
        return item.author.name

    def item_pubdate(self, item):
        """When it was published: a member's review when they wrote it, a critic's on its day."""
        return item.created_at or day_published(item.published_on)
