"""Admin building blocks: read-only records, and content edits that report themselves.

An edit in the admin is one of the two write paths into the content (the other is the import
service). After such an edit the derived data (number keys, statuses, the search index) and
the data version must follow, and only the layer above the content apps knows how. So
``ContentAdmin`` reports every record it saves or deletes to its admin site, an explicit call
that the project's site (a ``ContentAdminSite``) answers; no model signal is involved.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import admin
from django.db import models, router, transaction
from django.utils import timezone


class ContentAdminSite(admin.AdminSite):
    """An admin site over content whose edits must be followed by more work when they commit."""

    def content_changed(self, request, records: Sequence[models.Model]) -> None:
        """Called by ``ContentAdmin`` inside the edit's transaction (always one) with the
        records saved, or about to be deleted (so that they still have their primary key)."""
        raise NotImplementedError


class ContentAdmin(admin.ModelAdmin):
    """Admin for a content model: reports every record it saves or deletes, inlines included."""

    def report(self, request, records) -> None:
        records = list(records)
        if records:
            self.admin_site.content_changed(request, records)

    def save_model(self, request, obj, form, change):
        if any(field.name == "updated_at" for field in obj._meta.concrete_fields):
            obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)
        self.report(request, [obj])

    def delete_model(self, request, obj):
        with transaction.atomic(using=router.db_for_write(self.model)):
            self.report(request, [obj])
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # The changelist's "delete selected" runs outside a transaction; without one, the
        # site's work would run at once, before the records are gone.
        with transaction.atomic(using=router.db_for_write(self.model)):
            self.report(request, queryset)
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        self.report(request, (f.instance for f in formset.deleted_forms if f.instance.pk is not None))
        super().save_formset(request, form, formset, change)
        self.report(request, [*formset.new_objects, *(obj for obj, _fields in formset.changed_objects)])


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Viewable but never added, changed or deleted through the admin: records of what
    happened, or data derived from the content."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
