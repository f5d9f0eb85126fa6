"""The admin for editors: the core records.

Every archive model's admin derives from ``ArchiveAdmin``: each change is kept as a version that an
editor can see and restore (django-reversion), a deleted record can be recovered, and provenance is
shown read-only, linked to the public source page. Each model is registered with reversion on its own
(see the models), so restoring a film's synopsis does not also undo the credits added since.
"""

import dataclasses
import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connections, models, transaction
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from reversion import create_revision, set_comment, set_user
from reversion.admin import VersionAdmin

from filmarchive.models import (
    Credit,
    DismissedMention,
    Film,
    Mention,
    Person,
    SlugRedirect,
    SourceDocument,
    SyncedRecord,
    User,
    bring_back_with,
    retired_included,
)
from filmarchive.text import validate_showable

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


class RetiredFilter(admin.SimpleListFilter):
    """Records retired (by a sync, their document no longer stating them, or deleted by an editor)
    and those still in force."""

    title = "on the site"
    parameter_name = "retired"

    def lookups(self, request, model_admin):
        return [("no", "In force"), ("yes", "Retired")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(retired_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(retired_at__isnull=True)
        return queryset


def key_fields(model):
    """The fields a record's natural key is made of (a film's slug; a credit's film, person and role)."""
    return list(dict.fromkeys(path.split("__")[0] for path in getattr(model, "NATURAL_KEY_FIELDS", ())))


class ArchiveChangeList(ChangeList):
    """Django's list, refusing a date outside the calendar in its date hierarchy as a wrong filter.

    Django turns ``?published_on__year=`` into a range of dates and reads a year it cannot parse as a
    wrong filter, but not one whose range leaves the calendar (9999 ends past it, a huge year does
    not fit a date): those raise ValueError or OverflowError, a 500, where the list should say the
    filter is wrong (``?e=1``).
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class ArchiveRecordForm(forms.ModelForm):
    """The admin's form for an archive record: an address that still leads to another record (its
    former slug, ``SlugRedirect``) is not given to this one, as ``RenameForm`` refuses it too."""

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug != self.instance.slug:
            redirects = SlugRedirect.objects.filter(model=self._meta.model._meta.label_lower, old_slug=slug)
            if self.instance.pk is not None:
                redirects = redirects.exclude(new_slug=self.instance.slug)
            if redirects.exists():
                raise forms.ValidationError("That was another record's address, and still leads to it.")
        return slug


class ShowableTextMixin:
    """Every text an editor types is refused, with the field's error, if it holds a code point no page
    or feed can show (``filmarchive.text.validate_showable``)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.CharField | models.TextField) and formfield is not None:
            formfield.validators.append(validate_showable)
        return formfield


