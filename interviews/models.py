"""Interviews: an article's introduction, its figures, and its conversation as ordered turns."""

from typing import Any

import reversion
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Prefetch, Q

from filmarchive.images import FIGURE, ImageCopiesMixin
from filmarchive.links import record_url
from filmarchive.models import (
    PROVENANCE_FIELDS,
    Film,
    Person,
    Provenance,
    PublicManager,
    SlugQuerySet,
    search_vector_field,
)
from filmarchive.text import paragraphs


class InterviewQuerySet(SlugQuerySet["Interview"]):
    def with_interviewers(self) -> "InterviewQuerySet":
        """Each interview with its interviewers as a list, ``interviewer_list``, in one more query.

        A list, not the ``interviewers`` manager: prefetching into managers builds a manager and a
        filtered queryset for every interview listed, which took longer than the rest of a list page.
        """
        return self.prefetch_related(Prefetch("interviewers", to_attr="interviewer_list"))


@reversion.register()
class Interview(Provenance):
    title = models.CharField(max_length=300)
    title_is_editorial = models.BooleanField(
        default=False, help_text="The document has no headline: the archive supplied this title."
    )
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    interviewers = models.ManyToManyField(Person, blank=True, related_name="interviews_conducted")
    subjects = models.ManyToManyField(Person, related_name="interviews_given")
    films = models.ManyToManyField(Film, blank=True, related_name="interviews")
    introduction = models.TextField(
        blank=True, help_text="The standfirst, verbatim; paragraphs are separated by a blank line."
    )
    published_in = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    search_vector = search_vector_field(["title"], ["introduction"])

    DOCUMENT_FIELDS = (
        "title", "title_is_editorial", "introduction", "published_in", "published_on",
        "interviewers", "subjects", "films", *PROVENANCE_FIELDS,
    )  # fmt: skip

    objects = PublicManager.from_queryset(InterviewQuerySet)()
    all_objects = models.Manager.from_queryset(InterviewQuerySet)()

    class Meta(Provenance.Meta):
        # Newest first, undated last on every database (PostgreSQL would put NULLs first).
        ordering = [F("published_on").desc(nulls_last=True), "title"]
        indexes = [
            # Site search: interviews by title and introduction.
            GinIndex(fields=["search_vector"], name="interview_search_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return record_url("interviews:interview-detail", self.slug)

    def natural_key(self) -> tuple[Any, ...]:
        return (self.slug,)

    def mention_context(self) -> tuple[str, str, str]:
        """Where the introduction names a film or a person: a label, an address, the text."""
        return f"The introduction to “{self.title}”", self.get_absolute_url(), self.introduction

    @property
    def introduction_paragraphs(self) -> list[str]:
        return paragraphs(self.introduction)


class InterviewPartQuerySet[M: models.Model](models.QuerySet[M]):
    def get_by_natural_key(self, interview_slug: str, position: int) -> M:
        interview = Interview.objects.db_manager(self.db).get_by_natural_key(interview_slug)
        return self.model._base_manager.db_manager(self.db).get(interview=interview, position=position)


class InterviewPart(Provenance):
    """Something that stands at a numbered place in an interview: a turn, a figure."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="%(class)ss")
    position = models.PositiveSmallIntegerField()

    objects = PublicManager.from_queryset(InterviewPartQuerySet)()
    all_objects = models.Manager.from_queryset(InterviewPartQuerySet)()

    NATURAL_KEY_FIELDS = ("interview__slug", "position")

    class Meta(Provenance.Meta):
        abstract = True
        ordering = ["interview_id", "position"]
        constraints = [
            *Provenance.Meta.constraints,
            models.UniqueConstraint(
                fields=["interview", "position"],
                name="%(class)s_unique_position",
                violation_error_message="Another part of this interview has this position.",
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="%(class)s_position_positive"),
        ]

    def get_absolute_url(self) -> str:
        return f"{self.interview.get_absolute_url()}#{self._meta.model_name}-{self.position}"

    def natural_key(self) -> tuple[Any, ...]:
        return (*self.interview.natural_key(), self.position)

    natural_key.dependencies = ["interviews.interview"]  # type: ignore[attr-defined]


class TurnKind(models.TextChoices):
    QUESTION = "question", "Question"
    ANSWER = "answer", "Answer"


@reversion.register()
class Turn(InterviewPart):
    """One question or one answer of the conversation, in order."""

    Kind = TurnKind
    DOCUMENT_FIELDS = ("kind", "speaker", "body", *PROVENANCE_FIELDS)

    kind = models.CharField(max_length=10, choices=TurnKind)
    speaker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interview_turns")
    body = models.TextField(help_text="Verbatim; paragraphs are separated by a blank line.")
    search_vector = search_vector_field(text_fields=["body"])

    class Meta(InterviewPart.Meta):
        constraints = [
            *InterviewPart.Meta.constraints,
            models.CheckConstraint(condition=Q(kind__in=TurnKind.values), name="turn_kind_valid"),
        ]
        indexes = [
            # Site search: what was asked and answered, turn by turn.
            GinIndex(fields=["search_vector"], name="turn_search_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.interview} – {self.position}. {self.get_kind_display()} ({self.speaker})"

    MENTION_CONTEXT_RELATED = ("interview", "speaker")

    def mention_context(self) -> tuple[str, str, str]:
        """Where the turn names a film or a person: a label, an address (its anchor), the text."""
        label = f"{self.speaker.name}’s {self.get_kind_display().lower()} in “{self.interview.title}”"
        return label, self.get_absolute_url(), self.body

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs(self.body)


@reversion.register()
class Figure(ImageCopiesMixin, InterviewPart):
    """An image printed with the article, with its caption and alt text."""

    DOCUMENT_FIELDS = ("caption", "alt_text", "credit", *PROVENANCE_FIELDS)

    caption = models.CharField(max_length=500)
    alt_text = models.CharField(max_length=500)
    credit = models.CharField(max_length=300, blank=True, help_text="Who made the image, as printed.")
    image = models.ImageField(
        upload_to="figures/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text="JPEG, PNG, WebP or GIF, up to 10 MB.",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    IMAGE_USES = {"image": FIGURE}

    class Meta(InterviewPart.Meta):
        pass

    MENTION_CONTEXT_RELATED = ("interview",)

    def __str__(self) -> str:
        return self.caption

    def mention_context(self) -> tuple[str, str, str]:
        """Where the caption names a film or a person: a label, an address (its anchor), the text."""
        return f"A caption in “{self.interview.title}”", self.get_absolute_url(), self.caption
