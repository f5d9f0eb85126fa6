"""Interviews: an article's introduction, its figures, and its conversation as ordered turns."""

import reversion
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q

from filmarchive.links import record_url
from filmarchive.models import Film, Person, Provenance, SlugQuerySet, search_vector_field


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

    objects = SlugQuerySet.as_manager()

    class Meta(Provenance.Meta):
        ordering = ["-published_on", "title"]
        indexes = [
            # Site search: interviews by title and introduction.
            GinIndex(fields=["search_vector"], name="interview_search_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("interviews:interview-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def introduction_paragraphs(self):
        return [paragraph for paragraph in self.introduction.split("\n\n") if paragraph]


class InterviewPartQuerySet(models.QuerySet):
    def get_by_natural_key(self, interview_slug, position):
        return self.get(interview__slug=interview_slug, position=position)


class InterviewPart(Provenance):
    """Something that stands at a numbered place in an interview: a turn, a figure."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="%(class)ss")
    position = models.PositiveSmallIntegerField()

    objects = InterviewPartQuerySet.as_manager()

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

    def get_absolute_url(self):
        return f"{self.interview.get_absolute_url()}#{self._meta.model_name}-{self.position}"

    def natural_key(self):
        return (*self.interview.natural_key(), self.position)

    natural_key.dependencies = ["interviews.interview"]


class TurnKind(models.TextChoices):
    QUESTION = "question", "Question"
    ANSWER = "answer", "Answer"


@reversion.register()
class Turn(InterviewPart):
    """One question or one answer of the conversation, in order."""

    Kind = TurnKind

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

    def __str__(self):
        return f"{self.interview} – {self.position}. {self.get_kind_display()} ({self.speaker})"

    @property
    def paragraphs(self):
        return [paragraph for paragraph in self.body.split("\n\n") if paragraph]


@reversion.register()
class Figure(InterviewPart):
    """An image printed with the article, with its caption and alt text."""

    caption = models.CharField(max_length=500)
    alt_text = models.CharField(max_length=500)
    credit = models.CharField(max_length=300, blank=True, help_text="Who made the image, as printed.")
    image = models.ImageField(upload_to="figures/", blank=True)

    class Meta(InterviewPart.Meta):
        pass

    def __str__(self):
        return self.caption
