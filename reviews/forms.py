import re

from django import forms
from django.conf import settings

from filmarchive.text import MultilineField, paragraphs
from reviews.models import RATING_MAX, RATING_MIN

SPACES = re.compile(r"[ \t]+")


def rating_label(half_stars):
    value = half_stars / 2
    return f"{value:g} star{'' if value == 1 else 's'}"


class MemberReviewForm(forms.Form):
    """A member's review: a rating in half stars (or none), the text, and whether it spoils the film."""

    rating = forms.TypedChoiceField(
        choices=[("", "No rating")] + [(n, rating_label(n)) for n in range(RATING_MIN, RATING_MAX + 1)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    body = MultilineField(
        label="Your review",
        required=False,
        max_length=settings.REVIEW_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            f"Plain text, up to {settings.REVIEW_MAX_LENGTH:,} characters; a blank line starts a paragraph."
        ),
    )
    contains_spoilers = forms.BooleanField(label="This review gives away the film's plot", required=False)

    def clean_body(self):
        # Paragraphs are separated by one blank line, however the browser sent them; a line break
        # within a paragraph stays, runs of spaces and tabs do not. Every other character is the
        # member's: a no-break space before French punctuation, an ideographic space, a line
        # separator are kept as written.
        return "\n\n".join(
            "\n".join(
                SPACES.sub(" ", line).strip(" \t") for line in paragraph.split("\n") if line.strip(" \t")
            )
            for paragraph in paragraphs(self.cleaned_data["body"])
        )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and cleaned.get("rating") is None and not cleaned.get("body"):
            raise forms.ValidationError("Give a rating, write a review, or both.")
        return cleaned
