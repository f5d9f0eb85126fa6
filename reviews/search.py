"""What site search finds among reviews: published ones, by their text."""

from filmarchive.search import Hit, SearchSource, snippet
from reviews.models import Review


def _hit(review, words):
    # A spoiler review is found, but none of its text is shown: the snippet could give the plot away.
    return Hit(
        f"{review.author.name} on {review.film.title}",
        review.get_absolute_url(),
        "" if review.contains_spoilers else snippet(review.body, words),
        "Contains spoilers" if review.contains_spoilers else "",
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
