"""The admin for reviews, with a moderation list: filter by status, publish or hide in bulk.

It also gives the core's film admin a column and a link for each film's reviews.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from reversion import create_revision, set_comment, set_user

from filmarchive import admin as core_admin
from filmarchive.admin import ArchiveAdmin
from filmarchive.models import Film
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


class FilmAdmin(core_admin.FilmAdmin):
    """The core's film admin, with each film's reviews counted and linked to the review list."""

    list_display = ["title", "year", "review_count", "slug", "source"]
    readonly_fields = ["reviews"]
    fields = [*core_admin.FilmAdmin.fields, "reviews"]

    def get_queryset(self, request):
        # A subquery, not a GROUP BY over every review: it runs for the rows shown, by index.
        reviews = Review.objects.filter(film=OuterRef("pk")).order_by().values("film").annotate(n=Count("pk"))
        return super().get_queryset(request).annotate(review_total=Coalesce(Subquery(reviews.values("n")), 0))

    @admin.display(description="Reviews", ordering="review_total")
    def review_count(self, obj):
        return obj.review_total

    @admin.display(description="Reviews")
    def reviews(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:reviews_review_changelist") + f"?film__id__exact={obj.pk}"
        return format_html('<a href="{}">{} review(s) of this film</a>', url, obj.review_total)


admin.site.unregister(Film)
admin.site.register(Film, FilmAdmin)
