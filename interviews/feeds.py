"""The RSS feed of the latest interviews."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy

from interviews.models import Interview

LATEST = 20


class LatestInterviewsFeed(Feed):
    title = "Film archive: latest interviews"
    link = reverse_lazy("interviews:interview-list")
    description = "The latest interviews in the film archive."

    def items(self):
        return Interview.objects.prefetch_related("interviewers")[:LATEST]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.introduction

    def item_author_name(self, item):
        return ", ".join(person.name for person in item.interviewers.all()) or None
