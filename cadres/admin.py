"""The admin for positions, standards, assessment rules, authorities and training groups.

Links to documents, key points, sources, positions and groups use autocomplete widgets: the
reference has hundreds of sources and key points, too many for a plain select.
"""

from django.contrib import admin

from cadres.models import (
    AssessmentPeriod,
    Authority,
    ClassificationBand,
    CriteriaFramework,
    Criterion,
    Position,
    PositionGroup,
    PositionTier,
    Standard,
    TrainingGroup,
)
from core.content_admin import ContentAdmin


class PositionTierInline(admin.TabularInline):
    model = PositionTier
    fields = ["code", "order", "name_vi", "name_en", "sources"]
    autocomplete_fields = ["sources"]
    extra = 0


@admin.register(PositionGroup)
class PositionGroupAdmin(ContentAdmin):
    list_display = ["code", "name_en", "name_vi", "order", "document"]
    search_fields = ["code", "name_vi", "name_en", "description_vi", "description_en"]
    autocomplete_fields = ["document", "key_point", "sources"]
    list_select_related = ["document"]
    ordering = ["order"]
    inlines = [PositionTierInline]


@admin.register(PositionTier)
class PositionTierAdmin(ContentAdmin):
    list_display = ["code", "name_en", "name_vi", "group", "order"]
    list_filter = ["group"]
    search_fields = ["code", "name_vi", "name_en", "group__code"]
    autocomplete_fields = ["group", "sources"]
    list_select_related = ["group"]
    ordering = ["group__order", "order"]

    def get_queryset(self, request):
        # ``str()`` names the group: autocomplete results and selected values need it.
        return super().get_queryset(request).select_related("group")


@admin.register(Position)
class PositionAdmin(ContentAdmin):
    list_display = ["name_en", "name_vi", "group", "tier", "listed_in", "order", "is_leadership"]
    list_filter = [
        "group",
        "tier",
        "is_leadership",
        ("listed_in", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["slug", "name_vi", "name_en", "note_vi", "note_en"]
    autocomplete_fields = ["group", "tier", "listed_in", "key_point", "sources"]
    list_select_related = ["group", "tier__group", "listed_in"]
    ordering = ["group__order", "tier__order", "order", "name_en"]


@admin.register(Standard)
class StandardAdmin(ContentAdmin):
    list_display = ["name_en", "kind", "order", "document"]
    list_filter = ["kind", ("document", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["slug", "name_vi", "name_en", "text_vi", "text_en"]
    autocomplete_fields = ["document", "key_point", "positions", "builds_on", "sources"]
    list_select_related = ["document"]
    ordering = ["kind", "order"]


@admin.register(AssessmentPeriod)
class AssessmentPeriodAdmin(ContentAdmin):
    list_display = ["name_en", "name_vi", "code", "order", "document"]
    list_filter = [("document", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name_vi", "name_en", "document__symbol"]
    autocomplete_fields = ["document", "key_point", "sources"]
    list_select_related = ["document"]
    ordering = ["document", "order"]


@admin.register(CriteriaFramework)
class CriteriaFrameworkAdmin(ContentAdmin):
    list_display = ["subject_en", "appendix", "document"]
    list_filter = [("document", admin.RelatedOnlyFieldListFilter), "position_groups"]
    search_fields = ["subject_vi", "subject_en", "document__symbol"]
    autocomplete_fields = ["document", "position_groups", "sources"]
    list_select_related = ["document"]
    ordering = ["document", "appendix"]

    def get_queryset(self, request):
        # ``str()`` names the document: autocomplete results and selected values need it.
        return super().get_queryset(request).select_related("document")


@admin.register(Criterion)
class CriterionAdmin(ContentAdmin):
    list_display = ["name_en", "group", "order", "max_points", "document", "framework"]
    list_filter = [
        "group",
        ("document", admin.RelatedOnlyFieldListFilter),
        ("framework", admin.RelatedOnlyFieldListFilter),
        "position_groups",
    ]
    search_fields = ["slug", "name_vi", "name_en", "text_vi", "text_en"]
    autocomplete_fields = ["document", "framework", "position_groups", "key_point", "sources"]
    list_select_related = ["document", "framework__document"]
    ordering = ["document", "order"]


@admin.register(ClassificationBand)
class ClassificationBandAdmin(ContentAdmin):
    list_display = ["name_en", "name_vi", "code", "min_score", "max_score", "order", "document"]
    list_filter = [("document", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name_vi", "name_en", "conditions_vi", "conditions_en"]
    autocomplete_fields = ["document", "key_point", "sources"]
    list_select_related = ["document"]
    ordering = ["document", "order"]


@admin.register(Authority)
class AuthorityAdmin(ContentAdmin):
    list_display = ["actor_en", "action", "subject_en", "document", "order"]
    list_filter = [
        "action",
        ("document", admin.RelatedOnlyFieldListFilter),
        "document__status",
        "subject_groups",
    ]
    search_fields = [
        "slug",
        "actor_vi",
        "actor_en",
        "subject_vi",
        "subject_en",
        "detail_vi",
        "detail_en",
    ]
    autocomplete_fields = [
        "document",
        "key_point",
        "actor_position",
        "actor_body",
        "subject_positions",
        "subject_groups",
        "sources",
    ]
    list_select_related = ["document"]
    ordering = ["document", "order"]


@admin.register(TrainingGroup)
class TrainingGroupAdmin(ContentAdmin):
    list_display = ["number", "name_en", "name_vi", "document"]
    list_filter = [("document", admin.RelatedOnlyFieldListFilter), "position_groups"]
    search_fields = ["name_vi", "name_en", "mapping_note_vi", "mapping_note_en"]
    autocomplete_fields = ["document", "position_groups", "key_point", "sources"]
    list_select_related = ["document"]
    ordering = ["document", "number"]
