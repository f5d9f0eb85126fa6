"""The reviews' section of the sitemap: every published review's permalink."""

from filmarchive.sitemaps import RecordSitemap
from reviews.models import Review

SITEMAPS = {"reviews": RecordSitemap(Review.objects.published().order_by("pk"))}
