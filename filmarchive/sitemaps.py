from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from filmarchive.models import Film, Person, SourceDocument
from interviews.models import Interview
from reviews.models import Review


class PagesSitemap(Sitemap):
    def items(self):
        return ["filmarchive:home", "filmarchive:film-list", "interviews:interview-list"]

    def location(self, item):
        return reverse(item)


class RecordSitemap(Sitemap):
    def __init__(self, queryset):
        self.queryset = queryset

    def items(self):
        return self.queryset


SITEMAPS = {
    "pages": PagesSitemap(),
    "films": RecordSitemap(Film.objects.order_by("slug")),
    "people": RecordSitemap(Person.objects.order_by("slug")),
    "interviews": RecordSitemap(Interview.objects.order_by("slug")),
    "reviews": RecordSitemap(Review.objects.published().order_by("pk")),
    "sources": RecordSitemap(SourceDocument.objects.order_by("slug")),
}
