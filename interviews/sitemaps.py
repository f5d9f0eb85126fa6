"""The interviews' section of the sitemap."""

from filmarchive.sitemaps import RecordSitemap
from interviews.models import Interview

SITEMAPS = {"interviews": RecordSitemap(Interview.objects.all(), "interviews:interview-detail")}
