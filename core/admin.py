"""The admin for the data version (read-only: imports and edits move it, the pre-render job
announces it)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.content_admin import ReadOnlyModelAdmin
from core.data_version import data_state_read
from core.models import DataState


@admin.register(DataState)
class DataStateAdmin(ReadOnlyModelAdmin):
    list_display = ["version", "changed_at", "served_version", "served_changed_at", "readers_get", "renderer"]

    @admin.display(description=_("readers get"))
    def readers_get(self, state):
        """The version readers are served now: the announced one, or the latest once the
        pre-render wait (PRERENDER_MAX_DELAY) has passed without an announcement."""
        return data_state_read().served.number
