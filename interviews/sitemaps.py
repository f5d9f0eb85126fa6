"""The interviews' section of the sitemap."""

from filmarchive.sitemaps import RecordSitemap
from interviews.models import Interview

SITEMAPS = {"interviews": RecordSitemap(Interview.objects.order_by("slug"))}
