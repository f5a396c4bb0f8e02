"""CadreRef's admin site: the project's default (``config.apps``), so every app's
``admin.register`` lands on it.

Content edits report to it (``core.content_admin.ContentAdmin``); when an edit commits, it
brings the derived data in line with what the edit touched and moves the data version, once
per edit. It lives apart from ``reference.admin``, whose registrations need the site to exist.
"""

from functools import partial

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.content_admin import ContentAdminSite
from reference.services.derived import ContentChanges, content_changes_apply


class CadreRefAdminSite(ContentAdminSite):
    site_header = _("CadreRef administration")
    site_title = _("CadreRef administration")
    index_title = _("Reference data and content")

    def content_changed(self, request, records) -> None:
        # One refresh per edit however many records it saves: the changes gather on the
        # request until its transaction commits. A rolled-back edit drops the callback.
        changes = getattr(request, "content_changes", None)
        if changes is None or changes.applied:
            changes = ContentChanges()
            request.content_changes = changes
            transaction.on_commit(partial(content_changes_apply, changes=changes))
        changes.add(records)
