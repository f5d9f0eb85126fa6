"""The site's URLs (``ROOT_URLCONF``). The archive's own pages are named in the ``filmarchive``
namespace; each app names its pages in its own (``reviews:``, ``interviews:``).

Slugs may be written in any script (``uslug``, registered by the core app).
"""

from django.contrib import admin
from django.urls import include, path

from filmarchive import accounts, email_addresses
from filmarchive import sitemaps as archive_sitemaps
from filmarchive.signin import SignInForm
from filmarchive.site import account, views
from filmarchive.site.sitemaps import SITEMAPS

archive_patterns = [
    path("", views.home, name="home"),
    path("films/", views.FilmListView.as_view(), name="film-list"),
    path("films/<uslug:slug>/", views.FilmDetailView.as_view(), name="film-detail"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<uslug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("sources/", views.SourceDocumentListView.as_view(), name="source-list"),
    path("sources/<uslug:slug>/", views.SourceDocumentDetailView.as_view(), name="source-detail"),
    path("sources/<uslug:slug>/text", views.source_text, name="source-text"),
    path("search/", views.search, name="search"),
]

# A database that does not answer is a 503, "temporarily unavailable"; anything else the 500 page.
handler500 = views.server_error

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    # An index of the sections with URLs, each split into pages of at most 10,000 (filmarchive.sitemaps).
    path(
        "sitemap.xml",
        archive_sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", archive_sitemaps.section, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("media/<path:path>", views.media, name="media"),
    path("", include((archive_patterns, "filmarchive"))),
    path("", include("reviews.urls")),
    path("", include("interviews.urls")),
    path("accounts/sign-up/", accounts.sign_up, name="sign-up"),
    # Django's reset view, mailing only verified addresses, with limits (filmarchive.email_addresses).
    path("accounts/password_reset/", email_addresses.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/confirm-email/", email_addresses.email_status, name="confirm-email"),
    path("accounts/confirm-email/<str:token>/", email_addresses.verify_email, name="verify-email"),
    path("accounts/login/", account.SignInView.as_view(authentication_form=SignInForm), name="login"),
    path("accounts/", account.account, name="account"),
    path("accounts/welcome/", account.welcome, name="account-welcome"),
    path("accounts/name/", account.change_name, name="account-name"),
    path("accounts/email/", account.change_email, name="account-email"),
    path("accounts/data.json", account.data_json, name="account-data"),
    path("accounts/reviews.csv", account.reviews_csv, name="account-reviews-csv"),
    path("accounts/close/", account.close, name="account-close"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
