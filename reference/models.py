"""What the layer above the content keeps for itself: the search index and the record of
imports (done, and waiting for confirmation).

These models moved here from the regulations app; their tables kept their names.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bilingual import Bilingual
from reference.registry import search_kind_choices


class SearchEntryManager(models.Manager):
    def get_queryset(self):
        # What the database's indexes and conditions read, never Python: the two stored vectors
        # (about 3 kB of text a row, which PostgreSQL would format and send for each of the 120
        # rows a search page reads) and the folded texts. Reading one on an entry is a query.
        return super().get_queryset().defer("vector", "phrases", "search_text", "title_text")


class SearchEntry(models.Model):
    """One searchable record (document, key point, position, standard…), flattened.

    Entirely derived: ``reference.search.index`` rebuilds it from the content after every
    load or edit, so it is never exported or imported. ``search_text`` and ``title_text`` hold
    folded words (see ``core.text``) for the SQLite path and for trigram suggestions; on SQLite
    an FTS5 table over them, kept by triggers (reference migration 0006), finds the matches.
    On PostgreSQL the stored ``vector`` (computed by the ``cadreref_search_vector`` function of
    migration 0002) and its GIN index (migration 0005) serve full-text queries.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=search_kind_choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    document = models.ForeignKey(
        "regulations.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    target = models.CharField(_("target slug"), max_length=100)
    anchor = models.CharField(_("anchor"), max_length=100, blank=True)
    title_vi = models.TextField(_("title (Vietnamese)"))
    title_en = models.TextField(_("title (English)"))
    body_vi = models.TextField(_("body (Vietnamese)"), blank=True)
    body_en = models.TextField(_("body (English)"), blank=True)
    title_text = models.TextField(_("folded title"))
    search_text = models.TextField(_("folded text"))
    # PostgreSQL only: the text-search vector of the four display columns, stored so that a
    # search never recomputes it (GIN index from migration 0005). Always empty on SQLite.
    vector = SearchVectorField(_("search vector"), null=True, editable=False)
    # PostgreSQL only: every pair of neighbouring words of ``search_text`` ("bo tai") and every
    # word of ``title_text``, marked ("=can"), as lexemes (reference migration 0003): where full
    # text looks its candidates up (``query._candidates``). Always empty on SQLite.
    phrases = SearchVectorField(_("neighbouring words and title words"), null=True, editable=False)
    weight = models.FloatField(_("weight"), default=1.0)

    title = Bilingual("title")
    body = Bilingual("body")

    objects = SearchEntryManager()

    class Meta:
        # The table kept its name when the model moved here from the regulations app.
        db_table = "regulations_searchentry"
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title_en[:60]}"


class SpellingVocabulary(models.Model):
    """The search index's words for one data version (``reference.search.spelling``), what
    corrections are drawn from. Derived, like the index: the pre-render job builds it after
    every data change (seconds of CPU on a large index) and every web worker reads it in one
    query instead of building its own. Only the job writes it; rows of versions neither served
    nor being rendered are deleted by the next job."""

    version = models.PositiveBigIntegerField(_("version"))
    # With the number, what names a data version (``core.data_version.Version``): a number
    # reused after a rollback never finds another version's words.
    changed_at = models.DateTimeField(_("data changed at"))
    # zlib-compressed JSON (``Vocabulary.dumps``): plain data, never code, whoever wrote the row.
    words = models.BinaryField(_("words"))

    class Meta:
        verbose_name = _("spelling vocabulary")
        verbose_name_plural = _("spelling vocabularies")
        constraints = [models.UniqueConstraint(fields=["version"], name="spelling_vocabulary_unique_version")]

    def __str__(self) -> str:
        return f"v{self.version}"


class SearchWord(models.Model):
    """PostgreSQL only: a folded word of some entry's ``search_text``, each once.

    Full text turns a word that may still be being typed ("nhân s") into the words of the
    index that it starts, looked up here (``query._exact``): the GIN index then skips
    through those words' entries instead of reading every entry of every word in the prefix's
    range, which for a common syllable is most of the table. Written with the entries
    (``reference.search.index``) and never pruned on an edit: a word no entry uses any more
    only makes the lookup ask for a lexeme that finds nothing. Always empty on SQLite.
    """

    word = models.TextField(_("word"), primary_key=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word


class ImportRecord(models.Model):
    """An audit row for every fixture import that changed the data."""

    class Via(models.TextChoices):
        ADMIN = "admin", _("Admin upload")
        COMMAND = "command", _("Management command")

    created_at = models.DateTimeField(_("imported at"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    via = models.CharField(_("via"), max_length=16, choices=Via.choices)
    file_names = models.TextField(_("file names"))
    checksum = models.CharField(_("SHA-256 of the content"), max_length=64)
    object_count = models.PositiveIntegerField(_("objects in the files"))
    created_count = models.PositiveIntegerField(_("created"))
    updated_count = models.PositiveIntegerField(_("updated"))
    unchanged_count = models.PositiveIntegerField(_("unchanged"))
    data_version = models.PositiveBigIntegerField(_("data version after the import"))

    class Meta:
        db_table = "regulations_importrecord"
        ordering = ["-created_at"]
        verbose_name = _("import record")
        verbose_name_plural = _("import history")
        permissions = [("import_fixture", _("Can import fixtures"))]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.file_names}"


class PendingImportQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(expires_at__lte=timezone.now())


class PendingImport(models.Model):
    """Uploaded fixture files kept in the database between the preview and the confirmation,
    so that any worker can confirm them (one ``PendingImportFile`` row per file). The
    confirmation must name the checksum shown in the preview, and the data must still be at
    the version the preview was made against; a pending import is applied at most once and
    expires."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        APPLYING = "applying", _("Being applied")
        APPLIED = "applied", _("Applied")
        REJECTED = "rejected", _("Rejected")

    token = models.UUIDField(_("token"), unique=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    checksum = models.CharField(_("SHA-256 of the content"), max_length=64)
    data_version = models.PositiveBigIntegerField(_("data version previewed against"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        db_table = "regulations_pendingimport"
        ordering = ["-created_at"]
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")

    def __str__(self) -> str:
        return f"{self.token} ({self.status})"


class PendingImportFile(models.Model):
    """One uploaded file of a pending import, as uploaded (a row per file, not one row for all)."""

    pending = models.ForeignKey(
        PendingImport, verbose_name=_("pending import"), on_delete=models.CASCADE, related_name="files"
    )
    position = models.PositiveSmallIntegerField(_("place in the upload"))
    name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))

    class Meta:
        ordering = ["pending", "position"]
        verbose_name = _("pending import file")
        verbose_name_plural = _("pending import files")
        constraints = [
            models.UniqueConstraint(fields=["pending", "position"], name="pending_import_file_unique_position"),
        ]

    def __str__(self) -> str:
        return self.name
