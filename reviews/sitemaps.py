"""The reviews' section of the sitemap: every published review's permalink, by key range."""

from filmarchive.sitemaps import RecordSitemap
from reviews.models import Review

SITEMAPS = {"reviews": RecordSitemap(Review.objects.published(), "reviews:review-detail", field="pk")}
