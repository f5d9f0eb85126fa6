"""Saving members' reviews: one per member and film, every save kept in the history, and a limit per hour."""

from datetime import timedelta

import reversion
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision

from filmarchive.models import User
from reviews.models import Review

SAVE_COMMENT = "Saved by its member."


def saves_in_the_last_hour(member):
    """How many times the member saved a review in the past hour, counted from the history."""
    since = timezone.now() - timedelta(hours=1)
    return Revision.objects.filter(user=member, comment=SAVE_COMMENT, date_created__gte=since).count()


def may_save(member):
    return saves_in_the_last_hour(member) < settings.REVIEW_SAVES_PER_HOUR


class SavingPaused(Exception):
    """The member has saved as many reviews as an hour allows; nothing was written."""


def save_member_review(member, film, *, rating, body, contains_spoilers):
    """Create the member's review of the film, or update it: there is only ever one.

    Raises SavingPaused, writing nothing, when the member has used up the past hour's saves. The count
    and the write are one transaction holding a lock on the member's row, so a member's saves take
    turns: each one counts every save committed before it, however many arrive at once. (SQLite ignores
    the lock, but lets one connection write at a time; it serves development.)

    Two submissions at once (a double click, two tabs) meet the database's unique constraint; the one
    that loses the race finds the other's row and updates it.
    """
    with transaction.atomic():
        User.objects.select_for_update(no_key=True).only("pk").get(pk=member.pk)
        if not may_save(member):
            raise SavingPaused
        now = timezone.now()
        with reversion.create_revision():
            reversion.set_user(member)
            reversion.set_comment(SAVE_COMMENT)
            review, created = Review.objects.select_for_update().get_or_create(
                film=film,
                member=member,
                defaults={
                    "author": member.person,
                    "first_published_in": "",
                    "created_at": now,
                    "published_on": timezone.localdate(now),
                },
            )
            review.rating = rating
            review.body = body
            review.contains_spoilers = contains_spoilers
            review.updated_at = now
            review.full_clean()
            review.save()
    return review, created