class ArchiveAdmin(ShowableTextMixin, VersionAdmin):
    """History, recovery and read-only provenance for a record that may come from a document.

    For a record a document states (``SyncedRecord``): its natural key is read-only (a sync finds it by
    that; renaming keeps the old address working, see ``rename_view``), retired records are listed too,
    and where it differs from what its document says, both are shown with a button to take the
    document's version. Before an editor's first change, what the document said is kept, so that a
    sync can tell the editor's change from the document's.
    """

    form = ArchiveRecordForm
    history_latest_first = True
    view_on_site = True
    paginator = EstimatedCountPaginator
    delete_confirmation_template = "admin/filmarchive/delete_confirmation.html"

    def synced(self):
        return issubclass(self.model, SyncedRecord)

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        # A record's history puts back that record alone (``revert_record``), not everything saved with
        # it in one revision (a sync's, an inline's, a bulk action's). Recovering a deleted record puts
        # back its whole revision: what was deleted with it comes back with it.
        if self.model._base_manager.filter(pk=version.object_id).exists():
            version.revision.revert = lambda delete=False: revert_record(version)
        return super()._reversion_revisionform_view(request, version, template_name, extra_context)

    def save_model(self, request, obj, form, change):
        # A record made here has its slug in its form: a new one keeps the old address working, as
        # Rename does for a record a document states.
        old = form.initial.get("slug")
        if change and old and "slug" in form.changed_data:
            SlugRedirect.lead(self.model, old, obj.slug)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # The records an editor chooses (an interview's interviewers) replace all those it had, a
        # retired one too: the form never lists retired records, so it could not take one away.
        with retired_included():
            form.save_m2m()
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def get_changelist(self, request, **kwargs):
        return ArchiveChangeList

    def get_queryset(self, request):
        if not self.synced():
            return super().get_queryset(request)
        queryset = self.model.all_objects.get_queryset()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_search_results(self, request, queryset, search_term):
        # The choices of an autocomplete (a review's film, a credit's person) are those on the site: a
        # retired one could not be saved ("Select a valid choice"), as the form's field has only those.
        match = request.resolver_match
        if self.synced() and match is not None and match.view_name == "admin:autocomplete":
            queryset = queryset.filter(retired_at__isnull=True)
        return super().get_search_results(request, queryset, search_term)

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        return [*filters, RetiredFilter] if self.synced() else filters

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if any(field.name == "source" for field in self.model._meta.fields):
            readonly += [f for f in PROVENANCE_FIELDS if f not in readonly]
        if self.synced():
            readonly += ["document_differences", "retirement"]
            if obj is not None and getattr(obj, "source_id", None) is not None:
                readonly += [name for name in key_fields(self.model) if name not in readonly]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and getattr(obj, "source_id", None) is not None:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not any(field.name == "source" for field in self.model._meta.fields):
            return fieldsets
        # Provenance goes last, in its own section, with what its document says.
        extra = ("provenance", "document_differences", "retirement")
        main = [f for f in fieldsets[0][1]["fields"] if f not in PROVENANCE_FIELDS and f not in extra]
        return [
            (None, {"fields": main}),
            ("Provenance", {"fields": ["provenance", "document_differences", "retirement"]}),
        ]

    # Deleting: a record built from a document is retired instead, for a delete would be undone by the
    # next sync, which finds the document still stating it. Retired "by an editor", syncs leave it so.

    def _retires(self, obj):
        return isinstance(obj, SyncedRecord) and obj.built_from_document

    def get_deleted_objects(self, objs, request):
        objs = list(objs)
        built = [obj for obj in objs if self._retires(obj)]
        if not built:
            return super().get_deleted_objects(objs, request)
        made = [obj for obj in objs if not self._retires(obj)]
        deleted, counts, perms_needed, protected = (
            super().get_deleted_objects(made, request) if made else ([], {}, set(), [])
        )
        # What depends on it stays, so what may not lose it still refuses (a film's reviews, say).
        protected += super().get_deleted_objects(built, request)[3]
        name = self.model._meta.verbose_name
        deleted += [
            f"{capfirst(name)}: {obj} (built from a document: retired, not deleted; "
            "kept in the admin, where it can be put back)"
            for obj in built
        ]
        plural = str(self.model._meta.verbose_name_plural)
        counts[plural] = counts.get(plural, 0) + len(built)
        return deleted, counts, perms_needed, protected

    def render_delete_form(self, request, context):
        context["retires"] = self._retires(context["object"])
        return super().render_delete_form(request, context)

    def _retire(self, request, records):
        with transaction.atomic(), create_revision():
            set_user(request.user)
            set_comment("Deleted by an editor: retired, for its document still states it.")
            for record in records:
                retire_as_deleted(record)

    def log_deletions(self, request, queryset):
        made = [obj for obj in queryset if not self._retires(obj)]
        if made:
            super().log_deletions(request, made)

    def delete_model(self, request, obj):
        if self._retires(obj):
            self._retire(request, [obj])
        else:
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        built = [obj for obj in queryset if self._retires(obj)]
        if built:
            self._retire(request, built)
        super().delete_queryset(request, queryset.exclude(pk__in=[obj.pk for obj in built]))

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if "delete_selected" in actions:
            actions["delete_selected"] = dataclasses.replace(
                actions["delete_selected"], func=type(self).delete_or_retire_selected
            )
        return actions

    @admin.action(permissions=["delete"])
    def delete_or_retire_selected(self, request, queryset):
        """Django's bulk delete, saying how many of the selected were retired rather than deleted."""
        confirmed = request.POST.get("post")
        if not confirmed or any(self.get_deleted_objects(queryset, request)[2:]):
            return delete_selected(self, request, queryset)  # its confirmation, or its refusal
        selected = list(queryset)
        retired = sum(1 for obj in selected if self._retires(obj))
        self.log_deletions(request, selected)
        self.delete_queryset(request, queryset)
        if retired:
            self.message_user(
                request,
                f"{retired} of the {len(selected)} selected, built from a document that still states "
                "them, retired rather than deleted: off the site and kept here, where each can be put "
                f"back; {len(selected) - retired} deleted.",
                messages.SUCCESS,
            )
        else:
            self.message_user(request, f"{len(selected)} deleted.", messages.SUCCESS)
        return None

    def response_delete(self, request, obj_display, obj_id):
        record = self.model._base_manager.filter(pk=obj_id).first()
        if record is None or not record.deleted_by_editor:
            return super().response_delete(request, obj_display, obj_id)
        self.message_user(
            request,
            f"“{obj_display}” is built from a document, so it is retired rather than deleted: off the "
            "site, kept here with the reason “deleted by an editor”, and syncs leave it so.",
            messages.SUCCESS,
        )
        return redirect(self._change_url(record))

    @admin.display(description="Source")
    def provenance(self, obj):
        if obj is None or obj.source_id is None:
            return "Added by hand"
        link = format_html(
            '<a href="{}">{}, {}</a>', obj.get_source_url(), obj.source.title, obj.source_lines_label
        )
        if obj.pk is None:
            return link
        rename = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_rename", args=[obj.pk])
        if "slug" not in key_fields(type(obj)):
            return link
        return format_html('{} · <a href="{}">Rename (the old address keeps working)</a>', link, rename)

    @admin.display(description="Differs from its document")
    def document_differences(self, obj):
        if obj is None or obj.pk is None or not isinstance(obj, SyncedRecord):
            return "—"
        edited = obj.edited_fields()
        if not edited:
            return "Nothing: it says what its document says."
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_take_document", args=[obj.pk])
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td><td>{}</td>'
            '<td><button type="submit" formaction="{}" name="field" value="{}">'
            "Take the document’s version</button></td></tr>",
            (
                (obj._meta.get_field(name).verbose_name, _shown(ours), _shown(theirs), url, name)
                for name, (ours, theirs) in edited.items()
            ),
        )
        return format_html(
            "<table><thead><tr><th>Field</th><th>This record (an editor’s change)</th>"
            "<th>The document</th><th></th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    @admin.display(description="Retired")
    def retirement(self, obj):
        if obj is None or not getattr(obj, "retired_at", None):
            return "No: it is on the site."
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_restore", args=[obj.pk])
        label = "Put it back on the site" + ("" if obj.deleted_by_editor else ", kept by hand")
        return format_html(
            '{} ({}). <button type="submit" formaction="{}">{}</button>',
            obj.retired_at.strftime("%d %B %Y %H:%M"),
            obj.retired_reason,
            url,
            label,
        )

    def get_urls(self):
        urls = super().get_urls()
        if not self.synced():
            return urls
        name = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        return [
            path(
                "<int:pk>/take-document/",
                self.admin_site.admin_view(self.take_document_view),
                name=f"{name}_take_document",
            ),
            path("<int:pk>/rename/", self.admin_site.admin_view(self.rename_view), name=f"{name}_rename"),
            path("<int:pk>/restore/", self.admin_site.admin_view(self.restore_view), name=f"{name}_restore"),
            *urls,
        ]

    def _record_or_404(self, request, pk):
        record = self.get_object(request, pk)
        if record is None or not self.has_change_permission(request, record):
            raise Http404("No such record, or you may not change it.")
        return record

    def _change_url(self, record):
        return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])

    def take_document_view(self, request, pk):
        """One click: a field takes the value its document says (kept in the history)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        record = self._record_or_404(request, pk)
        name = request.POST.get("field", "")
        edited = record.edited_fields()
        if name not in edited:
            self.message_user(request, "That field already says what the document says.", messages.INFO)
            return redirect(self._change_url(record))
        with transaction.atomic(), create_revision():
            set_user(request.user)
            set_comment(f"Took the document’s version of {name}.")
            set_document_value(record, name, edited[name][1])
            record.save()
        self.message_user(
            request, f"{record._meta.get_field(name).verbose_name.capitalize()}: the document’s version."
        )
        return redirect(self._change_url(record))

    def restore_view(self, request, pk):
        """Put a retired record back on the site; its document no longer states it, so it is kept by hand."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        record = self._record_or_404(request, pk)
        # One an editor deleted is still stated by its document: it goes back to being kept in step.
        by_editor = record.deleted_by_editor
        with transaction.atomic(), create_revision():
            set_user(request.user)
            set_comment("Put back on the site by an editor" + ("." if by_editor else ", kept by hand."))
            # What was deleted with it (retired at the same moment) comes back with it.
            parts = parts_retired_with(record) if by_editor else []
            retired_at = record.retired_at
            for put_back in [record, *parts]:
                put_back.retired_at, put_back.retired_reason = None, ""
                if hasattr(put_back, "source_id") and not by_editor:
                    put_back.source = put_back.source_first_line = put_back.source_last_line = None
                put_back.save()
            # And what left the site with it when a sync retired it (members' reviews of a film).
            bring_back_with(record, retired_at)
        if by_editor:
            self.message_user(request, "It is back on the site, and in step with its document again.")
        else:
            self.message_user(request, "It is back on the site, kept by hand: syncs leave it alone.")
        return redirect(self._change_url(record))

    def rename_view(self, request, pk):
        """A new slug for a record a document states; the old address redirects to the new."""
        record = self._record_or_404(request, pk)
        if "slug" not in key_fields(type(record)):
            raise Http404("Only records found by their slug have an address to rename.")
        form = RenameForm(request.POST or None, record=record)
        if request.method == "POST" and form.is_valid():
            rename(record, form.cleaned_data["slug"], request.user)
            self.message_user(request, f"Renamed: {form.cleaned_data['slug']}. The old address leads to it.")
            return redirect(self._change_url(record))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Rename {record}",
            "opts": self.model._meta,
            "original": record,
            "form": form,
        }
        return TemplateResponse(request, "admin/filmarchive/rename.html", context)


