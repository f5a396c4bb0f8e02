"""Reads of published content from the read replica; everything else from the primary.

Installed only when ``DATABASE_REPLICA_URL`` is set (see settings and docs/SCALING.md). The
public pages read documents, key points, positions and the search index, which change only when
staff import or edit, so a replica a moment behind serves them well. Three kinds of read stay on
the primary, because a lagging copy would show them wrong:

* anything inside a transaction on the primary: the import service and admin edits read what
  they are about to change, and must see their own writes;
* the import records and pending imports that staff act on;
* every app other than the content apps and the search index: the data version
  (``core.DataState``, which ETags and the page cache are keyed on), sessions, users and
  django-axes' login records (a session written at login must be there on the next request).
"""

from django.db import connections

CONTENT_APPS = {"regulations", "cadres", "reference"}
PRIMARY_ONLY_MODELS = {"importrecord", "pendingimport"}


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        meta = model._meta
        if meta.app_label not in CONTENT_APPS or meta.model_name in PRIMARY_ONLY_MODELS:
            return "default"
        if connections["default"].in_atomic_block:
            return "default"
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data, so objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
