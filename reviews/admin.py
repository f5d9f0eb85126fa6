"""The admin for reviews, with a moderation list: filter by status, publish or hide in bulk."""

from django.contrib import admin, messages
from django.db import transaction
from reversion import create_revision, set_comment, set_user

from filmarchive.admin import ArchiveAdmin
from reviews.models import Review


class RatingFilter(admin.SimpleListFilter):
    """The ten half-star ratings and 'none', without asking the database which ratings occur."""

    title = "rating"
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        return [*Review._meta.get_field("rating").choices, ("none", "No rating")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(rating__isnull=True)
        if self.value():
            return queryset.filter(rating=self.value())
        return queryset


@admin.register(Review)
class ReviewAdmin(ArchiveAdmin):
    list_display = ["__str__", "stars", "status", "first_published_in", "published_on", "contains_spoilers"]
    list_filter = ["status", RatingFilter, "first_published_in", "contains_spoilers", "source"]
    list_select_related = ["film", "author", "source"]
    search_fields = ["author__name", "film__title"]
    autocomplete_fields = ["film", "author"]
    raw_id_fields = ["member"]
    date_hierarchy = "published_on"
    actions = ["publish", "hide"]
    fields = [
        "film", "author", "rating", "body", "contains_spoilers", "status", "published_on",
        "first_published_in", "member",
    ]  # fmt: skip
    # A full count of a hundred thousand reviews on every page is slow; the filtered count suffices.
    show_full_result_count = False
    # Moderation works through what was added last; the primary key's index serves this order.
    ordering = ["-pk"]
    list_per_page = 50

    @admin.display(description="Rating", ordering="rating")
    def stars(self, obj):
        return obj.stars or "—"

    def _set_status(self, request, queryset, status, verb):
        # One save per review, inside one revision, so that each change is in the history.
        changed = 0
        with transaction.atomic(), create_revision():
            set_user(request.user)
            set_comment(f"{verb.capitalize()} from the review list.")
            for review in queryset.select_for_update(of=("self",)).exclude(status=status):
                review.status = status
                review.save(update_fields=["status"])
                changed += 1
        self.message_user(request, f"{changed} review(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Publish the selected reviews", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Review.Status.PUBLISHED, "published")

    @admin.action(description="Hide the selected reviews", permissions=["change"])
    def hide(self, request, queryset):
        self._set_status(request, queryset, Review.Status.HIDDEN, "hidden")
