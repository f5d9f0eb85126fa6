from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from filmarchive.models import Film
from reviews.models import Review


class FilmReviewListView(ListView):
    """Every published review of one film."""

    paginate_by = 20
    context_object_name = "reviews"
    template_name = "reviews/film_review_list.html"

    def get_queryset(self):
        self.film = get_object_or_404(Film.objects.with_rating(), slug=self.kwargs["slug"])
        return self.film.reviews.published().select_related("author")

    def get_context_data(self, **kwargs):
        return super().get_context_data(film=self.film, **kwargs)


class ReviewDetailView(DetailView):
    queryset = Review.objects.published().select_related("film", "author", "source")
    context_object_name = "review"
