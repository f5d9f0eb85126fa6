from django.db.models import F
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from filmarchive import structured_data
from filmarchive.mentions import attach_links
from filmarchive.models import Film
from reviews.models import Review


class FilmReviewListView(ListView):
    """Every published review of one film; ?sort=newest|oldest|highest|lowest (others are ignored)."""

    paginate_by = 20
    context_object_name = "reviews"
    template_name = "reviews/film_review_list.html"
    SORTS = {
        "newest": ("Newest", [F("published_on").desc(nulls_last=True), "pk"]),
        "oldest": ("Oldest", [F("published_on").asc(nulls_last=True), "pk"]),
        "highest": ("Highest rated", [F("rating").desc(nulls_last=True), "pk"]),
        "lowest": ("Lowest rated", [F("rating").asc(nulls_last=True), "pk"]),
    }

    def get_queryset(self):
        self.film = get_object_or_404(Film.objects.with_rating(), slug=self.kwargs["slug"])
        self.sort = self.request.GET.get("sort") if self.request.GET.get("sort") in self.SORTS else "newest"
        reviews = self.film.reviews.published().select_related("author", "source")
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
    queryset = Review.objects.published().select_related("film", "author", "source")
    context_object_name = "review"

    def get_context_data(self, **kwargs):
        attach_links([self.object])
        return super().get_context_data(json_ld=structured_data.review(self.request, self.object), **kwargs)
