"""The admin for what the reference site keeps for itself: the search index (read-only: it is
derived) and the import history, with the import views."""

from functools import partial

from django.contrib import admin
from django.urls import path

from core.content_admin import ReadOnlyModelAdmin
from reference import admin_import
from reference.models import ImportRecord, PendingImport, SearchEntry


@admin.register(SearchEntry)
class SearchEntryAdmin(ReadOnlyModelAdmin):
    list_display = ["title_en", "kind", "target", "anchor", "document", "weight"]
    list_filter = ["kind"]
    search_fields = ["title_vi", "title_en", "target", "anchor", "search_text"]
    list_select_related = ["document"]
    ordering = ["kind", "object_id"]


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
            path("import/", view(admin_import.import_upload), name="reference_import_fixture"),
            path(
                "import/<uuid:token>/confirm/",
                view(admin_import.import_confirm),
                name="reference_import_confirm",
            ),
            *super().get_urls(),
        ]


@admin.register(PendingImport)
class PendingImportAdmin(ReadOnlyModelAdmin):
    """Uploads waiting for (or past) their confirmation; the file content is not shown."""

    list_display = ["token", "user", "created_at", "expires_at", "status"]
    list_filter = ["status"]
    list_select_related = ["user"]
    ordering = ["-created_at"]
