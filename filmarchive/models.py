"""The archive's core records: source documents, people, films and their credits.

Every record that was built from a document keeps its provenance (see ``Provenance``): which document,
and which lines of it. Records that an editor adds by hand have none.
"""

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import reversion
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Lower
from django.utils import timezone

from filmarchive.images import POSTER, ImageCopiesMixin
from filmarchive.ingest.shapes import SHAPES
from filmarchive.links import record_url
from filmarchive.pagecache import archive_changed


class User(AbstractUser):
    """A member's or an editor's account. Custom from the first migration so it can grow."""

    # A review's page names its member; it never needs the password's hash (``select_shown``).
    UNSHOWN_ON_PAGES = ("password",)

    person = models.OneToOneField(
        "filmarchive.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        help_text="The person whose name a member's reviews carry.",
    )
    email_verified_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the member followed the link sent to their email address; password-reset links "
        "go only to verified addresses.",
    )

    class Meta(AbstractUser.Meta):
        constraints = [
            # One account per address, however it is capitalised (accounts without one are many).
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="user_email_unique_ci"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A changed address is unconfirmed: the old one's confirmation does not vouch for it. A changed
        username changes pages (a member's reviews show it as their handle): they are rendered afresh.
        Other changes to an account (a sign-in's time, a password) change no page."""
        update_fields = kwargs.get("update_fields")
        watched = {"email", "username"} if update_fields is None else {"email", "username"} & {*update_fields}
        stored = None
        if self.pk and ("username" in watched or ("email" in watched and self.email_verified_at)):
            stored = User.objects.filter(pk=self.pk).values("email", "username").first()
        if stored and "email" in watched and self.email_verified_at and stored["email"] != self.email:
            self.email_verified_at = None
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "email_verified_at"}
        super().save(*args, **kwargs)
        if stored and "username" in watched and stored["username"] != self.username:
            archive_changed(kwargs.get("using"))


# Full-text search (PostgreSQL): English stemming, titles and names weighted above running text.
SEARCH_CONFIG = "english"


def search_vector_expression(
    main_fields: Sequence[str] = (), text_fields: Sequence[str] = ()
) -> SearchVector | CombinedExpression:
    """The search vector of a record: ``main_fields`` (titles, names) weigh A, running text B."""
    vectors = [
        SearchVector(*fields, weight=weight, config=SEARCH_CONFIG)
        for fields, weight in ((main_fields, "A"), (text_fields, "B"))
        if fields
    ]
    expression: SearchVector | CombinedExpression = vectors[0]
    for vector in vectors[1:]:
        expression = expression + vector
    return expression


def search_vector_field(
    main_fields: Sequence[str] = (), text_fields: Sequence[str] = ()
) -> models.GeneratedField:
    """A record's search vector, kept by PostgreSQL itself in a stored generated column.

    Site search (``filmarchive.search``) queries it through a GIN index. On SQLite it is a column that
    is always empty (see ``filmarchive.db.sqlite3``), and search reads the fields themselves.
    """
    return models.GeneratedField(
        expression=search_vector_expression(main_fields, text_fields),
        output_field=SearchVectorField(),
        db_persist=True,
        serialize=False,
    )


# While set, the public managers show retired records too: for checks of uniqueness, which must see
# every row the database's constraints see.
_show_retired: ContextVar[bool] = ContextVar("show_retired", default=False)


@contextmanager
def retired_included() -> Iterator[None]:
    token = _show_retired.set(True)
    try:
        yield
    finally:
        _show_retired.reset(token)


class PublicManager[M: models.Model](models.Manager[M]):
    """The default manager of records a sync may retire: only the records still in force.

    A record whose document no longer states it, or that an editor deleted while its document still
    states it, is retired (``SyncedRecord``): kept in the database and in the admin (``all_objects``),
    left out of every page, feed, sitemap, search and average because they all go through this manager,
    directly or by their relations.
    """

    def get_queryset(self) -> models.QuerySet[M]:
        queryset = super().get_queryset()
        # A record's search vector, as long as its text, is for the database's searches to read; no page
        # shows it, so it is not fetched with the record.
        if any(field.name == "search_vector" for field in self.model._meta.concrete_fields):
            queryset = queryset.defer("search_vector")
        return queryset if _show_retired.get() else queryset.filter(retired_at__isnull=True)


# What no page shows of a record: its search vector (as long as its text) and what its document last
# said (``SyncedRecord.source_values``). A model names more in ``UNSHOWN_ON_PAGES``.
UNSHOWN_ON_PAGES = ("search_vector", "source_values")


def select_shown[M: models.Model](queryset: models.QuerySet[M], *related: str) -> models.QuerySet[M]:
    """``queryset.select_related(*related)``, leaving out of the related records what pages never show
    (``UNSHOWN_ON_PAGES``): a review's film need not bring its search vector, nor its source document
    the document's whole text, to every row. With no ``related``, the queryset as it is."""
    if not related:
        return queryset
    deferred = []
    for path in related:
        model: type[models.Model] = queryset.model
        for name in path.split("__"):
            model = model._meta.get_field(name).related_model  # type: ignore[assignment]
        names = {field.name for field in model._meta.concrete_fields}
        unshown = (*UNSHOWN_ON_PAGES, *getattr(model, "UNSHOWN_ON_PAGES", ()))
        deferred += [f"{path}__{name}" for name in unshown if name in names]
    return queryset.select_related(*related).defer(*deferred)


class SyncedRecord(models.Model):
    """A record a document states, kept in step with it by a sync (``filmarchive.sync``).

    ``DOCUMENT_FIELDS`` names the fields its document owns. ``source_values`` keeps what the document
    said of them when it was last synced (empty: the record still holds exactly that, as a freshly
    loaded one does); a field whose value differs from it is an editor's change, which a sync keeps.
    """

    DOCUMENT_FIELDS: tuple[str, ...] = ()
    # The natural key as lookups spell it, for reading many records' keys in one query.
    NATURAL_KEY_FIELDS: tuple[str, ...] = ("slug",)
    # Why a record built from a document is off the site when an editor, not a sync, took it off: the
    # admin's delete retires such a record instead, and a sync leaves it retired (``filmarchive.sync``).
    DELETED_BY_EDITOR = "deleted by an editor"
    # The relations to a record this one leaves the site with when a sync retires that record, and
    # comes back with (``leaving_with``): a member's review of a film whose document went, say, would
    # otherwise stay on every list, leading to its film's 404.
    LEAVES_WITH: tuple[str, ...] = ()
    LEFT_WITH = "left the site with its {}"

    source_values = models.JSONField(
        null=True, blank=True, editable=False, help_text="What its document said, when last synced."
    )
    retired_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When a sync found its document no longer states it."
    )
    # A database default too, for rows written in bulk without it (generate_archive_data's COPY).
    retired_reason = models.CharField(max_length=300, blank=True, editable=False, default="", db_default="")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Every change to a record built from a document (a change page, an inline, an action) first
        keeps what its document said, so that a sync can tell the change from the document's. Fixture
        loads and restored versions are raw saves, which do not come through here: they are no edit."""
        if self.source_values is None and self.pk is not None and self.built_from_document:
            self.keep_document_values()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "source_values"}
        super().save(*args, **kwargs)

    def document_value(self, name: str) -> Any:
        """A document-owned field's value as documents state it, and ``source_values`` keeps it: JSON,
        with a related record as its natural key (``["rithy-panh"]``) and several as a sorted list."""
        field = self._meta.get_field(name)
        if field.many_to_many:
            with retired_included():
                return sorted([list(record.natural_key()) for record in getattr(self, name).all()])
        if field.many_to_one:
            related = getattr(self, name)
            return list(related.natural_key()) if related is not None else None
        value = getattr(self, field.attname)  # type: ignore[union-attr]
        return value.isoformat() if hasattr(value, "isoformat") else value

    def document_values(self) -> dict[str, Any]:
        return {name: self.document_value(name) for name in self.DOCUMENT_FIELDS}

    def edited_fields(self) -> dict[str, tuple[Any, Any]]:
        """{field: (the record's value, the document's)} where an editor has changed what it says."""
        if self.source_values is None:
            return {}
        return {
            name: (self.document_value(name), self.source_values[name])
            for name in self.DOCUMENT_FIELDS
            if name in self.source_values and self.document_value(name) != self.source_values[name]
        }

    @property
    def built_from_document(self) -> bool:
        """Stated by a document (a sync keeps it in step), not made in the admin."""
        return getattr(self, "source_id", True) is not None

    @property
    def deleted_by_editor(self) -> bool:
        return self.retired_at is not None and self.retired_reason == self.DELETED_BY_EDITOR

    def keep_document_values(self) -> None:
        """Before an editor's first change: remember what the document said (the record, as loaded)."""
        if self.source_values is None and self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).first()
            if stored is not None:
                self.source_values = stored.document_values()

    def _perform_unique_checks(self, unique_checks: Any) -> Any:
        with retired_included():
            return super()._perform_unique_checks(unique_checks)  # type: ignore[misc]

    def validate_constraints(self, exclude: Any = None) -> None:
        with retired_included():
            super().validate_constraints(exclude)


