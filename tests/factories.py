"""Records for tests, made with sensible defaults: a test names only what it is about.

    from tests import factories as make

    panh = make.person("Rithy Panh")
    film = make.film("The Missing Picture", directors=[panh])   # credits, in order
    make.review(film, rating=9)                                 # a critic's review, published
    ada = make.member("ada")                                    # a User with a Person, as sign-up makes
    make.review(film, member=ada, rating=6)                     # ... and a review she wrote here
    page = make.source_document(lines=["The Missing Picture", "Directed by Rithy Panh"])
    make.person("Randal Douc", source=page, lines=2)            # built from line 2 of the page
    make.mention(page, 2, person=panh)                          # the words default to the name

Every slug is unique (a counter is appended), so records never collide between or within tests; build
URLs with ``get_absolute_url()`` or ``reverse()``, never from a slug. Records that cite a document
take ``source=`` and ``lines=`` (a line number, or an inclusive ``(first, last)`` pair). Any model
field may be given as a keyword and wins over the defaults. The factories of records without
many-to-many fields take ``save=False`` for an unsaved instance, to ``bulk_create()`` hundreds at once.

Plain functions rather than factory_boy: a dozen models, no factory inherits from another, and defaults
read best as ordinary keyword arguments. No dependency to pin.
"""

import hashlib
import itertools
from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from filmarchive.models import Credit, Film, Mention, Person, SourceDocument, User
from interviews.models import Figure, Interview, Turn
from reviews.models import Review

PASSWORD = "a long enough password"

_numbers = itertools.count(1)


def _unique_slug(words):
    return f"{slugify(words, allow_unicode=True)[:180]}-{next(_numbers)}"


def _cited(source, lines, fields):
    """``fields`` with the Provenance fields of a record built from ``lines`` of ``source``."""
    if source is None:
        return fields
    if lines is None:
        lines = 1
    first, last = lines if isinstance(lines, tuple) else (lines, lines)
    return {"source": source, "source_first_line": first, "source_last_line": last, **fields}


def _made(instance, save):
    if save:
        instance.save()
    return instance


# The core records ------------------------------------------------------------------------------


def source_document(title=None, *, lines=None, text=None, kind="film_page", **fields):
    """A document with its text (``lines`` joined, or ``text``; twenty lines if neither) and that
    text's SHA-256."""
    title = title or f"Document {next(_numbers)}"
    if text is None:
        text = "\n".join(lines or [f"Line {n} of {title}." for n in range(1, 21)])
    slug = fields.pop("slug", None) or _unique_slug(title)
    defaults = {
        "slug": slug,
        "title": title,
        "kind": kind,
        "filename": f"{slug}.txt",
        "text": text,
        "checksum": hashlib.sha256(text.encode()).hexdigest(),
    }
    return SourceDocument.objects.create(**{**defaults, **fields})


def person(name=None, *, source=None, lines=None, save=True, **fields):
    name = name or f"Person {next(_numbers)}"
    defaults = {"slug": _unique_slug(name), "sort_name": name}
    return _made(Person(name=name, **_cited(source, lines, {**defaults, **fields})), save)


def film(title=None, *, directors=(), cast=(), source=None, lines=None, save=True, **fields):
    """A film; ``directors`` and ``cast`` (people) become its credits, in that order."""
    title = title or f"Film {next(_numbers)}"
    made = _made(Film(title=title, **_cited(source, lines, {"slug": _unique_slug(title), **fields})), save)
    for role, people in ((Credit.Role.DIRECTOR, directors), (Credit.Role.CAST, cast)):
        for order, someone in enumerate(people):
            credit(made, someone, role, order=order)
    return made


# The arguments of the factories below are named after the records, as the models' fields are.
_new_film, _new_person = film, person


def credit(film, person, role=Credit.Role.DIRECTOR, *, source=None, lines=None, save=True, **fields):
    return _made(Credit(film=film, person=person, role=role, **_cited(source, lines, fields)), save)


def mention(source, line, text=None, *, film=None, person=None, save=True):
    """Where a document names a film or a person; the words default to the title or the name."""
    text = text or (film.title if film else person.name)
    return _made(Mention(source=source, line=line, text=text, film=film, person=person), save)


def member(username=None, *, name=None, password=PASSWORD, **fields):
    """A member's account with the Person their reviews carry, as signing up makes them."""
    username = username or f"member{next(_numbers)}"
    return User.objects.create_user(
        username, password=password, person=_new_person(name or username.title()), **fields
    )


def editor(username="editor", *, password=PASSWORD):
    """A staff account in the Editors group (made, or reset, by ``create_editors_group``)."""
    call_command("create_editors_group", stdout=StringIO())
    user = User.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


# Reviews ---------------------------------------------------------------------------------------


def review(
    film=None,
    author=None,
    *,
    rating=8,
    body="A film worth seeing.",
    member=None,
    source=None,
    lines=None,
    save=True,
    **fields,
):
    """A published review: by default a critic's from elsewhere (first published on Letterboxd), by
    someone new, of a new film; with ``member``, one the member wrote here, under their person."""
    if member is None:
        defaults = {"first_published_in": "Letterboxd"}
    else:
        now = timezone.now()
        author = author or member.person
        defaults = {"created_at": now, "updated_at": now, "published_on": timezone.localdate(now)}
    return _made(
        Review(
            film=film or _new_film(),
            author=author or _new_person(),
            rating=rating,
            body=body,
            member=member,
            **_cited(source, lines, {**defaults, **fields}),
        ),
        save,
    )


# Interviews ------------------------------------------------------------------------------------


def interview(title=None, *, interviewers=(), subjects=None, films=(), source=None, lines=None, **fields):
    """An interview; without ``subjects``, someone new gives it (every interview has a subject)."""
    title = title or f"Interview {next(_numbers)}"
    made = Interview.objects.create(
        title=title, **_cited(source, lines, {"slug": _unique_slug(title), **fields})
    )
    made.interviewers.set(interviewers)
    made.subjects.set([_new_person()] if subjects is None else subjects)
    made.films.set(films)
    return made


def _next_position(interview, model):
    last = model.objects.filter(interview=interview).aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


def turn(
    interview,
    kind=Turn.Kind.QUESTION,
    *,
    body=None,
    speaker=None,
    position=None,
    source=None,
    lines=None,
    save=True,
):
    """The next turn of the conversation (or the one at ``position``). The speaker defaults to the
    first interviewer for a question, the first subject for an answer."""
    if speaker is None:
        people = interview.interviewers if kind == Turn.Kind.QUESTION else interview.subjects
        speaker = people.order_by("pk").first() or _new_person()
    if body is None:
        body = "Why this film?" if kind == Turn.Kind.QUESTION else "Because it had to be made."
    if position is None:
        position = _next_position(interview, Turn)
    return _made(
        Turn(
            interview=interview,
            position=position,
            kind=kind,
            speaker=speaker,
            body=body,
            **_cited(source, lines, {}),
        ),
        save,
    )


def figure(interview, caption=None, *, position=None, source=None, lines=None, save=True, **fields):
    """The next figure of the article (or the one at ``position``); its alt text defaults to the caption."""
    if position is None:
        position = _next_position(interview, Figure)
    caption = caption or f"Figure {position}"
    fields = {"alt_text": caption, **fields}
    return _made(
        Figure(interview=interview, position=position, caption=caption, **_cited(source, lines, fields)), save
    )
