"""The RSS feed of the latest published reviews."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy

from reviews.models import Review

LATEST = 20


class LatestReviewsFeed(Feed):
    title = "Film archive: latest reviews"
    link = reverse_lazy("filmarchive:home")
    description = "The latest reviews in the film archive."

    def items(self):
        # The newest published reviews, read from their index (review_latest_idx).
        return Review.objects.published().latest_first().select_related("film", "author")[:LATEST]

    def item_title(self, item):
        rating = f" {item.stars}" if item.rating else ""
        return f"{item.author.name} on {item.film.title}{rating}"

    def item_description(self, item):
        return item.body

    def item_author_name(self, item):
        return item.author.name
