import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import DetailView

from filmarchive.mentions import attach_links
from filmarchive.models import Film, Person, select_shown
from filmarchive.pagination import keyset_page
from filmarchive.renames import follow_renames
from reviews import structured_data
from reviews.forms import MemberReviewForm
from reviews.members import SavingPaused, may_save, save_member_review
from reviews.models import HIGHEST, LOWEST, NEWEST, OLDEST, Review, rating_of, with_rating

REVIEWS_PER_PAGE = 20

logger = logging.getLogger(__name__)


def _page(request, reviews, order):
    """A keyset page of the reviews (``?after=`` / ``?before=`` cursors); 404 for a cursor we never made."""
    try:
        return keyset_page(
            reviews,
            order,
            REVIEWS_PER_PAGE,
            after=request.GET.get("after", ""),
            before=request.GET.get("before", ""),
        )
    except ValueError:
        raise Http404("No such page.") from None


FILM_REVIEW_SORTS = {"newest": NEWEST, "oldest": OLDEST, "highest": HIGHEST, "lowest": LOWEST}


@require_safe
@follow_renames(Film)
def film_reviews(request, slug):
    """Every published review of one film; ?sort=newest|oldest|highest|lowest (others are ignored).

    Pages go by cursor ("first, previous, next, last"), each one index range whatever its depth; the
    number of reviews comes from the film's stored figures.
    """
    film = get_object_or_404(with_rating(Film.objects.select_related("rating")), slug=slug)
    sort = request.GET.get("sort") if request.GET.get("sort") in FILM_REVIEW_SORTS else "newest"
    page = _page(
        request,
        select_shown(film.reviews.published(), "author", "member", "source"),
        FILM_REVIEW_SORTS[sort],
    )
    for review in attach_links(page):
        review.film = film
    return render(
        request,
        "reviews/film_review_list.html",
        {
            "film": film,
            "review_total": rating_of(film).reviews,
            "reviews": page,
            "page": page,
            "sort": sort,
            "sorts": [(key, order.label) for key, order in FILM_REVIEW_SORTS.items()],
            "page_query": f"sort={sort}",
        },
    )


@require_safe
@follow_renames(Person)
def person_reviews(request, slug):
    """Every published review a person wrote, newest first, by cursor."""
    person = get_object_or_404(Person, slug=slug)
    page = _page(request, select_shown(person.reviews.published(), "film", "member", "source"), NEWEST)
    for review in attach_links(page):
        review.author = person
    return render(
        request, "reviews/person_review_list.html", {"person": person, "reviews": page, "page": page}
    )


class ReviewDetailView(DetailView):
    queryset = select_shown(Review.objects.published(), "film", "author", "member", "source")
    context_object_name = "review"

    def get_context_data(self, **kwargs):
        attach_links([self.object])
        return super().get_context_data(json_ld=structured_data.review(self.request, self.object), **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def review_form(request, slug):
    """A member writes their review of a film, or edits the one they wrote: one per member and film."""
    film = get_object_or_404(Film, slug=slug)
    if request.user.person is None:
        raise Http404("Only members' accounts write reviews.")
    existing = Review.objects.filter(film=film, member=request.user).first()
    initial = {}
    if existing:
        initial = {
            "rating": existing.rating,
            "body": existing.body,
            "contains_spoilers": existing.contains_spoilers,
        }
    form = MemberReviewForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not may_save(request.user):
            # What they wrote stays in the form, to post again later.
            status = 429
        elif form.is_valid():
            try:
                _, created = save_member_review(request.user, film, **form.cleaned_data)
            except SavingPaused:  # other saves, at the same moment, used up the hour's last ones
                status = 429
            except (OperationalError, InterfaceError) as error:
                # The database is unreachable or too slow (a statement timeout): the save's transaction
                # wrote nothing, and what they wrote goes back to them in the form, to post again.
                logger.warning("A member's review could not be saved: %s", error)
                status = 503
            else:
                messages.success(
                    request, "Your review is published." if created else "Your review is updated."
                )
                return redirect(film)
    return render(
        request,
        "reviews/review_form.html",
        {
            "film": film,
            "form": form,
            "existing": existing,
            "rate_limited": status == 429,
            "not_saved": status == 503,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_delete(request, pk):
    """A member deletes their own review, after confirming. Nobody else's: theirs are not found."""
    review = get_object_or_404(Review.objects.select_related("film"), pk=pk, member=request.user)
    if request.method == "POST":
        film = review.film
        review.delete()
        messages.success(request, "Your review is deleted.")
        return redirect(film)
    return render(request, "reviews/review_confirm_delete.html", {"review": review})
