"""Sitemap sections for the core's records; the site assembles them with the apps' own."""

from django.contrib.sitemaps import Sitemap

from filmarchive.models import Film, Person, SourceDocument


class RecordSitemap(Sitemap):
    """Every record of a queryset, at its ``get_absolute_url()``."""

    def __init__(self, queryset):
        self.queryset = queryset

    def items(self):
        return self.queryset


SITEMAPS = {
    "films": RecordSitemap(Film.objects.order_by("slug")),
    "people": RecordSitemap(Person.objects.order_by("slug")),
    "sources": RecordSitemap(SourceDocument.objects.order_by("slug")),
}