def revert_record(version):
    """Put one record back as a version of it kept it (its many-to-many values too), but for the
    fields of its natural key, which stay as they are: an address renamed since, or a turn's place
    after a sync moved it, is not the history's to take back (``rename`` changes the one, syncs the
    other). Nor are what its document says and the lines it says it on."""
    record = version._object_version.object  # reversion's record as the version kept it
    model = type(record)
    current = model._base_manager.filter(pk=record.pk).first()
    if current is not None:
        for name in key_fields(model):
            attname = model._meta.get_field(name).attname
            setattr(record, attname, getattr(current, attname))
        if isinstance(current, SyncedRecord) and current.built_from_document:
            # What its document says now, and where, is the document's: a version from before a sync
            # would otherwise make the restored values pass for the document's, and the next sync
            # would put the document's back over them, as if no editor had touched them.
            for attname in ("source_id", "source_first_line", "source_last_line"):
                if hasattr(current, attname):
                    setattr(record, attname, getattr(current, attname))
            current.keep_document_values()
            record.source_values = current.source_values
    version.revert()


def retire_as_deleted(record):
    """What an editor's delete does to a record built from a document: a delete would not last (the
    next sync would find the document stating it), so it is retired, for syncs to leave so. What a
    delete would take with it (an interview's turns and figures, a film's credits) is retired with it,
    at the same moment, so that no page or search shows a part of what is gone."""
    now = timezone.now()
    for retired in [record, *parts_in_force(record)]:
        retired.retired_at, retired.retired_reason = now, SyncedRecord.DELETED_BY_EDITOR
        retired.save()


