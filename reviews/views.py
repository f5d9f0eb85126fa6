from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView

from filmarchive.mentions import attach_links
from filmarchive.models import Film
from filmarchive.renames import FollowRenamesMixin
from reviews import structured_data
from reviews.forms import MemberReviewForm
from reviews.members import may_save, save_member_review
from reviews.models import Review


class FilmReviewListView(FollowRenamesMixin, ListView):
    renamed_model = Film
    """Every published review of one film; ?sort=newest|oldest|highest|lowest (others are ignored)."""

    paginate_by = 20
    context_object_name = "reviews"
    template_name = "reviews/film_review_list.html"
    SORTS = {
        "newest": (
            "Newest",
            [F("published_on").desc(nulls_last=True), F("created_at").desc(nulls_last=True), "pk"],
        ),
        "oldest": (
            "Oldest",
            [F("published_on").asc(nulls_last=True), F("created_at").asc(nulls_last=True), "pk"],
        ),
        "highest": ("Highest rated", [F("rating").desc(nulls_last=True), "pk"]),
        "lowest": ("Lowest rated", [F("rating").asc(nulls_last=True), "pk"]),
    }

    def get_queryset(self):
        self.film = get_object_or_404(Film.objects.with_rating(), slug=self.kwargs["slug"])
        self.sort = self.request.GET.get("sort") if self.request.GET.get("sort") in self.SORTS else "newest"
        reviews = self.film.reviews.published().select_related("author", "member", "source")
        return reviews.order_by(*self.SORTS[self.sort][1])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            film=self.film,
            sort=self.sort,
            sorts=[(k, label) for k, (label, _) in self.SORTS.items()],
            **kwargs,
        )
        for review in attach_links(context["reviews"]):
            review.film = self.film
        return context


class ReviewDetailView(DetailView):
    queryset = Review.objects.published().select_related("film", "author", "member", "source")
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
            _, created = save_member_review(request.user, film, **form.cleaned_data)
            messages.success(request, "Your review is published." if created else "Your review is updated.")
            return redirect(film)
    return render(
        request,
        "reviews/review_form.html",
        {"film": film, "form": form, "existing": existing, "rate_limited": status == 429},
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
