"""The RSS feed of the latest interviews.

An introduction is plain text; feed readers read a description as HTML, so it goes out escaped, in
paragraphs, and reads back as the words written whatever they hold.
"""

from django.urls import reverse_lazy
from django.utils.html import linebreaks

from filmarchive.feeds import ArchiveFeed, day_published
from interviews.models import Interview

LATEST = 20


class LatestInterviewsFeed(ArchiveFeed):
    title = "Film archive: latest interviews"
    link = reverse_lazy("interviews:interview-list")
    description = "The latest interviews in the film archive."

    def items(self):
        return Interview.objects.with_interviewers()[:LATEST]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return linebreaks(item.introduction, autoescape=True)

    def item_author_name(self, item):
        return ", ".join(person.name for person in item.interviewer_list) or None

    def item_pubdate(self, item):
        return day_published(item.published_on)
