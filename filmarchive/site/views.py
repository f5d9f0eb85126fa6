"""The pages that bring the apps together: home, films, a film, a person, a source document, search;
and the site's plumbing (health check, robots.txt, favicon).

Pages that show one app's records only (a review, the interviews) live in that app.
"""

import logging
import re
import sys
import threading
from collections import defaultdict
from functools import cached_property
from pathlib import PurePosixPath
from urllib.parse import urlencode

from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.paginator import Paginator
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    connection,
    connections,
)
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.utils import load_backend
from django.http import FileResponse, Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.http import content_disposition_header
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from filmarchive import search as archive_search
from filmarchive import structured_data
from filmarchive.images import CONTENT_TYPES
from filmarchive.mentions import attach_links, mentioned_in
from filmarchive.models import Credit, Film, Mention, Person, Provenance, SourceDocument, select_shown
from filmarchive.pagecache import remembered
from filmarchive.renames import FollowRenamesMixin, follow_renames
from interviews.models import Interview
from reviews import structured_data as review_data
from reviews.models import Review, rating_of, with_rating

LATEST_REVIEWS_ON_FILM_PAGE = 5
LATEST_REVIEWS_ON_PERSON_PAGE = 10
MORE_FILMS = 6
MENTIONS_READ = 200  # the mentions looked at for a page's "Mentioned in"
HISTOGRAM_HEIGHT = 40  # the SVG's units; each bar is 10 wide

logger = logging.getLogger(__name__)


def _interviews():
    """Interviews as lists show them: with their interviewers, in one more query."""
    return Interview.objects.with_interviewers()


def home(request):
    return render(
        request,
        "site/home.html",
        {
            "films": with_rating(Film.objects.order_by("title", "slug"))[:12],
            "reviews": attach_links(
                select_shown(Review.objects.published().latest_first(), "film", "author", "member", "source")[
                    :6
                ]
            ),
            "interviews": _interviews()[:5],
        },
    )


def credits_by_role(credits):
    """Credits grouped under their role's label, roles in the vocabulary's order."""
    grouped = defaultdict(list)
    for credit in credits:
        grouped[credit.role].append(credit)
    return [(role.label, grouped[role.value]) for role in Credit.Role if grouped[role.value]]


def rating_histogram(rating):
    """One bar per half star, ½ to ★★★★★, each with its count and its height against the tallest.

    From the film's stored figures (``reviews.models.FilmRating``): no query.
    """
    histogram = rating.histogram()
    tallest = max(count for _, count in histogram)
    bars = []
    for half_stars, count in histogram:
        height = round(HISTOGRAM_HEIGHT * count / tallest, 1) if tallest else 0
        bars.append(
            {
                "stars": f"{half_stars / 2:g}",
                "count": count,
                "x": (half_stars - 1) * 10,
                "y": f"{HISTOGRAM_HEIGHT - height:g}",
                "height": f"{height:g}",
            }
        )
    return bars


