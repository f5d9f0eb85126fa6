"""schema.org descriptions of reviews and ratings (see ``filmarchive.structured_data``)."""

from filmarchive.structured_data import CONTEXT, film_ref, person_ref, url


def rating(value_out_of_five):
    return {"@type": "Rating", "ratingValue": value_out_of_five, "bestRating": 5, "worstRating": 0.5}


def aggregate_rating(average_out_of_five, count):
    if not count:
        return None
    return {
        "@type": "AggregateRating",
        "ratingValue": round(average_out_of_five, 2),
        "ratingCount": count,
        "bestRating": 5,
        "worstRating": 0.5,
    }


def review_item(request, review, with_film=False):
    item = {
        "@type": "Review",
        "url": url(request, review),
        "author": person_ref(request, review.author),
    }
    # A review that gives the plot away keeps its text to its page, behind a warning; a rating alone
    # has no text to give.
    if review.body and not review.contains_spoilers:
        item["reviewBody"] = review.body
    if review.rating is not None:
        item["reviewRating"] = rating(review.rating_out_of_five)
    if review.published_on:
        item["datePublished"] = review.published_on.isoformat()
    if review.venue:
        item["publisher"] = {"@type": "Organization", "name": review.venue}
    if with_film:
        item["itemReviewed"] = film_ref(request, review.film)
    return item


def review(request, review):
    """The review page's description; none for a review without a rating, which search engines'
    review results require of a review (the page shows the review all the same)."""
    if review.rating is None:
        return None
    return {"@context": CONTEXT, **review_item(request, review, with_film=True)}


def rated_review_items(request, reviews):
    """The reviews a film's description lists: those with a rating (see ``review``)."""
    return [review_item(request, review) for review in reviews if review.rating is not None]
