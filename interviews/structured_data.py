"""schema.org description of an interview: an Article (see ``filmarchive.structured_data``)."""

from filmarchive.structured_data import CONTEXT, film_ref, mention_ref, person_ref, url


def interview(request, interview, mentions):
    data = {
        "@context": CONTEXT,
        "@type": "Article",
        "headline": interview.title,
        "url": url(request, interview),
    }
    # Left out when there is none: search engines flag an empty value.
    about = [person_ref(request, p) for p in interview.subjects.all()] + [
        film_ref(request, f) for f in interview.films.all()
    ]
    if about:
        data["about"] = about
    if mentions:
        data["mentions"] = [mention_ref(request, link) for link in mentions]
    interviewers = [person_ref(request, p) for p in interview.interviewers.all()]
    if interviewers:
        data["author"] = interviewers[0] if len(interviewers) == 1 else interviewers
    if interview.published_on:
        data["datePublished"] = interview.published_on.isoformat()
    if interview.published_in:
        data["publisher"] = {"@type": "Organization", "name": interview.published_in}
    images = [figure.image for figure in interview.figures.all() if figure.image]
    if images:
        data["image"] = [request.build_absolute_uri(image.url) for image in images]
    return data