def film_years():
    """The years films are from, newest first: one index probe per year, not a scan of every film.

    A "loose index scan" of film_year_title_idx: each step asks the index for the greatest year below
    the last one found. (PostgreSQL has no skip scan of its own; SQLite runs the same SQL.)
    """
    table = connection.ops.quote_name(Film._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE years(year) AS (
                SELECT MAX(year) FROM {table}
                UNION ALL
                SELECT (SELECT MAX(year) FROM {table} WHERE year < years.year) FROM years
                WHERE years.year IS NOT NULL
            )
            SELECT year FROM years WHERE year IS NOT NULL
            """  # noqa: S608 (the table's name is the model's, not input)
        )
        return [year for (year,) in cursor.fetchall()]


class RememberedCountPaginator(Paginator):
    """A paginator whose count, a scan of every row of a long list, is kept until the archive next
    changes (``remembered``) when ``count_key`` names the list; ``count_of`` counts instead of the
    list itself (the films without the join to their ratings, which a count does not need)."""

    def __init__(self, object_list, *args, count_of=None, count_key=None, **kwargs):
        super().__init__(object_list, *args, **kwargs)
        self.count_of = count_of if count_of is not None else object_list
        self.count_key = count_key

    @cached_property
    def count(self):
        if self.count_key:
            return remembered(self.count_key, self.count_of.count)
        return self.count_of.count()


class FilmListView(ListView):
    """Every film; ?sort=title|year|-year|rating, ?year=YYYY, ?person=slug. Unknown values are ignored."""

    paginate_by = 24
    context_object_name = "films"
    template_name = "site/film_list.html"
    SORTS = {
        "title": ("Title", ["title", "slug"]),
        "-year": ("Newest", [F("year").desc(nulls_last=True), "title"]),
        "year": ("Oldest", [F("year").asc(nulls_last=True), "title"]),
        # Every film has its ratings row, so this reads filmrating_average_idx in order, 24 rows.
        "rating": ("Highest rated", [Coalesce("rating__average", Value(0.0)).desc(), "rating__film"]),
    }

    def get_queryset(self):
        params = self.request.GET
        self.sort = params.get("sort") if params.get("sort") in self.SORTS else "title"
        films = Film.objects.all()
        self.year = params.get("year", "")
        # ASCII digits only: "²" and "٣" are digits to str.isdigit(), not to int().
        if re.fullmatch(r"[0-9]{1,4}", self.year):
            films = films.filter(year=int(self.year))
        else:
            self.year = ""
        self.person = None
        if params.get("person"):
            self.person = Person.objects.filter(slug=params["person"]).first()
            films = films.filter(credits__person=self.person).distinct() if self.person else films.none()
        self.unannotated = films
        if self.sort == "rating":
            films = films.filter(rating__isnull=False)  # an inner join, which the index can drive
        return with_rating(films).order_by(*self.SORTS[self.sort][1])

    def get_paginator(self, queryset, per_page, **kwargs):
        every_film = not self.year and not self.request.GET.get("person")
        return RememberedCountPaginator(
            queryset,
            per_page,
            count_of=self.unannotated,
            count_key="count:films" if every_film else None,
            **kwargs,
        )

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            sorts=[(key, label) for key, (label, _) in self.SORTS.items()],
            sort=self.sort,
            year=self.year,
            person=self.person,
            years=[(str(year), year) for year in remembered("film-years", film_years)],
            page_query=query.urlencode(),
            **kwargs,
        )


class FilmDetailView(FollowRenamesMixin, DetailView):
    queryset = with_rating(select_shown(Film.objects.all(), "source", "rating"))
    context_object_name = "film"
    template_name = "site/film_detail.html"

    def get_context_data(self, **kwargs):
        film = self.object
        credits = list(select_shown(film.credits.order_by("role", "order", "pk"), "person"))
        directors = [c.person for c in credits if c.role == Credit.Role.DIRECTOR]
        cast = [c.person for c in credits if c.role == Credit.Role.CAST]
        reviews = attach_links(
            select_shown(film.reviews.published().latest_first(), "author", "member", "source")[
                :LATEST_REVIEWS_ON_FILM_PAGE
            ]
        )
        for review in reviews:
            review.film = film
        # Where texts name the film; its own synopsis and its own reviews naming it are no news.
        mentions = film.mentions.order_by("source__slug", "line")[:MENTIONS_READ]
        user = self.request.user
        member_review = film.reviews.filter(member=user).first() if user.is_authenticated else None
        json_ld = structured_data.film(
            self.request,
            film,
            directors,
            cast,
            reviews=review_data.rated_review_items(self.request, reviews),
            aggregate_rating=review_data.aggregate_rating(film.average_rating, film.rating_count),
        )
        return super().get_context_data(
            credits_by_role=credits_by_role(credits),
            directors=directors,
            cast=cast,
            latest_reviews=reviews,
            member_review=member_review,
            histogram=rating_histogram(rating_of(film)),
            histogram_height=HISTOGRAM_HEIGHT,
            # Parts that change only when the archive does: kept until it next changes.
            interviews=remembered(
                f"interviews:film:{film.pk}", lambda: list(_interviews().filter(films=film))
            ),
            mentioned_in=remembered(
                f"mentioned-in:film:{film.pk}",
                lambda: mentioned_in(
                    mentions,
                    leave_out=lambda record: (
                        record == film or (isinstance(record, Review) and record.film_id == film.pk)
                    ),
                ),
            ),
            more_films=remembered(f"more-films:{film.pk}", lambda: self.more_films(film, directors)),
            json_ld=json_ld,
            **kwargs,
        )

    @staticmethod
    def more_films(film, directors):
        """Films by the same director first, then the others by title, up to MORE_FILMS.

        Two short index scans (credits by person, films by title) rather than one query that counts
        every film's credits.
        """
        same = list(
            Film.objects.filter(credits__role=Credit.Role.DIRECTOR, credits__person__in=directors)
            .exclude(pk=film.pk)
            .only("pk", "title", "slug")
            .distinct()
            .order_by("title", "slug")[:MORE_FILMS]
        )
        # Enough films by title that, once those by the director are left out, MORE_FILMS remain.
        others = Film.objects.exclude(pk=film.pk).only("pk", "title", "slug").order_by("title", "slug")
        others = others[: 2 * MORE_FILMS]
        shown = {other.pk for other in same}
        for other in same:
            other.by_same_director = True
        return (same + [other for other in others if other.pk not in shown])[:MORE_FILMS]


class PersonDetailView(FollowRenamesMixin, DetailView):
    queryset = select_shown(Person.objects.all(), "source")
    context_object_name = "person"
    template_name = "site/person_detail.html"

    def get_context_data(self, **kwargs):
        person = self.object
        # The latest few; "See all" leads to the paged list (reviews:person-reviews).
        reviews = attach_links(
            select_shown(person.reviews.published().latest_first(), "film", "member", "source")[
                : LATEST_REVIEWS_ON_PERSON_PAGE + 1
            ]
        )
        return super().get_context_data(
            credits_by_role=credits_by_role(
                select_shown(person.credits.order_by("role", "film__title"), "film")
            ),
            # Parts that change only when the archive does: kept until it next changes.
            interviews_given=remembered(
                f"interviews-given:{person.pk}", lambda: list(_interviews().filter(subjects=person))
            ),
            interviews_conducted=remembered(
                f"interviews-conducted:{person.pk}", lambda: list(person.interviews_conducted.all())
            ),
            reviews=reviews[:LATEST_REVIEWS_ON_PERSON_PAGE],
            more_reviews=len(reviews) > LATEST_REVIEWS_ON_PERSON_PAGE,
            mentioned_in=remembered(
                f"mentioned-in:person:{person.pk}",
                lambda: mentioned_in(person.mentions.order_by("source__slug", "line")[:MENTIONS_READ]),
            ),
            json_ld=structured_data.person(self.request, person),
            **kwargs,
        )


def provenance_models():
    """Every kind of record that cites a document, whichever app defines it."""
    return [model for model in apps.get_models() if issubclass(model, Provenance)]


class PersonListView(ListView):
    """Everyone the archive knows, by sort name."""

    queryset = Person.objects.order_by("sort_name", "slug").only("name", "slug", "sort_name")
    paginate_by = 100

    def get_paginator(self, queryset, per_page, **kwargs):
        return RememberedCountPaginator(queryset, per_page, count_key="count:people", **kwargs)

    context_object_name = "people"
    template_name = "site/person_list.html"


class SourceDocumentListView(ListView):
    """Every document the archive was built from, with how many records each gave."""

    paginate_by = 50
    context_object_name = "documents"
    template_name = "site/sourcedocument_list.html"

    def get_queryset(self):
        # One scalar subquery per kind of record, each by the source's index; zero where none.
        counts = [
            Coalesce(
                Subquery(
                    model._default_manager.filter(source=OuterRef("pk"))
                    .order_by()
                    .values("source")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
            for model in provenance_models()
        ]
        total = sum(counts[1:], counts[0]) if counts else Value(0)
        return SourceDocument.objects.defer("text").annotate(records_built=total).order_by("title", "slug")


class SourceDocumentDetailView(FollowRenamesMixin, DetailView):
    """A document's full text, each line numbered, with what was built from it linked beside it.

    ``?lines=16-26`` marks the lines a record cites (its source link gives them).
    """

    model = SourceDocument
    context_object_name = "document"
    template_name = "site/sourcedocument_detail.html"

    def cited_lines(self):
        match = re.fullmatch(r"([0-9]{1,7})-([0-9]{1,7})", self.request.GET.get("lines", ""))
        if not match:
            return range(0)
        return range(int(match[1]), int(match[2]) + 1)

    def get_context_data(self, **kwargs):
        document = self.object
        cited = self.cited_lines()
        built = defaultdict(list)  # first line -> records built from there
        for model in provenance_models():
            # The records each one's __str__ and URL name: its required foreign keys.
            required = [f.name for f in model._meta.concrete_fields if f.many_to_one and not f.null]
            records = model._default_manager.filter(source=document)
            for record in select_shown(records, *required):
                built[record.source_first_line].append(record)
        mentions = defaultdict(list)
        for mention in select_shown(
            Mention.objects.filter(source=document).naming_records_in_force(), "film", "person"
        ):
            mentions[mention.line].append(mention)
        lines = [
            {
                "number": number,
                "text": text,
                "records": built.get(number, []),
                "mentions": mentions.get(number, []),
                "cited": number in cited,
            }
            for number, text in enumerate(document.lines, start=1)
        ]
        return super().get_context_data(lines=lines, cited=cited, **kwargs)


@require_safe
@follow_renames(SourceDocument)
def source_text(request, slug):
    """The document itself, byte for byte, to download; its SHA-256 is on its page."""
    document = get_object_or_404(SourceDocument, slug=slug)
    response = HttpResponse(document.data, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, document.filename)
    return response


# The results of one group (?in=reviews), ranked, on pages of this many.
SEARCH_RESULTS_PER_PAGE = 20


@require_safe
def search(request):
    """/search/?q=: films, people, interviews and reviews, grouped by kind, best first; with &in=reviews
    (a group's key), that group alone, every ranked result of it, a page at a time."""
    raw = request.GET.get("q", "")
    query = archive_search.clean(raw)
    only = archive_search.group_labels().get(request.GET.get("in", ""))
    groups = archive_search.search(query, only) if query else []
    has_words = bool(archive_search.words_of(query))
    wants_suggestion = has_words and not only and archive_search.wants_suggestion(groups)
    total = sum(len(group.hits) for group in groups)
    paging = {}
    if only and groups:
        # One group's ranked results, a page at a time (a page past the last shows the last).
        [group] = groups
        page = Paginator(group.hits, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        group.hits = list(page.object_list)
        paging = {
            "is_paginated": page.paginator.num_pages > 1,
            "page_obj": page,
            "paginator": page.paginator,
            "page_query": urlencode({"q": query, "in": group.key}),
        }
    return render(
        request,
        "site/search.html",
        {
            "query": query,
            "only": only,
            "suggestion": archive_search.suggestion(query) if wants_suggestion else "",
            "searched": bool(raw.strip()),
            "has_words": has_words,
            "shortened": len(raw.strip()) > archive_search.MAX_QUERY_LENGTH,
            "groups": groups,
            "total": total,
            **paging,
        },
    )


# /healthz answers within this whatever the database does, inside the 2 s a load balancer may allow.
HEALTH_CHECK_SECONDS = 1.5
# A page that could not reach the database asks to be tried again after this (seconds).
RETRY_AFTER_SECONDS = 10


def _check_database(settings_dict, execute_wrappers, outcome):
    """Open a connection of its own, ask it ``SELECT 1``, close it; put the error, or None, in outcome."""
    probe = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)
    # Whatever asks for the database in this thread (contrib.postgres on connecting) asks the probe.
    connections[DEFAULT_DB_ALIAS] = probe
    # What wraps this request's queries (instrumentation, a test's failure) wraps the check's too.
    probe.execute_wrappers.extend(execute_wrappers)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        outcome.append(error)
    else:
        outcome.append(None)
    finally:
        probe.close()


@never_cache
@require_safe
def healthz(request):
    """For load balancers and the container's health check: is the database answering?

    503 with a short plain message when it is not; the error itself goes to the log, not the client.
    The check runs on a fresh connection in a thread of its own with tight timeouts, and the answer is
    503 when it has not succeeded within ``HEALTH_CHECK_SECONDS``, however the database fails: refusing,
    erroring or never answering at all.
    """
    settings_dict = {**connection.settings_dict, "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False}
    if connection.vendor == "postgresql":
        settings_dict["OPTIONS"] = {
            **settings_dict["OPTIONS"],
            "connect_timeout": 2,  # libpq's shortest
            "answer_timeout": HEALTH_CHECK_SECONDS,
        }
    outcome = []
    check = threading.Thread(
        target=_check_database,
        args=(settings_dict, list(connection.execute_wrappers), outcome),
        name="health-check",
        daemon=True,
    )
    check.start()
    check.join(HEALTH_CHECK_SECONDS)
    failure = outcome[0] if outcome else f"no answer within {HEALTH_CHECK_SECONDS:g} s"
    if failure is not None:
        logger.error("Health check: the database is not answering: %s", failure)
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """The site's 500 page (``handler500``); a 503 when the database is unreachable or not answering.

    Like Django's own, the page renders without a context, so that it needs nothing that could fail.
    """
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)


@require_safe
@csp_override({"default-src": [CSP.NONE], "sandbox": True})
def media(request, path):
    """An uploaded image from MEDIA_ROOT, as an image and nothing else.

    Only image files are served, each with its image type, ``nosniff`` and a policy that lets it run
    nothing; anything else is not found. With uploads in an object store, the store serves them.
    """
    storage = default_storage
    content_type = CONTENT_TYPES.get(PurePosixPath(path).suffix.lower())
    if not isinstance(storage, FileSystemStorage) or content_type is None:
        raise Http404("No such image.")
    try:
        file = storage.open(path, "rb")
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation, ValueError):
        raise Http404("No such image.") from None
    response = FileResponse(file, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    response["Content-Disposition"] = content_disposition_header(False, PurePosixPath(path).name)
    return response


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; the icon is a fingerprinted SVG."""
    return HttpResponsePermanentRedirect(static("filmarchive/favicon.svg"))


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
