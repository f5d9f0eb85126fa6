"""The core app's pages: home, films, people and source documents."""

import logging
from collections import defaultdict

from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from filmarchive.models import Credit, Film, Mention, Person, SourceDocument
from interviews.models import Interview
from reviews.models import RATING_MAX, RATING_MIN, Review

LATEST_REVIEWS_ON_FILM_PAGE = 5

logger = logging.getLogger(__name__)


def home(request):
    return render(
        request,
        "filmarchive/home.html",
        {
            "films": Film.objects.with_rating().order_by("title", "slug")[:12],
            "reviews": Review.objects.published().select_related("film", "author")[:6],
            "interviews": Interview.objects.select_related("interviewer")[:5],
        },
    )


def credits_by_role(credits):
    """Credits grouped under their role's label, roles in the vocabulary's order."""
    grouped = defaultdict(list)
    for credit in credits:
        grouped[credit.role].append(credit)
    return [(role.label, grouped[role.value]) for role in Credit.Role if grouped[role.value]]


HISTOGRAM_HEIGHT = 40  # the SVG's units; each bar is 10 wide


def rating_histogram(film):
    """One bar per half star, ½ to ★★★★★, each with its count and its height against the tallest."""
    counts = dict(
        Review.objects.published()
        .filter(film=film, rating__isnull=False)
        .values_list("rating")
        .annotate(count=Count("pk"))
        .values_list("rating", "count")
    )
    tallest = max(counts.values(), default=0)
    bars = []
    for rating in range(RATING_MIN, RATING_MAX + 1):
        count = counts.get(rating, 0)
        height = round(HISTOGRAM_HEIGHT * count / tallest, 1) if tallest else 0
        bars.append(
            {
                "stars": rating / 2,
                "count": count,
                "x": (rating - RATING_MIN) * 10,
                "y": HISTOGRAM_HEIGHT - height,
                "height": height,
            }
        )
    return bars


class FilmListView(ListView):
    # An aggregate's GROUP BY drops the model's default ordering, so it is given again.
    queryset = Film.objects.with_rating().order_by("title", "slug")
    paginate_by = 24
    context_object_name = "films"


class FilmDetailView(DetailView):
    queryset = Film.objects.with_rating()
    context_object_name = "film"

    def get_context_data(self, **kwargs):
        film = self.object
        credits = film.credits.select_related("person").order_by("role", "order", "pk")
        reviews = film.reviews.published().select_related("author")
        return super().get_context_data(
            credits_by_role=credits_by_role(credits),
            directors=[c.person for c in credits if c.role == Credit.Role.DIRECTOR],
            latest_reviews=reviews[:LATEST_REVIEWS_ON_FILM_PAGE],
            histogram=rating_histogram(film),
            histogram_height=HISTOGRAM_HEIGHT,
            interviews=film.interviews.select_related("interviewer"),
            mentions=film.mentions.select_related("source"),
            more_films=Film.objects.exclude(pk=film.pk)[:6],
            **kwargs,
        )


class PersonDetailView(DetailView):
    model = Person
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        person = self.object
        return super().get_context_data(
            credits_by_role=credits_by_role(
                person.credits.select_related("film").order_by("role", "film__title")
            ),
            interviews_given=person.interviews_given.select_related("interviewer"),
            interviews_conducted=person.interviews_conducted.all(),
            reviews=person.reviews.published().select_related("film"),
            mentions=person.mentions.select_related("source"),
            **kwargs,
        )


class SourceDocumentDetailView(DetailView):
    model = SourceDocument
    context_object_name = "document"

    def get_context_data(self, **kwargs):
        document = self.object
        built = defaultdict(list)  # first line -> [(record, last line)]
        for records in (
            document.film_set.all(),
            document.person_set.all(),
            document.credit_set.select_related("film", "person"),
            document.review_set.select_related("film", "author"),
            document.interview_set.all(),
            document.turn_set.select_related("interview", "speaker"),
            document.figure_set.select_related("interview"),
        ):
            for record in records:
                built[record.source_first_line].append(record)
        mentions = defaultdict(list)
        for mention in Mention.objects.filter(source=document).select_related("film", "person"):
            mentions[mention.line].append(mention)
        lines = [
            {
                "number": number,
                "text": text,
                "records": built.get(number, []),
                "mentions": mentions.get(number, []),
            }
            for number, text in enumerate(document.lines, start=1)
        ]
        return super().get_context_data(lines=lines, **kwargs)


@never_cache
@require_safe
def healthz(request):
    """For load balancers and the container's health check: is the database answering?

    503 with a short plain message when it is not; the error itself goes to the log, not the client.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("Health check: the database is not answering: %s", error)
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; the icon is a fingerprinted SVG."""
    return HttpResponsePermanentRedirect(static("filmarchive/favicon.svg"))