def _leaving_with(record: models.Model, which: dict[str, Any]) -> list[tuple[str, SyncedRecord]]:
    found: list[tuple[str, SyncedRecord]] = []
    for relation in record._meta.related_objects:
        model = relation.related_model
        name = relation.field.name
        if relation.one_to_many and name in getattr(model, "LEAVES_WITH", ()):
            rows = model._base_manager.filter(**{name: record}, **which).order_by("pk")
            found += [(name, row) for row in rows if isinstance(row, SyncedRecord)]
    return found


def take_off_with(record: models.Model) -> list[SyncedRecord]:
    """Retire, as ``record`` was just retired, the records in force that leave the site with it (their
    model's ``LEAVES_WITH``); returns them."""
    gone = []
    for name, follower in _leaving_with(record, {"retired_at__isnull": True}):
        follower.retired_at = record.retired_at  # type: ignore[attr-defined]
        follower.retired_reason = SyncedRecord.LEFT_WITH.format(name)
        follower.save()
        gone.append(follower)
    return gone


def bring_back_with(record: models.Model, retired_at: Any) -> list[SyncedRecord]:
    """Put back the records that left the site with ``record`` when it was retired at ``retired_at``
    (``take_off_with``); returns them."""
    back = []
    for name, follower in _leaving_with(record, {"retired_at": retired_at}):
        if follower.retired_reason == SyncedRecord.LEFT_WITH.format(name):
            follower.retired_at, follower.retired_reason = None, ""
            follower.save()
            back.append(follower)
    return back


