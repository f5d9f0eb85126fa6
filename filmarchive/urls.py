"""The site's URLs. The core app's pages are named in the ``filmarchive`` namespace."""

from django.contrib import admin
from django.urls import include, path

from filmarchive import views

archive_patterns = [
    path("", views.home, name="home"),
    path("films/", views.FilmListView.as_view(), name="film-list"),
    path("films/<slug:slug>/", views.FilmDetailView.as_view(), name="film-detail"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("sources/<slug:slug>/", views.SourceDocumentDetailView.as_view(), name="source-detail"),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("", include((archive_patterns, "filmarchive"))),
    path("", include("reviews.urls")),
    path("interviews/", include("interviews.urls")),
    path("admin/", admin.site.urls),
]