def parts_retired_with(record):
    """The records an editor's delete of ``record`` retired with it (``retire_as_deleted``)."""
    return _parts(record, retired_at=record.retired_at, retired_reason=SyncedRecord.DELETED_BY_EDITOR)


def parts_in_force(record):
    """The records in force that deleting ``record`` would delete with it, and that can be retired."""
    return _parts(record, retired_at__isnull=True)


def _parts(record, **which):
    found = []
    for relation in record._meta.related_objects:
        related = relation.related_model
        cascades = relation.one_to_many and relation.on_delete is models.CASCADE
        if cascades and issubclass(related, SyncedRecord):
            for part in related._base_manager.filter(**{relation.field.name: record}, **which):
                found += [part, *_parts(part, **which)]
    return found


def _shown(value):
    if isinstance(value, list):
        return ", ".join(
            "/".join(str(part) for part in item) if isinstance(item, list) else str(item) for item in value
        )
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= 400 else text[:400] + "…"


def set_document_value(record, name, value):
    """Set a field from its value in document form (a related record by its natural key)."""
    field = record._meta.get_field(name)
    if field.many_to_many:
        related = field.related_model
        # Retired records included: the ones a document names, and the ones the set takes away.
        with retired_included():
            getattr(record, name).set([related._default_manager.get_by_natural_key(*key) for key in value])
    elif field.many_to_one:
        related = field.related_model
        with retired_included():
            found = related._default_manager.get_by_natural_key(*value) if value else None
        setattr(record, name, found)
    elif isinstance(field, models.DateField) and isinstance(value, str):
        setattr(record, name, datetime.date.fromisoformat(value))
    else:
        setattr(record, name, value)