PROVENANCE_FIELDS = ("source", "source_first_line", "source_last_line")


class SlugQuerySet[M: models.Model](models.QuerySet[M]):
    """For models whose natural key is their unique slug (a renamed record answers to its old one)."""

    def get_by_natural_key(self, slug: str) -> M:
        records = self.model._base_manager.db_manager(self.db)
        try:
            return records.get(slug=slug)
        except ObjectDoesNotExist:
            renamed = SlugRedirect.objects.filter(model=self.model._meta.label_lower, old_slug=slug).first()
            if renamed is None:
                raise
            return records.get(slug=renamed.new_slug)


@reversion.register()
class SourceDocument(SyncedRecord):
    """A document the archive was built from, kept verbatim."""

    DOCUMENT_FIELDS = ("title", "kind", "filename", "origin", "text", "checksum")
    # A record's "Source" link needs the document's address, not its text (``select_shown``).
    UNSHOWN_ON_PAGES = ("text",)

    # One kind per document shape the parsers read (filmarchive.ingest.shapes).
    KINDS = [(shape.kind, shape.label) for shape in SHAPES]

    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=KINDS)
    filename = models.CharField(max_length=255, help_text="The file's name under fixtures/sources/.")
    origin = models.CharField(
        max_length=500, blank=True, help_text="Where the document came from, as far as it is known."
    )
    captured_on = models.DateField(
        null=True, blank=True, help_text="When the document was taken from where it came from."
    )
    text = models.TextField(help_text="The document's full text, verbatim.")
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file's bytes, in hex.")
    added_by = models.ForeignKey(
        "filmarchive.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The editor who added it in the admin; empty for the repository's documents.",
    )

    objects = PublicManager.from_queryset(SlugQuerySet)()
    all_objects = models.Manager.from_queryset(SlugQuerySet)()

    # Kept byte for byte, whatever its line endings: its checksum is of exactly this.
    VERBATIM_FIELDS = ("text",)

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[shape.kind for shape in SHAPES]), name="sourcedocument_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(checksum__regex=r"^[0-9a-f]{64}$"),
                name="sourcedocument_checksum_sha256",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return record_url("filmarchive:source-detail", self.slug)

    def natural_key(self) -> tuple[Any, ...]:
        return (self.slug,)

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @property
    def data(self) -> bytes:
        """The document's bytes, exactly those its checksum is of (a byte-order mark included)."""
        data = self.text.encode("utf-8")
        with_mark = b"\xef\xbb\xbf" + data
        if (
            hashlib.sha256(data).hexdigest() != self.checksum
            and hashlib.sha256(with_mark).hexdigest() == self.checksum
        ):
            return with_mark
        return data


