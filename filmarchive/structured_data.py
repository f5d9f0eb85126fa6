"""schema.org descriptions (JSON-LD) of the archive's pages, for search engines and other machines."""

CONTEXT = "https://schema.org"


def _url(request, record):
    return request.build_absolute_uri(record.get_absolute_url())


def person_ref(request, person):
    return {"@type": "Person", "name": person.name, "url": _url(request, person)}


def film_ref(request, film):
    return {"@type": "Movie", "name": film.title, "url": _url(request, film)}


def rating(value_out_of_five):
    return {"@type": "Rating", "ratingValue": value_out_of_five, "bestRating": 5, "worstRating": 0.5}


def review_item(request, review, with_film=False):
    item = {
        "@type": "Review",
        "url": _url(request, review),
        "author": person_ref(request, review.author),
        "reviewBody": review.body,
    }
    if review.rating is not None:
        item["reviewRating"] = rating(review.rating_out_of_five)
    if review.published_on:
        item["datePublished"] = review.published_on.isoformat()
    if review.first_published_in:
        item["publisher"] = {"@type": "Organization", "name": review.first_published_in}
    if with_film:
        item["itemReviewed"] = film_ref(request, review.film)
    return item


def film(request, film, directors, cast, reviews):
    data = {
        "@context": CONTEXT,
        **film_ref(request, film),
        "director": [person_ref(request, person) for person in directors],
        "actor": [person_ref(request, person) for person in cast],
        "review": [review_item(request, review) for review in reviews],
    }
    if film.synopsis:
        data["description"] = film.synopsis
    if film.year:
        data["dateCreated"] = str(film.year)
    if film.rating_count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": round(film.average_rating, 2),
            "ratingCount": film.rating_count,
            "bestRating": 5,
            "worstRating": 0.5,
        }
    return data


def person(request, person):
    data = {"@context": CONTEXT, **person_ref(request, person)}
    if person.biography:
        data["description"] = person.biography
    return data


def review(request, review):
    return {"@context": CONTEXT, **review_item(request, review, with_film=True)}


def interview(request, interview, mentions):
    data = {
        "@context": CONTEXT,
        "@type": "Article",
        "headline": interview.title,
        "url": _url(request, interview),
        "about": [person_ref(request, p) for p in interview.subjects.all()]
        + [film_ref(request, f) for f in interview.films.all()],
        "mentions": [
            film_ref(request, m.film) if m.film_id else person_ref(request, m.person) for m in mentions
        ],
    }
    if interview.interviewer:
        data["author"] = person_ref(request, interview.interviewer)
    if interview.published_on:
        data["datePublished"] = interview.published_on.isoformat()
    return data