class RenameForm(forms.Form):
    slug = forms.SlugField(max_length=200, allow_unicode=True, label="New slug (its address)")

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        self.fields["slug"].initial = record.slug

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug == self.record.slug:
            raise forms.ValidationError("That is its address already.")
        model = type(self.record)
        if model._base_manager.filter(slug=slug).exists():
            raise forms.ValidationError("Another record has that address.")
        if (
            SlugRedirect.objects.filter(model=model._meta.label_lower, old_slug=slug)
            .exclude(new_slug=self.record.slug)
            .exists()
        ):
            raise forms.ValidationError("That was another record's address, and still leads to it.")
        return slug


def rename(record, slug, user=None):
    """Give a record a new slug; its old one (and any before it) leads to the new (a SlugRedirect)."""
    old = record.slug
    with transaction.atomic(), create_revision():
        if user is not None:
            set_user(user)
        set_comment(f"Renamed from {old} to {slug}.")
        SlugRedirect.lead(type(record), old, slug)
        record.slug = slug
        record.save()


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
    """An inline formset whose rows reuse the objects already loaded instead of querying per row.

    A row built from a document keeps its natural key (a turn's position, a credit's person and role)
    read-only, as its own change page does: a sync finds the record by it, and would otherwise retire
    the edited row and create the document's again. Such a row, deleted, is retired, as on its page.
    """

    def delete_existing(self, obj, commit=True):
        """A row built from a document, deleted here, is retired (see ``ArchiveAdmin._retires``)."""
        if isinstance(obj, SyncedRecord) and obj.built_from_document:
            if commit:
                retire_as_deleted(obj)
            return
        super().delete_existing(obj, commit)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk is None:
            return form
        if isinstance(form.instance, SyncedRecord) and form.instance.built_from_document:
            for name in key_fields(self.model):
                if name in form.fields and name != self.fk.name:
                    form.fields[name].disabled = True
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


class LoadedAutocompleteInlineMixin(ShowableTextMixin):
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

    def get_deleted_objects(self, objs, request):
        # A member's person is the name their account writes under: the account would lose it for good.
        # It goes when the member (or an administrator) closes the account.
        objs = list(objs)
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        members = Person.objects.filter(pk__in=[obj.pk for obj in objs], member__isnull=False)
        protected += [
            f"The account that writes as {person} (a member closes it, or an administrator)"
            for person in members
        ]
        return deleted, counts, perms_needed, protected


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
class MentionAdmin(ShowableTextMixin, VersionAdmin):
    list_display = ["text", "target", "source", "line"]
    list_filter = ["source"]
    list_select_related = ["source", "film", "person"]
    search_fields = ["text", "film__title", "person__name"]
    autocomplete_fields = ["film", "person"]
    history_latest_first = True

    @admin.display(description="Names")
    def target(self, obj):
        return obj.target

    # A mention the build found would be made again by the next sync, its document still naming the
    # record there: deleting one keeps it as dismissed (``DismissedMention``), which syncs respect.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        DismissedMention.forget(obj)

    def render_delete_form(self, request, context):
        context["dismisses"] = context["object"].from_document
        return super().render_delete_form(request, context)

    def delete_model(self, request, obj):
        DismissedMention.dismiss([obj], request.user)

    def delete_queryset(self, request, queryset):
        DismissedMention.dismiss(queryset, request.user)


