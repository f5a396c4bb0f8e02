"""The admin for documents and everything around them, for staff who inspect and correct records.

Every content model is editable here; what is derived from the content (number keys, statuses,
timestamps) is shown read-only, because the admin site recomputes it after every edit
(``core.content_admin.ContentAdmin`` reports each saved or deleted record to it).
"""

from django.contrib import admin
from django.db.models import F
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.content_admin import ContentAdmin
from regulations.models import (
    Change,
    Document,
    DocumentCitation,
    Event,
    IssuingBody,
    KeyPoint,
    Relation,
    Source,
    Term,
    Topic,
)


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    list_display = ["code", "title", "publisher", "published_on", "language", "quality"]
    list_filter = ["quality", "language", "machine_translated", "title_is_slug"]
    search_fields = ["code", "title", "publisher", "url", "note_en", "note_vi"]
    ordering = ["code"]


@admin.register(IssuingBody)
class IssuingBodyAdmin(ContentAdmin):
    list_display = ["name_en", "name_vi", "abbreviation", "slug", "order"]
    search_fields = ["slug", "name_en", "name_vi", "abbreviation"]
    ordering = ["order", "name_en"]


@admin.register(Topic)
class TopicAdmin(ContentAdmin):
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
class DocumentAdmin(ContentAdmin):
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
        (_("Standing"), {"fields": ["status_checked_on", "status_note_vi", "status_note_en"]}),
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
class DocumentCitationAdmin(ContentAdmin):
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
class KeyPointAdmin(ContentAdmin):
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
class RelationAdmin(ContentAdmin):
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
class EventAdmin(ContentAdmin):
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


@admin.register(Term)
class TermAdmin(ContentAdmin):
    list_display = ["term_vi", "term_en", "group", "order"]
    list_filter = ["group"]
    search_fields = ["slug", "term_vi", "term_en", "definition_vi", "definition_en"]
    autocomplete_fields = ["documents", "confused_with", "sources"]
    ordering = ["group", "order"]


@admin.register(Change)
class ChangeAdmin(ContentAdmin):
    list_display = ["document", "order", "kind", "aspect_en"]
    list_filter = ["kind", ("document", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["anchor", "aspect_vi", "aspect_en", "before_en", "after_en", "document__symbol"]
    autocomplete_fields = ["document", "compared_with", "key_point", "sources"]
    list_select_related = ["document"]
    ordering = ["document", "order"]