class Provenance(SyncedRecord):
    """Where a record came from: a source document and an inclusive range of its lines (from 1)."""

    source = models.ForeignKey(
        SourceDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="The document this record was built from; empty for records added by hand.",
    )
    source_first_line = models.PositiveIntegerField(null=True, blank=True)
    source_last_line = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        source__isnull=True,
                        source_first_line__isnull=True,
                        source_last_line__isnull=True,
                    )
                    | Q(
                        # Spelled out: a CHECK whose comparison meets NULL passes.
                        source__isnull=False,
                        source_first_line__isnull=False,
                        source_last_line__isnull=False,
                        source_first_line__gte=1,
                        source_last_line__gte=F("source_first_line"),
                    )
                ),
                name="%(app_label)s_%(class)s_provenance_lines",
                violation_error_message="A source needs a line range, first line no later than the last.",
            ),
        ]

    @property
    def source_lines_label(self) -> str:
        if self.source_id is None:
            return ""
        if self.source_first_line == self.source_last_line:
            return f"line {self.source_first_line}"
        return f"lines {self.source_first_line}–{self.source_last_line}"

    def get_source_url(self) -> str:
        """The source page with the lines this record came from marked, scrolled to the first."""
        if self.source is None:
            return ""
        first, last = self.source_first_line, self.source_last_line
        return f"{self.source.get_absolute_url()}?lines={first}-{last}#L{first}"


