"""The site's URLs. The core app's pages are named in the ``filmarchive`` namespace."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from filmarchive import accounts, views
from filmarchive.feeds import LatestInterviewsFeed, LatestReviewsFeed
from filmarchive.sitemaps import SITEMAPS

archive_patterns = [
    path("", views.home, name="home"),
    path("films/", views.FilmListView.as_view(), name="film-list"),
    path("films/<slug:slug>/", views.FilmDetailView.as_view(), name="film-detail"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("sources/<slug:slug>/", views.SourceDocumentDetailView.as_view(), name="source-detail"),
    path("search/", views.search, name="search"),
    path("feeds/reviews/", LatestReviewsFeed(), name="review-feed"),
    path("feeds/interviews/", LatestInterviewsFeed(), name="interview-feed"),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include((archive_patterns, "filmarchive"))),
    path("", include("reviews.urls")),
    path("interviews/", include("interviews.urls")),
    path("accounts/sign-up/", accounts.sign_up, name="sign-up"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