@admin.register(DismissedMention)
class DismissedMentionAdmin(admin.ModelAdmin):
    """Mentions the build found and an editor deleted. Deleting a dismissal lets the next sync find the
    mention again."""

    list_display = ["text", "source", "line", "dismissed_at", "dismissed_by"]
    list_filter = ["source"]
    list_select_related = ["source", "dismissed_by"]
    search_fields = ["text"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SourceDocument)
class SourceDocumentAdmin(ShowableTextMixin, VersionAdmin):
    """Documents, kept verbatim. Editors add one, or replace one's text, through a plan they confirm
    (``filmarchive.document_import``); the repository's change through fixtures/sources/ and a sync."""

    list_display = ["title", "kind", "filename", "short_checksum", "added_by_editor"]
    list_filter = ["kind", RetiredFilter]
    list_select_related = ["added_by"]
    search_fields = ["title", "slug", "filename", "text"]
    readonly_fields = ["slug", "kind", "filename", "checksum", "text", "replace_link"]
    fields = [
        "title",
        "slug",
        "kind",
        "filename",
        "origin",
        "captured_on",
        "checksum",
        "replace_link",
        "text",
    ]
    view_on_site = True
    history_latest_first = True

    def get_queryset(self, request):
        return SourceDocument.all_objects.select_related("added_by")

    @admin.display(description="SHA-256")
    def short_checksum(self, obj):
        return obj.checksum[:12]

    @admin.display(description="Added in the admin", boolean=True)
    def added_by_editor(self, obj):
        return obj.added_by_id is not None

    @admin.display(description="Text")
    def replace_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:filmarchive_sourcedocument_replace", args=[obj.pk])
        return format_html('<a href="{}">Replace the text (a corrected capture)…</a>', url)

    def get_urls(self):
        replace = path(
            "<int:pk>/replace/",
            self.admin_site.admin_view(self.replace_view),
            name="filmarchive_sourcedocument_replace",
        )
        return [replace, *super().get_urls()]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return self._import(request, None)

    def replace_view(self, request, pk):
        document = self.get_object(request, pk)
        if document is None or not self.has_change_permission(request, document):
            raise Http404("No such document, or you may not change it.")
        return self._import(request, document)

    def _import(self, request, replacing):
        from filmarchive import document_import

        form = document_import.DocumentForm(request.POST or None, request.FILES or None, replacing=replacing)
        outcome = None
        if request.method == "POST" and form.is_valid():
            cleaned = form.cleaned_data
            outcome = document_import.prepare(
                cleaned["filename"], cleaned["bytes"], origin=cleaned["origin"], replacing=replacing
            )
            if "confirm" in request.POST and outcome.plan is not None:
                with transaction.atomic():
                    document = document_import.confirm(
                        outcome,
                        user=request.user,
                        origin=cleaned["origin"],
                        captured_on=cleaned["captured_on"],
                    )
                counts = ", ".join(
                    f"{outcome.plan.count(action)} {action}"
                    for action in ("created", "updated", "retired", "restored")
                    if outcome.plan.count(action)
                )
                self.message_user(
                    request, f"{document.filename} is in the archive: {counts or 'nothing changed'}."
                )
                return redirect(reverse("admin:filmarchive_sourcedocument_change", args=[document.pk]))
        title = f"Replace the text of {replacing}" if replacing else "Add a document"
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "original": replacing,
            "form": form,
            "outcome": outcome,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/filmarchive/sourcedocument/import.html", context)


@admin.register(User)
class MemberAdmin(UserAdmin):
    """Django's user admin, showing when the address was confirmed (a changed one no longer is)."""

    fieldsets = (*(UserAdmin.fieldsets or ()), ("Email address", {"fields": ["email_verified_at"]}))
    readonly_fields = ["email_verified_at"]


admin.site.site_header = "Film archive"
admin.site.site_title = "Film archive admin"
admin.site.index_title = "Archive records"
