"""The admin for editors: the core records.

Every archive model's admin derives from ``ArchiveAdmin``: each change is kept as a version that an
editor can see and restore (django-reversion), a deleted record can be recovered, and provenance is
shown read-only, linked to the public source page. Each model is registered with reversion on its own
(see the models), so restoring a film's synopsis does not also undo the credits added since.
"""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import UserAdmin
from django.core.paginator import Paginator
from django.db import connections
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from filmarchive.models import Credit, Film, Mention, Person, SourceDocument, User

PROVENANCE_FIELDS = ("provenance", "source", "source_first_line", "source_last_line")


class EstimatedCountPaginator(Paginator):
    """Counts an unfiltered list of a big PostgreSQL table from the planner's statistics.

    COUNT(*) over a hundred thousand reviews on every page of the list is most of the page's time.
    On PostgreSQL, an unfiltered list takes the table's row estimate (kept by ANALYZE) when it is
    large, and counts exactly when it is small: one query either way. Filtered lists, and other
    databases, count exactly.
    """

    exact_below = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor != "postgresql" or queryset.query.where:
            return super().count
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        with connection.cursor() as cursor:
            # The scalar subquery only runs when its CASE branch is taken.
            cursor.execute(
                f"SELECT CASE WHEN reltuples >= %s THEN reltuples::bigint "  # noqa: S608 (a table name)
                f"ELSE (SELECT COUNT(*) FROM {table}) END FROM pg_class WHERE oid = %s::regclass",
                [self.exact_below, queryset.model._meta.db_table],
            )
            return cursor.fetchone()[0]


class ArchiveAdmin(VersionAdmin):
    """History, recovery and read-only provenance for a record that may come from a document."""

    history_latest_first = True
    view_on_site = True
    paginator = EstimatedCountPaginator

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if any(field.name == "source" for field in self.model._meta.fields):
            readonly += [f for f in PROVENANCE_FIELDS if f not in readonly]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not any(field.name == "source" for field in self.model._meta.fields):
            return fieldsets
        # Provenance goes last, in its own section.
        main = [f for f in fieldsets[0][1]["fields"] if f not in PROVENANCE_FIELDS]
        return [
            (None, {"fields": main}),
            ("Provenance", {"fields": ["provenance"], "classes": ["collapse"]}),
        ]

    @admin.display(description="Source")
    def provenance(self, obj):
        if obj is None or obj.source_id is None:
            return "Added by hand"
        return format_html(
            '<a href="{}">{}, {}</a>', obj.get_source_url(), obj.source.title, obj.source_lines_label
        )


class LoadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose selected choice can come from an object already loaded.

    Django's widget looks up each row's selected object with a query of its own, so an inline of a
    hundred credits costs a hundred queries; the inline's queryset has those objects already.
    """

    loaded = None  # {str(pk): object}, set per form by RelatedLoadedFormSet

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if not self.loaded or not selected or any(v not in self.loaded for v in selected):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for pk in selected:
            label = self.choices.field.label_from_instance(self.loaded[pk])
            options.append(self.create_option(name, pk, label, set(selected), len(options)))
        return [(None, options, 0)]


class RelatedLoadedFormSet(BaseInlineFormSet):
    """An inline formset whose rows reuse the objects already loaded instead of querying per row."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk is None:
            return form
        # The rows were fetched with a plain filter, so each would fetch its parent again for its
        # __str__ and "view on site" link; the parent is this formset's instance.
        setattr(form.instance, self.fk.name, self.instance)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the add/change wrapper
            if isinstance(widget, LoadedAutocompleteSelect):
                related = getattr(form.instance, name, None)
                if related is not None:
                    widget.loaded = {str(related.pk): related}
        return form


class LoadedAutocompleteInlineMixin:
    """For inlines whose queryset select_related()s their autocomplete fields."""

    formset = RelatedLoadedFormSet

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = LoadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CreditInline(LoadedAutocompleteInlineMixin, admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["role", "order", "person", "credited_as", "provenance"]
    readonly_fields = ["provenance"]
    ordering = ["role", "order"]

    @admin.display(description="Source")
    def provenance(self, obj):
        return obj.source_lines_label if obj and obj.source_id else "—"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "source")


class PersonCreditInline(CreditInline):
    fk_name = "person"
    autocomplete_fields = ["film"]
    fields = ["film", "role", "order", "credited_as", "provenance"]
    verbose_name_plural = "credits"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("film")


@admin.register(Film)
class FilmAdmin(ArchiveAdmin):
    """Films with their credits. The reviews app adds each film's reviews (``reviews.admin``)."""

    list_display = ["title", "year", "slug", "source"]
    list_filter = ["year", "source"]
    list_select_related = ["source"]
    search_fields = ["title", "original_title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CreditInline]
    fields = [
        "title", "slug", "original_title", "year", "runtime_minutes", "countries", "languages",
        "synopsis", "poster", "poster_alt", "poster_caption",
    ]  # fmt: skip
    show_full_result_count = False


@admin.register(Person)
class PersonAdmin(ArchiveAdmin):
    list_display = ["name", "sort_name", "slug", "source"]
    list_filter = ["source"]
    list_select_related = ["source"]
    search_fields = ["name", "sort_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "sort_name", "biography"]
    inlines = [PersonCreditInline]
    show_full_result_count = False


@admin.register(Credit)
class CreditAdmin(ArchiveAdmin):
    list_display = ["person", "role", "film", "order", "source"]
    list_filter = ["role", "source"]
    list_select_related = ["person", "film", "source"]
    search_fields = ["person__name", "film__title", "credited_as"]
    autocomplete_fields = ["film", "person"]
    fields = ["film", "person", "role", "credited_as", "order"]
    show_full_result_count = False


@admin.register(Mention)
class MentionAdmin(VersionAdmin):
    list_display = ["text", "target", "source", "line"]
    list_filter = ["source"]
    list_select_related = ["source", "film", "person"]
    search_fields = ["text", "film__title", "person__name"]
    autocomplete_fields = ["film", "person"]
    history_latest_first = True

    @admin.display(description="Names")
    def target(self, obj):
        return obj.target


@admin.register(SourceDocument)
class SourceDocumentAdmin(VersionAdmin):
    """Documents are kept verbatim: they change only through fixtures/sources/ and build_fixtures."""

    list_display = ["title", "kind", "filename", "short_checksum"]
    list_filter = ["kind"]
    search_fields = ["title", "slug", "filename", "text"]
    readonly_fields = ["slug", "kind", "filename", "checksum", "text"]
    fields = ["title", "slug", "kind", "filename", "origin", "checksum", "text"]
    view_on_site = True
    history_latest_first = True

    @admin.display(description="SHA-256")
    def short_checksum(self, obj):
        return obj.checksum[:12]


admin.site.register(User, UserAdmin)
admin.site.site_header = "Film archive"
admin.site.site_title = "Film archive admin"
admin.site.index_title = "Archive records"
