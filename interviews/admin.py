"""The admin for interviews: turns and figures are edited inline, in order."""

from django.contrib import admin

from filmarchive.admin import (
    ArchiveAdmin,
    LoadedAutocompleteInlineMixin,
    RelatedLoadedFormSet,
    ShowableTextMixin,
)
from interviews.models import Figure, Interview, Turn


class TurnInline(LoadedAutocompleteInlineMixin, admin.StackedInline):
    model = Turn
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = ["position", "kind", "speaker", "body"]
    ordering = ["position"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker")


class FigureInline(ShowableTextMixin, admin.TabularInline):
    model = Figure
    formset = RelatedLoadedFormSet
    extra = 0
    fields = ["position", "caption", "alt_text", "image"]
    ordering = ["position"]


@admin.register(Interview)
class InterviewAdmin(ArchiveAdmin):
    list_display = ["title", "title_is_editorial", "published_in", "published_on"]
    list_filter = ["title_is_editorial", "published_in", "source"]
    list_select_related = ["source"]
    search_fields = ["title", "interviewers__name", "subjects__name"]
    autocomplete_fields = ["interviewers", "subjects", "films"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_on"
    fields = [
        "title", "title_is_editorial", "slug", "interviewers", "subjects", "films", "published_in",
        "published_on", "introduction",
    ]  # fmt: skip
    inlines = [FigureInline, TurnInline]


@admin.register(Turn)
class TurnAdmin(ArchiveAdmin):
    list_display = ["__str__", "kind", "speaker", "source"]
    list_filter = ["kind", "source"]
    list_select_related = ["interview", "speaker", "source"]
    search_fields = ["body", "speaker__name", "interview__title"]
    autocomplete_fields = ["interview", "speaker"]
    fields = ["interview", "position", "kind", "speaker", "body"]


@admin.register(Figure)
class FigureAdmin(ArchiveAdmin):
    list_display = ["caption", "interview", "position", "source"]
    list_filter = ["source"]
    list_select_related = ["interview", "source"]
    search_fields = ["caption", "alt_text", "interview__title"]
    autocomplete_fields = ["interview"]
    fields = ["interview", "position", "caption", "alt_text", "image"]
