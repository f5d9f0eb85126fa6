"""schema.org descriptions (JSON-LD) of the archive's pages, for search engines and other machines.

The core's records here; ``reviews.structured_data`` and ``interviews.structured_data`` describe theirs
with the same building blocks.
"""

CONTEXT = "https://schema.org"


def split_list(text):
    """'Cambodia, France' -> ['Cambodia', 'France']."""
    return [item.strip() for item in text.split(",") if item.strip()]


def url(request, record):
    return request.build_absolute_uri(record.get_absolute_url())


def person_ref(request, person):
    return {"@type": "Person", "name": person.name, "url": url(request, person)}


def film_ref(request, film):
    return {"@type": "Movie", "name": film.title, "url": url(request, film)}


def mention_ref(request, link):
    """The film or person a mention names (a ``filmarchive.mentions.Link``)."""
    kind = "Movie" if link.film_id else "Person"
    return {"@type": kind, "name": link.name, "url": request.build_absolute_uri(link.url)}


def film(request, film, directors, cast, reviews=(), aggregate_rating=None):
    """A Movie; ``reviews`` are already described (schema.org Review objects), as is its rating. What
    the archive does not know is left out, never given empty (search engines flag an empty value)."""
    data = {"@context": CONTEXT, **film_ref(request, film)}
    if directors:
        data["director"] = [person_ref(request, person) for person in directors]
    if cast:
        data["actor"] = [person_ref(request, person) for person in cast]
    if reviews := list(reviews):
        data["review"] = reviews
    if film.synopsis:
        data["description"] = film.synopsis
    if film.original_title:
        data["alternateName"] = film.original_title
    if film.year:
        data["dateCreated"] = str(film.year)
    if film.runtime_minutes:
        data["duration"] = f"PT{film.runtime_minutes}M"
    if film.countries:
        data["countryOfOrigin"] = [{"@type": "Country", "name": name} for name in split_list(film.countries)]
    if film.languages:
        data["inLanguage"] = split_list(film.languages)
    if film.poster:
        data["image"] = request.build_absolute_uri(film.poster.url)
    if aggregate_rating:
        data["aggregateRating"] = aggregate_rating
    return data


def person(request, person):
    data = {"@context": CONTEXT, **person_ref(request, person)}
    if person.biography:
        data["description"] = person.biography
    return data
