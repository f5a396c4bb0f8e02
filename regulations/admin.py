"""The admin for documents and everything around them, for staff who inspect and correct records.

Every content model is editable here; what is derived from the content (number keys, statuses,
timestamps, the search index) is shown read-only, because ``regulations.signals`` recomputes
it after every admin edit. The search index, the data state and the import history are
records of what happened, so they can be viewed but not added, changed or deleted.
"""

from functools import partial

from django.contrib import admin
from django.db.models import F
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from regulations import admin_import
from regulations.models import (
    DataState,
    Document,
    DocumentCitation,
    Event,
    ImportRecord,
    IssuingBody,
    KeyPoint,
    PendingImport,
    Relation,
    SearchEntry,
    Source,
    Topic,
)


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Viewable but never added, changed or deleted through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "publisher", "published_on", "language", "quality"]
    list_filter = ["quality", "language", "machine_translated", "title_is_slug"]
    search_fields = ["code", "title", "publisher", "url", "note_en", "note_vi"]
    ordering = ["code"]


@admin.register(IssuingBody)
class IssuingBodyAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_vi", "abbreviation", "slug", "order"]
    search_fields = ["slug", "name_en", "name_vi", "abbreviation"]
    ordering = ["order", "name_en"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_vi", "slug", "order"]
    search_fields = ["slug", "name_en", "name_vi"]
    ordering = ["order", "slug"]


class DocumentCitationInline(admin.TabularInline):
    model = DocumentCitation
    autocomplete_fields = ["source"]
    extra = 0


class KeyPointInline(admin.StackedInline):
    model = KeyPoint
    autocomplete_fields = ["sources"]
    extra = 0
    classes = ["collapse"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sources")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "label",
        "kind",
        "issuer",
        "issued_on",
        "status",
        "is_core",
        "link_on_site",
    ]
    list_filter = ["kind", "issuer", "status", "is_core", "topics"]
    # ``number_key`` is the folded symbol, so "365-qd/tw" finds 365-QĐ/TW as well.
    search_fields = [
        "symbol",
        "number_key",
        "slug",
        "title_vi",
        "title_en",
        "subject_vi",
        "subject_en",
        "signer",
    ]
    autocomplete_fields = ["issuer", "topics"]
    list_select_related = ["issuer"]
    ordering = ["-is_core", F("issued_on").desc(nulls_last=True), "number"]
    date_hierarchy = "issued_on"
    readonly_fields = ["number_key", "status", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["slug", "kind", "number", "year", "symbol", "issuer", "is_core"]}),
        (_("Title and subject"), {"fields": ["title_vi", "title_en", "subject_vi", "subject_en"]}),
        (_("Dates"), {"fields": ["issued_on", "effective_on", "pilot_years"]}),
        (_("Signature"), {"fields": ["signer", "signer_role_vi", "signer_role_en"]}),
        (
            _("Content"),
            {
                "fields": [
                    "chapters",
                    "articles",
                    "structure_vi",
                    "structure_en",
                    "summary_vi",
                    "summary_en",
                    "topics",
                ]
            },
        ),
        (
            _("Derived (recomputed after every change)"),
            {"fields": ["number_key", "status", "created_at", "updated_at"]},
        ),
    ]
    inlines = [DocumentCitationInline, KeyPointInline]

    @admin.display(description=_("document"), ordering="number")
    def label(self, obj: Document) -> str:
        return obj.label

    @admin.display(description=_("on the site"))
    def link_on_site(self, obj: Document) -> str:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("View on site"))


@admin.register(DocumentCitation)
class DocumentCitationAdmin(admin.ModelAdmin):
    list_display = ["document", "field", "source", "disputes"]
    list_filter = ["field", "disputes", "source__quality"]
    search_fields = [
        "document__symbol",
        "document__slug",
        "source__code",
        "source__title",
        "note_vi",
        "note_en",
    ]
    autocomplete_fields = ["document", "source"]
    list_select_related = ["document", "source"]
    ordering = ["document", "field", "source__code"]


@admin.register(KeyPoint)
class KeyPointAdmin(admin.ModelAdmin):
    list_display = ["document", "order", "anchor", "kind", "article", "clause", "heading_en"]
    list_filter = ["kind", ("document", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "anchor",
        "heading_vi",
        "heading_en",
        "text_vi",
        "text_en",
        "document__symbol",
        "document__slug",
    ]
    autocomplete_fields = ["document", "sources"]
    list_select_related = ["document"]
    ordering = ["document", "order"]

    def get_queryset(self, request):
        # ``str()`` names the document: autocomplete results and selected values need it.
        return super().get_queryset(request).select_related("document")


@admin.register(Relation)
class RelationAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "object"]
    list_filter = ["kind"]
    search_fields = [
        "subject__symbol",
        "subject__slug",
        "object__symbol",
        "object__slug",
        "note_vi",
        "note_en",
    ]
    autocomplete_fields = ["subject", "object", "sources"]
    list_select_related = ["subject", "object"]
    ordering = ["subject", "kind", "object"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["held_on", "title_en", "title_vi"]
    list_filter = [("documents", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "slug",
        "title_vi",
        "title_en",
        "description_vi",
        "description_en",
        "presided_by_vi",
        "presided_by_en",
    ]
    autocomplete_fields = ["documents", "sources"]
    ordering = ["-held_on"]
    date_hierarchy = "held_on"


@admin.register(SearchEntry)
class SearchEntryAdmin(ReadOnlyModelAdmin):
    list_display = ["title_en", "kind", "target", "anchor", "document", "weight"]
    list_filter = ["kind"]
    search_fields = ["title_vi", "title_en", "target", "anchor", "search_text"]
    list_select_related = ["document"]
    ordering = ["kind", "object_id"]


@admin.register(DataState)
class DataStateAdmin(ReadOnlyModelAdmin):
    list_display = ["version", "changed_at"]


@admin.register(ImportRecord)
class ImportRecordAdmin(ReadOnlyModelAdmin):
    list_display = [
        "created_at",
        "user",
        "via",
        "file_names",
        "object_count",
        "created_count",
        "updated_count",
        "unchanged_count",
        "data_version",
    ]
    list_filter = ["via", ("user", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["file_names", "checksum"]
    list_select_related = ["user"]
    ordering = ["-created_at"]
    date_hierarchy = "created_at"

    def has_view_permission(self, request, obj=None):
        # Whoever may import may read the history of imports.
        return super().has_view_permission(request, obj) or request.user.has_perm(admin_import.PERMISSION)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or request.user.has_perm(admin_import.PERMISSION)

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(partial(function, admin_site=self.admin_site))

        return [
            path("import/", view(admin_import.import_upload), name="regulations_import_fixture"),
            path(
                "import/<uuid:token>/confirm/",
                view(admin_import.import_confirm),
                name="regulations_import_confirm",
            ),
            *super().get_urls(),
        ]


@admin.register(PendingImport)
class PendingImportAdmin(ReadOnlyModelAdmin):
    """Uploads waiting for (or past) their confirmation; the file content is not shown."""

    list_display = ["token", "user", "created_at", "expires_at", "status"]
    list_filter = ["status"]
    list_select_related = ["user"]
    exclude = ["files"]
    ordering = ["-created_at"]
