"""Reviews of films: critics' reviews built from documents, and members' reviews written here."""

from collections.abc import Iterable
from datetime import date
from typing import Any, Self

import reversion
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import Case, Count, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf

from filmarchive.links import record_url
from filmarchive.models import (
    PROVENANCE_FIELDS,
    Film,
    Person,
    Provenance,
    PublicManager,
    User,
    search_vector_field,
)
from filmarchive.pagecache import archive_changed
from filmarchive.pagination import Order
from filmarchive.text import paragraphs

# Ratings are stored as a count of half stars: 1 is ½ star, 10 is ★★★★★.
RATING_MIN = 1
RATING_MAX = 10
# Lists show a review longer than this cut after its first paragraph, with the rest behind "Read more".
LONG_REVIEW_CHARACTERS = 700


def stars(rating: int | None) -> str:
    """A half-star count as the stars a reader sees, e.g. 9 -> '★★★★½'."""
    if rating is None:
        return ""
    return "★" * (rating // 2) + ("½" if rating % 2 else "")


RATING_CHOICES = [(rating, stars(rating)) for rating in range(RATING_MIN, RATING_MAX + 1)]


# The orders public lists show reviews in. Each key is never NULL (undated and unrated reviews go last),
# and each has a partial index on published reviews (Review.Meta.indexes), so that a page of any list,
# the first or the 10,000th, is one index range (filmarchive.pagination).
NEWEST = Order(
    "Newest",
    Coalesce("published_on", Value(date.min)),
    descending=True,
    kind=date,
    value=lambda review: review.published_on or date.min,
)
OLDEST = Order(
    "Oldest",
    Coalesce("published_on", Value(date.max)),
    descending=False,
    kind=date,
    value=lambda review: review.published_on or date.max,
)
HIGHEST = Order(
    "Highest rated",
    Coalesce("rating", Value(0)),
    descending=True,
    kind=int,
    value=lambda review: review.rating or 0,
)
LOWEST = Order(
    "Lowest rated",
    Coalesce("rating", Value(RATING_MAX + 1)),
    descending=False,
    kind=int,
    value=lambda review: review.rating or RATING_MAX + 1,
)
# A review's part in its film's figures: (film id, status, rating).
Contribution = tuple[int, str, int | None]
# Fields whose change moves a film's counts, average or histogram.
RATED_FIELDS = {"film", "film_id", "status", "rating"}


class ReviewQuerySet(models.QuerySet["Review"]):
    def get_by_natural_key(self, film_slug: str, author_slug: str, first_published_in: str) -> "Review":
        return self.model._base_manager.db_manager(self.db).get(
            film=Film.objects.db_manager(self.db).get_by_natural_key(film_slug),
            author=Person.objects.db_manager(self.db).get_by_natural_key(author_slug),
            first_published_in=first_published_in,
        )

    def published(self) -> Self:
        return self.filter(status=ReviewStatus.PUBLISHED)

    def latest_first(self) -> Self:
        """Newest first, undated last: the order of every "latest reviews" list (an index serves it)."""
        return self.order_by(*NEWEST.order_by())

    # Writes that bypass Review.save() and the signals still keep ratings and cached pages right.

    def update(self, **kwargs: Any) -> int:
        if not RATED_FIELDS & kwargs.keys():
            count = super().update(**kwargs)
            if count:
                archive_changed(self.db)
            return count
        with transaction.atomic(using=self.db):
            films = set(self.order_by().values_list("film_id", flat=True).distinct())
            count = super().update(**kwargs)
            for name in ("film", "film_id"):
                if name in kwargs:
                    films.add(getattr(kwargs[name], "pk", kwargs[name]))
            FilmRating.objects.using(self.db).recount(films)
            archive_changed(self.db)
        return count

    def bulk_create(self, objs: Iterable["Review"], *args: Any, **kwargs: Any) -> list["Review"]:
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            FilmRating.objects.using(self.db).recount({review.film_id for review in created})
            archive_changed(self.db)
        return created

    def bulk_update(
        self, objs: Iterable["Review"], fields: Iterable[str], batch_size: int | None = None
    ) -> int:
        with transaction.atomic(using=self.db):
            objs = list(objs)
            films = {review.film_id for review in objs}
            fields = list(fields)
            if RATED_FIELDS & set(fields):
                films |= set(self.filter(pk__in=[r.pk for r in objs]).values_list("film_id", flat=True))
            count = super().bulk_update(objs, fields, batch_size)
            FilmRating.objects.using(self.db).recount(films)
            archive_changed(self.db)
        return count


class ReviewStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    HIDDEN = "hidden", "Hidden"


# The condition of the partial indexes that serve the public pages, which show published reviews only.
PUBLISHED = Q(status=ReviewStatus.PUBLISHED)
# A review a sync retired (its document no longer states it) counts in no figure, as if hidden.
RETIRED = "retired"
COUNTED_STATUS = Case(When(retired_at__isnull=False, then=Value(RETIRED)), default=F("status"))


@reversion.register()
class Review(Provenance):
    Status = ReviewStatus
    # A sync that retires a film takes every review of it still on the site with it, members' too.
    LEAVES_WITH = ("film",)

    film = models.ForeignKey(Film, on_delete=models.PROTECT, related_name="reviews")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="reviews")
    rating = models.PositiveSmallIntegerField(
        choices=RATING_CHOICES,
        null=True,
        blank=True,
        help_text="In half stars: 1 is ½ star, 10 is five stars. Empty when the review gives none.",
    )
    body = models.TextField(
        blank=True,
        help_text="The review's text, verbatim; paragraphs are separated by a blank line.",
    )
    published_on = models.DateField(null=True, blank=True)
    watched_on = models.DateField(
        null=True, blank=True, help_text="When the reviewer saw the film, where the review says."
    )
    first_published_in = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the review first appeared, e.g. 'Letterboxd'; empty for reviews written here.",
    )
    contains_spoilers = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=ReviewStatus, default=ReviewStatus.PUBLISHED)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # A closed account leaves its reviews in place, under the member's person.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
        help_text="The member account that wrote this review here.",
    )
    created_at = models.DateTimeField(
        null=True, blank=True, help_text="When written here (members' reviews)."
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    search_vector = search_vector_field(text_fields=["body"])

    DOCUMENT_FIELDS = (
        "rating",
        "body",
        "published_on",
        "watched_on",
        "contains_spoilers",
        *PROVENANCE_FIELDS,
    )
    NATURAL_KEY_FIELDS = ("film__slug", "author__slug", "first_published_in")

    objects = PublicManager.from_queryset(ReviewQuerySet)()
    all_objects = models.Manager.from_queryset(ReviewQuerySet)()

    class Meta(Provenance.Meta):
        # Newest first; undated reviews (most built from documents) after the dated, in their order.
        ordering = [F("published_on").desc(nulls_last=True), "pk"]
        constraints = [
            *Provenance.Meta.constraints,
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="review_rating_half_stars",
                violation_error_message="A rating is from ½ to 5 stars (1 to 10 half stars).",
            ),
            models.CheckConstraint(condition=Q(status__in=ReviewStatus.values), name="review_status_valid"),
            models.UniqueConstraint(
                fields=["film", "author", "first_published_in"],
                name="review_unique_film_author_venue",
                violation_error_message="This author already has a review of this film from there.",
            ),
            models.UniqueConstraint(
                fields=["film", "member"],
                condition=Q(member__isnull=False),
                name="review_one_per_member_per_film",
                violation_error_message="You have already reviewed this film.",
            ),
        ]
        # Each public list of reviews reads one of these partial indexes of published reviews, in the
        # order it shows them (the keys of NEWEST, OLDEST, HIGHEST, LOWEST above); both directions of
        # a keyset page ("next", "previous") scan the same index, forwards or backwards.
        indexes = [
            # Home page "Latest reviews" and the reviews feed: the newest across the archive.
            models.Index(NEWEST.key.desc(), F("id").desc(), name="review_latest_idx", condition=PUBLISHED),
            # Film page "Reviews" and /films/<slug>/reviews/?sort=newest (the default).
            models.Index(
                F("film"),
                NEWEST.key.desc(),
                F("id").desc(),
                name="review_film_newest_idx",
                condition=PUBLISHED,
            ),
            # /films/<slug>/reviews/?sort=oldest.
            models.Index(F("film"), OLDEST.key, F("id"), name="review_film_oldest_idx", condition=PUBLISHED),
            # /films/<slug>/reviews/?sort=highest.
            models.Index(
                F("film"),
                HIGHEST.key.desc(),
                F("id").desc(),
                name="review_film_highest_idx",
                condition=PUBLISHED,
            ),
            # /films/<slug>/reviews/?sort=lowest.
            models.Index(F("film"), LOWEST.key, F("id"), name="review_film_lowest_idx", condition=PUBLISHED),
            # A person's page "Reviews written" and /people/<slug>/reviews/: an author's newest.
            models.Index(
                F("author"),
                NEWEST.key.desc(),
                F("id").desc(),
                name="review_author_newest_idx",
                condition=PUBLISHED,
            ),
            # The admin's date drill-down by year, month and day.
            models.Index(fields=["published_on"], name="review_published_on_idx"),
            # The admin's "first published in" filter lists the places reviews come from.
            models.Index(fields=["first_published_in"], name="review_venue_idx"),
            # Site search: reviews by their text.
            GinIndex(fields=["search_vector"], name="review_search_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.film}"

    def clean(self) -> None:
        """A member's name is carried by their own reviews only: a review an editor writes or keeps under
        it would be shown on their page as theirs."""
        super().clean()
        by_a_member = self.author_id is not None and User.objects.filter(person_id=self.author_id).exists()
        if self.member_id is None and by_a_member:
            raise ValidationError(
                {"author": "That is a member's name: only reviews the member writes here carry it."}
            )

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, and move the film's stored rating by the difference, in one transaction.

        The row as stored is read under a lock first, so that concurrent saves of one review count it
        once; the film's ratings row is changed by a single UPDATE, so concurrent saves of different
        reviews of one film add up exactly.
        """
        using = kwargs.get("using") or router.db_for_write(Review, instance=self)
        with transaction.atomic(using=using):
            old = None
            if not self._state.adding and self.pk is not None:
                old = (
                    Review._base_manager.using(using)
                    .select_for_update()
                    .filter(pk=self.pk)
                    .values_list("film_id", COUNTED_STATUS, "rating")
                    .first()
                )
            super().save(*args, **kwargs)
            FilmRating.objects.using(using).move(old, (self.film_id, self.counted_status, self.rating))

    @property
    def counted_status(self) -> str:
        """Its status as its film's figures count it: a review a sync retired counts as hidden."""
        return self.status if self.retired_at is None else RETIRED

    def get_absolute_url(self) -> str:
        return record_url("reviews:review-detail", self.pk)

    def natural_key(self) -> tuple[Any, ...]:
        return (*self.film.natural_key(), *self.author.natural_key(), self.first_published_in)

    natural_key.dependencies = ["filmarchive.film", "filmarchive.person"]  # type: ignore[attr-defined]

    MENTION_CONTEXT_RELATED = ("author", "film")

    @classmethod
    def mention_context_records(cls) -> ReviewQuerySet:
        return cls.objects.published()

    def mention_context(self) -> tuple[str, str, str]:
        """Where the review names a film or a person: a label, an address, the text."""
        return f"{self.author.name}’s review of {self.film.title}", self.get_absolute_url(), self.body

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs(self.body)

    @property
    def is_long(self) -> bool:
        return len(self.body) > LONG_REVIEW_CHARACTERS and len(self.paragraphs) > 1

    @property
    def stars(self) -> str:
        return stars(self.rating)

    @property
    def venue(self) -> str:
        """Where it first appeared, for readers: nowhere else for a review written here. (A closed
        account's kept reviews hold a placeholder there, for the unique constraint's sake.)"""
        return "" if self.created_at else self.first_published_in

    @property
    def rating_out_of_five(self) -> float | None:
        return None if self.rating is None else self.rating / 2


class ReportReason(models.TextChoices):
    SPAM = "spam", "Spam or advertising"
    ABUSE = "abuse", "Abuse or harassment"
    SPOILERS = "spoilers", "Gives the plot away without a warning"
    IMPERSONATION = "impersonation", "Pretends to be someone else"
    OTHER = "other", "Something else"


class ReviewReportQuerySet(models.QuerySet["ReviewReport"]):
    def open(self) -> Self:
        return self.filter(resolved_at__isnull=True)


@reversion.register()
class ReviewReport(models.Model):
    """A member's report that a review breaks the rules, for the editors to look at."""

    Reason = ReportReason

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_reports",
    )
    reason = models.CharField(max_length=20, choices=ReportReason)
    details = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True, help_text="When an editor dealt with it.")

    objects = ReviewReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "reporter"],
                name="reviewreport_once_per_member",
                violation_error_message="You have already reported this review.",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=ReportReason.values), name="reviewreport_reason_valid"
            ),
        ]
        indexes = [
            # The moderation list: open reports, newest first.
            models.Index(
                fields=["-created_at"], condition=Q(resolved_at__isnull=True), name="reviewreport_open_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.review}"


# A film's average as /films/?sort=rating orders by it: films without ratings (no average) last.
AVERAGE_KEY = Coalesce("average", Value(0.0))


def with_rating(films: QuerySet[Film]) -> QuerySet[Film]:
    """Films with ``average_rating`` (stars) and ``rating_count`` from their stored figures: one join."""
    return films.annotate(average_rating=F("rating__average"), rating_count=Coalesce(F("rating__ratings"), 0))


def rating_of(film: Film) -> "FilmRating":
    """The film's stored figures, or empty ones when it has no published review yet."""
    return getattr(film, "rating", None) or FilmRating(film=film)


class FilmRatingQuerySet(models.QuerySet["FilmRating"]):
    def move(self, old: Contribution | None, new: Contribution | None) -> None:
        """Take a review's old (film_id, status, rating) out of its film's figures and put the new in.

        Either may be None (a review created or deleted). Nothing is written when nothing changed.
        """
        changes: dict[int, list[Any]] = {}  # film id -> [reviews delta, {rating: delta}]
        for contribution, sign in ((old, -1), (new, 1)):
            if contribution is None:
                continue
            film_id, status, rating = contribution
            if status != ReviewStatus.PUBLISHED:
                continue
            reviews, ratings = changes.setdefault(film_id, [0, {}])
            changes[film_id][0] = reviews + sign
            if rating is not None:
                ratings[rating] = ratings.get(rating, 0) + sign
        for film_id in sorted(changes):  # one order, so that two writers never wait on each other
            reviews, ratings = changes[film_id]
            ratings = {rating: delta for rating, delta in ratings.items() if delta}
            if reviews or ratings:
                self._add(film_id, reviews, ratings)

    def _add(self, film_id: int, reviews: int, ratings: dict[int, int]) -> None:
        self.bulk_create([FilmRating(film_id=film_id)], ignore_conflicts=True)
        rated = sum(ratings.values())
        half_stars = sum(rating * delta for rating, delta in ratings.items())
        # Every right-hand side reads the row as it was: the new average is computed from the new sums.
        self.filter(pk=film_id).update(
            reviews=F("reviews") + reviews,
            ratings=F("ratings") + rated,
            total=F("total") + half_stars,
            average=Cast(F("total") + half_stars, FloatField()) / NullIf(F("ratings") + rated, 0) / 2.0,
            **{
                f"half_stars_{rating}": F(f"half_stars_{rating}") + delta for rating, delta in ratings.items()
            },
        )

    def computed(self, film_ids: Iterable[int] | None = None) -> dict[int, dict[str, Any]]:
        """{film id: figures} recomputed from the published reviews (all films', or these)."""
        reviews = Review._base_manager.using(self.db).filter(
            status=ReviewStatus.PUBLISHED, retired_at__isnull=True
        )
        if film_ids is not None:
            reviews = reviews.filter(film_id__in=film_ids)
        figures: dict[int, dict[str, Any]] = {}
        for film_id, rating, count in (
            reviews.order_by()
            .values_list("film_id", "rating")
            .annotate(n=Count("pk"))
            .values_list("film_id", "rating", "n")
        ):
            row = figures.setdefault(film_id, FilmRating.empty(film_id))
            row["reviews"] += count
            if rating is not None:
                row["ratings"] += count
                row["total"] += rating * count
                row[f"half_stars_{rating}"] += count
        for row in figures.values():
            row["average"] = row["total"] / row["ratings"] / 2 if row["ratings"] else None
        return figures

    def recount(self, film_ids: Iterable[int | None] | None = None) -> list[int]:
        """Store recomputed figures for these films (every film when None); returns the films fixed."""
        wanted = None if film_ids is None else {film_id for film_id in film_ids if film_id is not None}
        if wanted is not None and not wanted:
            return []
        with transaction.atomic(using=self.db):
            rows = self.all() if wanted is None else self.filter(pk__in=wanted)
            stored: dict[int, FilmRating] = {row.pk: row for row in rows.select_for_update()}
            computed = self.computed(wanted)
            films = Film._base_manager.using(self.db)
            existing = set(
                films.values_list("pk", flat=True)
                if wanted is None
                else films.filter(pk__in=wanted).values_list("pk", flat=True)
            )
            fixed = []
            for film_id in sorted(set(stored) | set(computed) | existing):
                figures = computed.get(film_id) or FilmRating.empty(film_id)
                row = stored.get(film_id)
                if row is not None and row.figures() == figures:
                    continue
                fixed.append(film_id)
                if row is None:  # every film has its row, zeros or not
                    self.bulk_create([FilmRating(**figures)], ignore_conflicts=True)
                self.filter(pk=film_id).update(**figures)
            if fixed:
                archive_changed(self.db)  # pages that showed the wrong figures are rendered afresh
        return fixed


class FilmRating(models.Model):
    """A film's published reviews counted, its ratings summed and by half star: kept, not recomputed.

    Every change to a review changes this row in the same transaction: ``Review.save()`` (admin saves
    and bulk publish/hide, members' saves), deletes (``reviews.signals``), raw saves (loaddata,
    restores from the history: the film is recounted), and ``ReviewQuerySet.update()`` and
    ``bulk_create()``. ``manage.py recount_ratings --check`` proves it equals a recomputation.
    Every film has its row (made with the film, zeros until it has published reviews), so that the
    films list can read them in order of average from an index.
    """

    film = models.OneToOneField(Film, on_delete=models.CASCADE, primary_key=True, related_name="rating")
    reviews = models.PositiveIntegerField(default=0, help_text="Published reviews, rated or not.")
    ratings = models.PositiveIntegerField(default=0, help_text="Published reviews with a rating.")
    total = models.PositiveIntegerField(default=0, help_text="Their ratings added up, in half stars.")
    average = models.FloatField(
        null=True, blank=True, help_text="In stars (0.5 to 5); empty without ratings."
    )
    half_stars_1 = models.PositiveIntegerField(default=0)
    half_stars_2 = models.PositiveIntegerField(default=0)
    half_stars_3 = models.PositiveIntegerField(default=0)
    half_stars_4 = models.PositiveIntegerField(default=0)
    half_stars_5 = models.PositiveIntegerField(default=0)
    half_stars_6 = models.PositiveIntegerField(default=0)
    half_stars_7 = models.PositiveIntegerField(default=0)
    half_stars_8 = models.PositiveIntegerField(default=0)
    half_stars_9 = models.PositiveIntegerField(default=0)
    half_stars_10 = models.PositiveIntegerField(default=0)

    objects = FilmRatingQuerySet.as_manager()

    class Meta:
        ordering = ["film"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ratings__lte=F("reviews")), name="filmrating_rated_of_reviews"
            ),
            models.CheckConstraint(
                condition=Q(
                    ratings=sum(
                        (F(f"half_stars_{r}") for r in range(RATING_MIN + 1, RATING_MAX + 1)),
                        F("half_stars_1"),
                    )
                ),
                name="filmrating_histogram_adds_up",
            ),
        ]
        indexes = [
            # /films/?sort=rating: the highest average first.
            models.Index(AVERAGE_KEY.desc(), F("film"), name="filmrating_average_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.film_id}: {self.ratings} ratings"

    def get_absolute_url(self) -> str:
        return self.film.get_absolute_url()

    @staticmethod
    def empty(film_id: int) -> dict[str, Any]:
        return {
            "film_id": film_id,
            "reviews": 0,
            "ratings": 0,
            "total": 0,
            "average": None,
            **{f"half_stars_{r}": 0 for r in range(RATING_MIN, RATING_MAX + 1)},
        }

    def figures(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FilmRating.empty(self.film_id)}

    def histogram(self) -> list[tuple[int, int]]:
        """[(half stars, count), ...] from ½ to five stars."""
        return [(r, getattr(self, f"half_stars_{r}")) for r in range(RATING_MIN, RATING_MAX + 1)]
