"""The admin for the data version (read-only: imports and edits move it)."""

from django.contrib import admin

from core.content_admin import ReadOnlyModelAdmin
from core.models import DataState


@admin.register(DataState)
class DataStateAdmin(ReadOnlyModelAdmin):
    list_display = ["version", "changed_at"]
