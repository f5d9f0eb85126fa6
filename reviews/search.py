"""What site search finds among reviews: published ones, by their text."""

from filmarchive.search import Hit, SearchSource, snippet
from reviews.models import Review


def _hit(review, words):
    return Hit(
        f"{review.author.name} on {review.film.title}",
        review.get_absolute_url(),
        snippet(review.body, words),
        rating=review.rating_out_of_five,
    )


REVIEWS = SearchSource(
    key="reviews",
    group="Reviews",
    order=40,
    model=Review,
    hit=_hit,
    text_fields=("body",),
    related=("film", "author"),
    restrict=lambda reviews: reviews.published(),
)
