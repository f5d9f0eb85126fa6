"""The sitemap: the site's own list pages, then every app's section."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from filmarchive.sitemaps import SITEMAPS as RECORDS
from interviews.sitemaps import SITEMAPS as INTERVIEWS
from reviews.sitemaps import SITEMAPS as REVIEWS


class PagesSitemap(Sitemap):
    def items(self):
        return ["filmarchive:home", "filmarchive:film-list", "interviews:interview-list"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": PagesSitemap(), **RECORDS, **INTERVIEWS, **REVIEWS}
