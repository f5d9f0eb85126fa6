"""RSS feeds of the latest reviews and interviews."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy

from interviews.models import Interview
from reviews.models import Review

LATEST = 20


class LatestReviewsFeed(Feed):
    title = "Film archive: latest reviews"
    link = reverse_lazy("filmarchive:home")
    description = "The latest reviews in the film archive."

    def items(self):
        return Review.objects.published().select_related("film", "author")[:LATEST]

    def item_title(self, item):
        rating = f" {item.stars}" if item.rating else ""
        return f"{item.author.name} on {item.film.title}{rating}"

    def item_description(self, item):
        return item.body

    def item_author_name(self, item):
        return item.author.name


class LatestInterviewsFeed(Feed):
    title = "Film archive: latest interviews"
    link = reverse_lazy("interviews:interview-list")
    description = "The latest interviews in the film archive."

    def items(self):
        return Interview.objects.select_related("interviewer")[:LATEST]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.introduction

    def item_author_name(self, item):
        return item.interviewer.name if item.interviewer else None
