"""Reviews of films: critics' reviews built from documents, and members' reviews written here."""

from typing import Any, Self

import reversion
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from filmarchive.models import PROVENANCE_FIELDS, Film, Person, Provenance, PublicManager, search_vector_field
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


class ReviewQuerySet(models.QuerySet["Review"]):
    def get_by_natural_key(self, film_slug: str, author_slug: str, first_published_in: str) -> "Review":
        return self.model._base_manager.db_manager(self.db).get(
            film=Film.objects.db_manager(self.db).get_by_natural_key(film_slug),
            author=Person.objects.db_manager(self.db).get_by_natural_key(author_slug),
            first_published_in=first_published_in,
        )

    def published(self) -> Self:
        return self.filter(status=ReviewStatus.PUBLISHED)


class ReviewStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    HIDDEN = "hidden", "Hidden"


@reversion.register()
class Review(Provenance):
    Status = ReviewStatus

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
        indexes = [
            # The film page and its "all reviews" page list a film's published reviews.
            models.Index(fields=["film", "status"], name="review_film_status_idx"),
            # The admin's date drill-down by year, month and day.
            models.Index(fields=["published_on"], name="review_published_on_idx"),
            # The admin's "first published in" filter lists the places reviews come from.
            models.Index(fields=["first_published_in"], name="review_venue_idx"),
            # Site search: reviews by their text.
            GinIndex(fields=["search_vector"], name="review_search_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.film}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:review-detail", args=[self.pk])

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
