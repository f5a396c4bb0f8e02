"""Keep the derived data right after edits made outside the import service (the admin).

The import service recomputes the derived data (number keys, document statuses, the search
index) and moves the data version itself. An admin edit saves one object with ``save()``,
which recomputes nothing beyond the document's number key: without these receivers a
correction made in the admin would leave the search index stale (search would still find the
old wording and miss the new), a document's status out of date when a "replaces" relation is
added, and the data version unmoved, so ETags and the page cache would keep serving old pages.

Every save, delete or many-to-many change of a content model (``CONTENT_MODELS``) schedules a
refresh for when the transaction commits. The admin saves a document and its inlines in one
transaction, sending a dozen signals; they coalesce into one ``content_refresh_derived()`` and
one ``data_state_bump()``. Raw saves are skipped: whoever loads raw refreshes afterwards.
``m2m_changed`` has no ``raw`` flag, so the import service, which refreshes and bumps the
version once itself, wraps its load in ``suspended()``. (``loaddata`` is not wrapped: its
many-to-many writes schedule one refresh for its transaction, which does no harm.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from regulations.services.data_state import data_state_bump
from regulations.services.derived import content_refresh_derived

_suspended: ContextVar[bool] = ContextVar("cadreref_content_signals_suspended", default=False)

# Set on a database connection: the refresh queued for its open transaction, if any.
_PENDING_ATTRIBUTE = "cadreref_pending_refresh"

_M2M_ACTIONS = {"post_add", "post_remove", "post_clear"}


@contextmanager
def suspended() -> Iterator[None]:
    """Ignore content changes inside the block; the caller refreshes the derived data."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def _schedule_refresh(using: str, instance) -> None:
    if _suspended.get():
        return
    connection = transaction.get_connection(using)
    pending = getattr(connection, _PENDING_ATTRIBUTE, None)
    # Django drops queued callbacks when their transaction or savepoint rolls back, so a
    # refresh counts as pending only while it is still in the connection's queue.
    if pending is not None and any(entry[1] is pending for entry in connection.run_on_commit):
        pending.changed.add((instance._meta.label_lower, instance.pk))
        return

    def refresh() -> None:
        setattr(connection, _PENDING_ATTRIBUTE, None)
        with transaction.atomic(using=using):
            content_refresh_derived(changed=refresh.changed)
            data_state_bump()

    # The records saved or deleted in this transaction: only their search entries are rebuilt.
    refresh.changed = {(instance._meta.label_lower, instance.pk)}
    setattr(connection, _PENDING_ATTRIBUTE, refresh)
    # Outside a transaction (autocommit) this runs the refresh at once.
    transaction.on_commit(refresh, using=using)


def _content_saved(sender, *, instance, raw: bool = False, using: str, **kwargs) -> None:
    if not raw:
        _schedule_refresh(using, instance)


def _content_deleted(sender, *, instance, using: str, **kwargs) -> None:
    _schedule_refresh(using, instance)


def _content_links_changed(sender, *, instance, action: str, using: str, **kwargs) -> None:
    if action in _M2M_ACTIONS:
        _schedule_refresh(using, instance)


def connect_content_signals() -> None:
    """Connect the receivers to every content model and its many-to-many tables."""
    # Imported here rather than at the top: the import service imports this module.
    from regulations.services.imports import CONTENT_MODELS

    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        post_save.connect(_content_saved, sender=model, dispatch_uid=f"{label}:refresh-on-save")
        post_delete.connect(_content_deleted, sender=model, dispatch_uid=f"{label}:refresh-on-delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _content_links_changed,
                sender=through,
                dispatch_uid=f"{through._meta.label_lower}:refresh-on-change",
            )