@reversion.register()
class Person(Provenance):
    """Anyone the archive knows of: filmmakers, cast, critics, interviewers, people mentioned.

    There is no kind of person at the table level: a person's roles come from credits, interviews and
    reviews.
    """

    DOCUMENT_FIELDS = ("name", "sort_name", *PROVENANCE_FIELDS)
    # Beside a review or a credit, a person is a linked name: the biography stays behind (``select_shown``).
    UNSHOWN_ON_PAGES = ("biography",)

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    sort_name = models.CharField(max_length=200, help_text="How the name sorts, e.g. 'Panh, Rithy'.")
    biography = models.TextField(blank=True)
    search_vector = search_vector_field(["name"], ["biography"])

    objects = PublicManager.from_queryset(SlugQuerySet)()
    all_objects = models.Manager.from_queryset(SlugQuerySet)()

    class Meta(Provenance.Meta):
        ordering = ["sort_name", "slug"]
        verbose_name_plural = "people"
        indexes = [
            # The people index and every list of people sorts by sort name.
            models.Index(fields=["sort_name", "slug"], name="person_sort_name_idx"),
            # Site search: people by name and biography.
            GinIndex(fields=["search_vector"], name="person_search_idx"),
            # Site search's "Did you mean": names like a misspelt one (pg_trgm, PostgreSQL only).
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="person_name_trgm_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.url_for(self.slug)

    @staticmethod
    def url_for(slug: str) -> str:
        """A person's address from the slug alone, for lists that fetch no more of them."""
        return record_url("filmarchive:person-detail", slug)

    def natural_key(self) -> tuple[Any, ...]:
        return (self.slug,)


@reversion.register()
class Film(ImageCopiesMixin, Provenance):
    """A film. Facts the documents do not give (year, runtime, ...) stay empty until an editor fills them."""

    DOCUMENT_FIELDS = ("title", "original_title", "year", "synopsis", *PROVENANCE_FIELDS)
    # Beside a review or a credit, a film is a linked title: the synopsis stays behind (``select_shown``).
    UNSHOWN_ON_PAGES = ("synopsis",)

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    original_title = models.CharField(max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    synopsis = models.TextField(blank=True)
    runtime_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    countries = models.CharField(max_length=300, blank=True)
    languages = models.CharField(max_length=300, blank=True)
    poster = models.ImageField(
        upload_to="posters/",
        blank=True,
        width_field="poster_width",
        height_field="poster_height",
        help_text="JPEG, PNG, WebP or GIF, up to 10 MB.",
    )
    poster_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_alt = models.CharField(max_length=300, blank=True)
    poster_caption = models.CharField(max_length=500, blank=True)
    people = models.ManyToManyField(Person, through="Credit", related_name="films")
    search_vector = search_vector_field(["title", "original_title"], ["synopsis"])

    objects = PublicManager.from_queryset(SlugQuerySet)()
    all_objects = models.Manager.from_queryset(SlugQuerySet)()

    IMAGE_USES = {"poster": POSTER}

    class Meta(Provenance.Meta):
        ordering = ["title", "slug"]
        constraints = [
            *Provenance.Meta.constraints,
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1870, year__lte=2100),
                name="film_year_plausible",
                violation_error_message="A film's year must be between 1870 and 2100.",
            ),
            models.CheckConstraint(
                condition=Q(runtime_minutes__isnull=True) | Q(runtime_minutes__gte=1),
                name="film_runtime_positive",
            ),
        ]
        indexes = [
            # The films list sorts by title (its default) and the home page lists the first films.
            models.Index(fields=["title", "slug"], name="film_title_idx"),
            # The films list sorts and filters by year.
            models.Index(fields=["year", "title"], name="film_year_title_idx"),
            # Site search: films by title, original title and synopsis.
            GinIndex(fields=["search_vector"], name="film_search_idx"),
            # Site search's "Did you mean": titles like a misspelt one (pg_trgm, PostgreSQL only).
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="film_title_trgm_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def get_absolute_url(self) -> str:
        return self.url_for(self.slug)

    @staticmethod
    def url_for(slug: str) -> str:
        """A film's address from the slug alone, for lists that fetch no more of them."""
        return record_url("filmarchive:film-detail", slug)

    def mention_context(self) -> tuple[str, str, str]:
        """Where its synopsis names a film or a person: a label, an address, the text."""
        return f"The synopsis of {self.title}", self.get_absolute_url(), self.synopsis

    @property
    def runtime_label(self) -> str:
        return f"{self.runtime_minutes} min" if self.runtime_minutes else ""

    def natural_key(self) -> tuple[Any, ...]:
        return (self.slug,)


class CreditRole(models.TextChoices):
    DIRECTOR = "director", "Director"
    WRITER = "writer", "Writer"
    CAST = "cast", "Cast"
    NARRATOR = "narrator", "Narrator"
    PRODUCER = "producer", "Producer"
    CINEMATOGRAPHER = "cinematographer", "Cinematographer"
    EDITOR = "editor", "Editor"
    COMPOSER = "composer", "Composer"


class CreditQuerySet(models.QuerySet["Credit"]):
    def get_by_natural_key(self, film_slug: str, person_slug: str, role: str) -> "Credit":
        return self.model._base_manager.db_manager(self.db).get(
            film=Film.objects.db_manager(self.db).get_by_natural_key(film_slug),
            person=Person.objects.db_manager(self.db).get_by_natural_key(person_slug),
            role=role,
        )


@reversion.register()
class Credit(Provenance):
    """A person's part in a film. One credit per film, person and role."""

    Role = CreditRole

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=20, choices=Role)
    credited_as = models.CharField(
        max_length=200,
        blank=True,
        help_text="The character played, or the name used in the credit.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position within the role's list.")

    DOCUMENT_FIELDS = ("credited_as", "order", *PROVENANCE_FIELDS)
    NATURAL_KEY_FIELDS = ("film__slug", "person__slug", "role")

    objects = PublicManager.from_queryset(CreditQuerySet)()
    all_objects = models.Manager.from_queryset(CreditQuerySet)()

    class Meta(Provenance.Meta):
        ordering = ["order", "pk"]
        constraints = [
            *Provenance.Meta.constraints,
            models.UniqueConstraint(
                fields=["film", "person", "role"],
                name="credit_unique_film_person_role",
                violation_error_message="This person already has this role on this film.",
            ),
            models.CheckConstraint(condition=Q(role__in=CreditRole.values), name="credit_role_valid"),
        ]
        indexes = [
            # A person's page lists their credits by role.
            models.Index(fields=["person", "role"], name="credit_person_role_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.film}"

    def get_absolute_url(self) -> str:
        return self.film.get_absolute_url()

    def natural_key(self) -> tuple[Any, ...]:
        return (*self.film.natural_key(), *self.person.natural_key(), self.role)

    natural_key.dependencies = ["filmarchive.film", "filmarchive.person"]  # type: ignore[attr-defined]


class MentionQuerySet(models.QuerySet["Mention"]):
    def get_by_natural_key(self, source_slug: str, line: int, text: str) -> "Mention":
        return self.get(source__slug=source_slug, line=line, text=text)

    def naming_records_in_force(self) -> "MentionQuerySet":
        """Those whose film or person is on the site: one an editor deleted is retired, not gone, and
        its mentions stay for when it is put back, but link nowhere meanwhile."""
        return self.filter(film__retired_at__isnull=True, person__retired_at__isnull=True)


@reversion.register()
class Mention(models.Model):
    """A film or a person named on one line of a document's text, as it is written there."""

    source = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="mentions")
    line = models.PositiveIntegerField()
    text = models.CharField(max_length=300, help_text="The words as the document writes them.")
    film = models.ForeignKey(Film, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions"
    )
    from_document = models.BooleanField(
        default=False,
        db_default=False,
        editable=False,
        help_text="Found by the build; a sync keeps it in step with the text.",
    )

    objects = MentionQuerySet.as_manager()

    NATURAL_KEY_FIELDS = ("source__slug", "line", "text")

    class Meta:
        ordering = ["source_id", "line", "text"]
        constraints = [
            models.UniqueConstraint(fields=["source", "line", "text"], name="mention_unique_place"),
            models.CheckConstraint(
                condition=(
                    Q(film__isnull=False, person__isnull=True) | Q(film__isnull=True, person__isnull=False)
                ),
                name="mention_names_one_record",
                violation_error_message="A mention names either a film or a person.",
            ),
            models.CheckConstraint(condition=Q(line__gte=1), name="mention_line_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.source}, line {self.line})"

    def natural_key(self) -> tuple[Any, ...]:
        return (*self.source.natural_key(), self.line, self.text)

    natural_key.dependencies = ["filmarchive.sourcedocument"]  # type: ignore[attr-defined]

    @property
    def target(self) -> "Film | Person | None":
        return self.film or self.person


def line_of(text: str, number: int) -> str:
    """Line ``number`` (from 1) of a document's text; empty past its end."""
    lines = text.splitlines()
    return lines[number - 1] if 1 <= number <= len(lines) else ""


class DismissedMention(models.Model):
    """A mention the build found that an editor deleted: a sync does not make it again.

    It is known again by its words and the whole line they stand on, wherever the document's lines move
    (a review added or removed above it); a sync keeps ``line`` where that line now is. If the line's
    own words change, it is another passage, and its mentions are found again. Deleting the dismissal
    (in the admin) lets the next sync find the mention again.
    """

    source = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="dismissed_mentions")
    line = models.PositiveIntegerField()
    text = models.CharField(max_length=300)
    line_text = models.TextField(
        blank=True, default="", help_text="The whole line of the document the words stood on."
    )
    dismissed_at = models.DateTimeField(default=timezone.now)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["source_id", "line", "text"]
        constraints = [
            models.UniqueConstraint(fields=["source", "line", "text"], name="dismissedmention_unique_place"),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.source}, line {self.line})"

    @classmethod
    def dismiss(cls, mentions: Iterable[Mention], user: "User | None") -> None:
        """Delete these mentions, keeping those the build found as dismissed, so no sync brings them back."""
        mentions = list(mentions)
        found = [mention for mention in mentions if mention.from_document]
        texts = dict(
            SourceDocument.all_objects.filter(pk__in={m.source_id for m in found}).values_list("pk", "text")
        )
        with transaction.atomic():
            DismissedMention.objects.bulk_create(
                [
                    DismissedMention(
                        source_id=m.source_id,
                        line=m.line,
                        text=m.text,
                        line_text=line_of(texts.get(m.source_id, ""), m.line),
                        dismissed_by=user,
                    )
                    for m in found
                ],
                ignore_conflicts=True,
            )
            Mention.objects.filter(pk__in=[mention.pk for mention in mentions]).delete()

    @classmethod
    def forget(cls, mention: Mention) -> None:
        """The mention is back (added or recovered by an editor): its dismissal no longer stands."""
        cls.objects.filter(source_id=mention.source_id, line=mention.line, text=mention.text).delete()


class SlugRedirect(models.Model):
    """A record's former slug, for old addresses to keep working and its documents to find it."""

    model = models.CharField(max_length=100, help_text="The record's model, e.g. filmarchive.film.")
    old_slug = models.SlugField(max_length=200, allow_unicode=True)
    new_slug = models.SlugField(max_length=200, allow_unicode=True)
    renamed_at = models.DateTimeField()

    class Meta:
        ordering = ["model", "old_slug"]
        constraints = [
            models.UniqueConstraint(fields=["model", "old_slug"], name="slugredirect_unique_old_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.model}: {self.old_slug} → {self.new_slug}"

    @classmethod
    def new_slug_for(cls, model: type[models.Model], slug: str) -> str | None:
        found = cls.objects.filter(model=model._meta.label_lower, old_slug=slug).first()
        return found.new_slug if found else None

    @classmethod
    def lead(cls, model: type[models.Model], old: str, new: str) -> None:
        """A record of ``model`` renamed from ``old`` to ``new``: its old slug, and every one that led to
        it, now leads to the new one; the new one leads nowhere else."""
        label = model._meta.label_lower
        cls.objects.filter(model=label, new_slug=old).update(new_slug=new)
        cls.objects.filter(model=label, old_slug=new).delete()
        cls.objects.update_or_create(
            model=label, old_slug=old, defaults={"new_slug": new, "renamed_at": timezone.now()}
        )


class RequestCount(models.Model):
    """How many times something was asked for in the hour since its first request (a password reset
    for one address, sign-ups from one client): the hourly limits, kept in the database so that every
    process and machine counts together (``filmarchive.email_addresses.over_the_limit``)."""

    key = models.CharField(max_length=200, primary_key=True)
    since = models.DateTimeField(help_text="When the hour being counted began.")
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["since"], name="requestcount_since")]

    def __str__(self) -> str:
        return f"{self.key}: {self.count} since {self.since:%Y-%m-%d %H:%M}"


class ArchiveVersion(models.Model):
    """One row: a number that grows with every write to the archive, and when it last grew.

    Cached pages are filed under the number they were rendered at (``filmarchive.pagecache``), so a
    write makes every later request render afresh. It lives in the database, not in the cache, so that
    every process (each gunicorn worker has its own local-memory cache) sees the same number, in the
    same transaction as the write that changed it.
    """

    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="archiveversion_single_row")]

    def __str__(self) -> str:
        return f"archive version {self.version}"
