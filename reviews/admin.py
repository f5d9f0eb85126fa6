"""The admin for reviews, with a moderation list: filter by status, publish or hide in bulk.

It also gives the core's film admin a column and a link for each film's reviews.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion import create_revision, set_comment, set_user
from reversion.admin import VersionAdmin

from filmarchive import admin as core_admin
from filmarchive.admin import ArchiveAdmin
from filmarchive.models import Film
from reviews.models import Review, ReviewReport


def member_display_name(user):
    """How the admin names an account: the name its reviews carry, never the username it signs in
    with (a member's person; staff by their full name)."""
    if user is None:
        return "—"
    if user.person_id is not None:
        return user.person.name
    return user.get_full_name() or ("Staff" if user.is_staff else "A member")


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
            ratings = {str(value): value for value, _ in Review._meta.get_field("rating").choices}
            # The facet counts pass each choice's own value, a number; the address, text.
            value = str(self.value())
            if value not in ratings:
                # The changelist says the filter is wrong (?e=1), rather than failing on the query.
                raise IncorrectLookupParameters(f"No such rating: {value!r}.")
            return queryset.filter(rating=ratings[value])
        return queryset


class ReportedFilter(admin.SimpleListFilter):
    """Reviews members have reported and no editor has dealt with yet."""

    title = "reports"
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("open", "Reported, not dealt with")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(Exists(ReviewReport.objects.open().filter(review=OuterRef("pk"))))
        return queryset


@admin.register(Review)
class ReviewAdmin(ArchiveAdmin):
    list_display = [
        "film", "author", "member_handle", "stars", "status", "open_reports", "first_published_in",
        "published_on", "contains_spoilers",
    ]  # fmt: skip
    list_filter = [
        "status",
        ReportedFilter,
        RatingFilter,
        "first_published_in",
        "contains_spoilers",
        "source",
    ]
    list_select_related = ["film", "author", "member__person", "source"]
    search_fields = ["author__name", "film__title"]
    autocomplete_fields = ["film", "author"]
    date_hierarchy = "published_on"
    actions = ["publish", "hide"]
    fields = [
        "film", "author", "rating", "body", "contains_spoilers", "status", "published_on",
        "first_published_in", "member_name",
    ]  # fmt: skip
    # Who wrote a member's review is the account that saved it, never an editor's choice; and an
    # account is shown by the name its reviews carry: usernames sign in, and editors have no need of them.
    readonly_fields = ["member_name"]
    object_history_template = "admin/reviews/review/object_history.html"
    # A full count of a hundred thousand reviews on every page is slow; the filtered count suffices.
    show_full_result_count = False
    # Moderation works through what was added last; the primary key's index serves this order.
    ordering = ["-pk"]
    list_per_page = 50

    def get_queryset(self, request):
        # A subquery per row shown, by the open reports' index; not a GROUP BY over every review.
        reports = (
            ReviewReport.objects.open()
            .filter(review=OuterRef("pk"))
            .order_by()
            .values("review")
            .annotate(n=Count("pk"))
        )
        return (
            super()
            .get_queryset(request)
            .annotate(open_report_count=Coalesce(Subquery(reports.values("n")), 0))
        )

    def get_readonly_fields(self, request, obj=None):
        # A member's review is theirs, of the film they chose: the name it carries is their person's,
        # and one film may hold only one review of theirs.
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.member_id is not None:
            readonly += [name for name in ("film", "author") if name not in readonly]
        return readonly

    @admin.display(description="Rating", ordering="rating")
    def stars(self, obj):
        return obj.stars or "—"

    @admin.display(description="Member", ordering="member__person__sort_name")
    def member_handle(self, obj):
        return member_display_name(obj.member)

    @admin.display(description="Member")
    def member_name(self, obj):
        if obj is None or obj.member_id is None:
            return "—"
        person = obj.member.person
        if person is None:
            return member_display_name(obj.member)
        url = reverse("admin:filmarchive_person_change", args=[person.pk])
        return format_html('<a href="{}">{}</a>', url, person.name)

    def _reversion_order_version_queryset(self, request, queryset):
        # The history names each change's member by their person: one join, not a query a row.
        queryset = queryset.select_related("revision__user__person")
        return super()._reversion_order_version_queryset(request, queryset)

    @admin.display(description="Open reports", ordering="open_report_count")
    def open_reports(self, obj):
        if not obj.open_report_count:
            return "—"
        url = reverse("admin:reviews_reviewreport_changelist") + f"?review__id__exact={obj.pk}&open=yes"
        return format_html('<a href="{}">{}</a>', url, obj.open_report_count)

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


class OpenFilter(admin.SimpleListFilter):
    title = "dealt with"
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", "Not yet"), ("no", "Yes")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "no":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(ReviewReport)
class ReviewReportAdmin(VersionAdmin):
    """What members reported, newest first; an editor hides the review or dismisses the report."""

    list_display = ["review", "reason", "reporter_name", "created_at", "resolved_at"]
    list_filter = [OpenFilter, "reason"]
    list_select_related = ["review__film", "review__author", "reporter__person"]
    readonly_fields = ["review", "reason", "details", "reporter_name", "created_at"]
    fields = ["review", "reason", "details", "reporter_name", "created_at", "resolved_at"]
    actions = ["hide_reviews", "dismiss"]
    history_latest_first = True

    def has_add_permission(self, request):
        return False

    @admin.display(description="Reported by")
    def reporter_name(self, obj):
        person = obj.reporter.person if obj.reporter_id else None
        return person.name if person else "—"

    @admin.action(
        description="Hide the reported reviews and mark the reports dealt with", permissions=["change"]
    )
    def hide_reviews(self, request, queryset):
        now = timezone.now()
        with transaction.atomic(), create_revision():
            set_user(request.user)
            set_comment("Hidden after a member's report.")
            for report in queryset.select_related("review"):
                if report.review.status != Review.Status.HIDDEN:
                    report.review.status = Review.Status.HIDDEN
                    report.review.save(update_fields=["status"])
                report.resolved_at = report.resolved_at or now
                report.save(update_fields=["resolved_at"])
        self.message_user(request, f"{queryset.count()} report(s) dealt with; their reviews are hidden.")

    @admin.action(description="Dismiss the reports: the reviews stay", permissions=["change"])
    def dismiss(self, request, queryset):
        with transaction.atomic(), create_revision():
            set_user(request.user)
            set_comment("Report dismissed.")
            for report in queryset.filter(resolved_at__isnull=True):
                report.resolved_at = timezone.now()
                report.save(update_fields=["resolved_at"])
        self.message_user(request, "The reports are dismissed.")


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
