"""Documents, the bodies that issue them, the sources that report them, their key points,
the relations between them and the events that disseminated them.

Every fact is cited: a document's fields through ``DocumentCitation`` (one row per field and
source), everything else through a ``sources`` many-to-many. A field the sources do not give
stays empty and the page says so; nothing is filled in by inference.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from regulations import text
from regulations.translation import Bilingual


class NaturalKeyManager(models.Manager):
    """Looks rows up by the single unique field named in ``natural_key_field``."""

    natural_key_field = "slug"

    def get_by_natural_key(self, key):
        return self.get(**{self.natural_key_field: key})


class SourceManager(NaturalKeyManager):
    natural_key_field = "code"


class Source(models.Model):
    """A published article or database page that a fact is taken from."""

    class Quality(models.TextChoices):
        NEWS = "news", _("News outlet or official site")
        SECONDARY = "secondary", _("Secondary (legal-information site, blog, republisher)")
        AGGREGATOR = "aggregator", _("Aggregator or tag page")
        LOW = "low", _("Low quality (apparent copy)")

    code = models.CharField(_("code"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=400)
    title_is_slug = models.BooleanField(
        _("title taken from the address"),
        default=False,
        help_text=_("The page headline was not visible; the title comes from the URL slug."),
    )
    publisher = models.CharField(_("publisher"), max_length=200)
    url = models.URLField(_("address"), max_length=600, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    date_note = models.CharField(
        _("date as reported"),
        max_length=120,
        blank=True,
        help_text=_('For example "not shown (Sept 2025)" when no exact date is visible.'),
    )
    language = models.CharField(_("language"), max_length=8)
    machine_translated = models.BooleanField(_("machine translation"), default=False)
    quality = models.CharField(_("quality"), max_length=16, choices=Quality.choices, default=Quality.NEWS)
    note_en = models.TextField(_("note (English)"), blank=True)
    note_vi = models.TextField(_("note (Vietnamese)"), blank=True)

    objects = SourceManager()

    note = Bilingual("note")

    class Meta:
        ordering = ["code"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("regulations:source-list") + f"#source-{self.code}"

    def natural_key(self):
        return (self.code,)

    @property
    def is_translation(self) -> bool:
        """Published in a language other than the original Vietnamese or our English."""
        return self.language not in {"vi", "en"}


class IssuingBody(models.Model):
    """A Party or State body that issues documents (Politburo, Secretariat, Government…)."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=32, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = NaturalKeyManager()

    name = Bilingual("name")

    class Meta:
        ordering = ["order", "name_en"]
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (self.slug,)


class Topic(models.Model):
    """A subject used to browse and filter documents (standards, assessment…)."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = NaturalKeyManager()

    name = Bilingual("name")

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (self.slug,)


class DocumentQuerySet(models.QuerySet):
    def core(self):
        """The ten documents the reference is built around."""
        return self.filter(is_core=True)

    def for_list(self):
        """What a row in a list shows: the issuer, without per-row queries."""
        return self.select_related("issuer")

    def chronological(self):
        """Oldest first; documents without a known date sort by year, then last."""
        return self.order_by(
            models.F("issued_on").asc(nulls_last=True),
            models.F("year").asc(nulls_last=True),
            "number",
        )


class Document(models.Model):
    """A Party or State document: a core regulation or one that a core document names."""

    class Kind(models.TextChoices):
        REGULATION = "regulation", pgettext_lazy("document kind", "Regulation")
        CONCLUSION = "conclusion", pgettext_lazy("document kind", "Conclusion")
        INSTRUCTION = "instruction", pgettext_lazy("document kind", "Instruction")
        DIRECTIVE = "directive", pgettext_lazy("document kind", "Directive")
        DECISION = "decision", pgettext_lazy("document kind", "Decision")
        RESOLUTION = "resolution", pgettext_lazy("document kind", "Resolution")
        DECREE = "decree", pgettext_lazy("document kind", "Decree")
        REPORT = "report", pgettext_lazy("document kind", "Report")

    # The Vietnamese kind names are part of each document's identity (they appear in the
    # official citation form), so they are data, not interface translations.
    KIND_VI = {
        Kind.REGULATION: "Quy định",
        Kind.CONCLUSION: "Kết luận",
        Kind.INSTRUCTION: "Hướng dẫn",
        Kind.DIRECTIVE: "Chỉ thị",
        Kind.DECISION: "Quyết định",
        Kind.RESOLUTION: "Nghị quyết",
        Kind.DECREE: "Nghị định",
        Kind.REPORT: "Báo cáo",
    }

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        REPLACED = "replaced", _("Replaced")
        PILOT = "pilot", _("Pilot")
        UNKNOWN = "unknown", _("Status not stated")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    number = models.PositiveIntegerField(_("number"))
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        help_text=_("Year of issue, when the sources give the year but not the full date."),
    )
    symbol = models.CharField(
        _("symbol"),
        max_length=64,
        blank=True,
        help_text=_('Exactly as written, e.g. "365-QĐ/TW". Empty when the sources give only the number.'),
    )
    number_key = models.CharField(_("number key"), max_length=64, editable=False, db_index=True)
    title_vi = models.TextField(_("official title (Vietnamese)"), blank=True)
    title_en = models.TextField(_("title (working English translation)"), blank=True)
    subject_vi = models.TextField(_("subject (Vietnamese)"))
    subject_en = models.TextField(_("subject (English)"))
    issuer = models.ForeignKey(
        IssuingBody,
        verbose_name=_("issuer"),
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
    )
    issued_on = models.DateField(_("date of issue"), null=True, blank=True, db_index=True)
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    pilot_years = models.PositiveSmallIntegerField(_("pilot duration (years)"), null=True, blank=True)
    signer = models.CharField(_("signer"), max_length=120, blank=True)
    signer_role_vi = models.CharField(_("signer's capacity (Vietnamese)"), max_length=300, blank=True)
    signer_role_en = models.CharField(_("signer's capacity (English)"), max_length=300, blank=True)
    chapters = models.PositiveSmallIntegerField(_("chapters"), null=True, blank=True)
    articles = models.PositiveSmallIntegerField(_("articles"), null=True, blank=True)
    structure_vi = models.TextField(_("structure (Vietnamese)"), blank=True)
    structure_en = models.TextField(_("structure (English)"), blank=True)
    summary_vi = models.TextField(_("summary (Vietnamese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    is_core = models.BooleanField(_("core document"), default=False)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="documents")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.UNKNOWN, editable=False
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now, editable=False)

    objects = NaturalKeyManager.from_queryset(DocumentQuerySet)()

    title = Bilingual("title")
    subject = Bilingual("subject")
    summary = Bilingual("summary")
    structure = Bilingual("structure")
    signer_role = Bilingual("signer_role")

    class Meta:
        ordering = ["-is_core", models.F("issued_on").desc(nulls_last=True), "number"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "issuer", "symbol"],
                condition=~Q(symbol=""),
                name="document_unique_symbol_per_kind_and_issuer",
                violation_error_message=_("Another document of this kind and issuer has this symbol."),
            ),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(effective_on__gte=models.F("issued_on")),
                name="document_effective_not_before_issue",
                violation_error_message=_("The effective date cannot be before the date of issue."),
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1930, year__lte=2100),
                name="document_year_plausible",
                violation_error_message=_("The year must be between 1930 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="document_number_positive",
                violation_error_message=_("The number must be 1 or more."),
            ),
        ]
        indexes = [models.Index(fields=["number"], name="document_number_idx")]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        # An edit through the admin; imports save raw and set the timestamps themselves.
        self.refresh_derived()
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("regulations:document-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        if self.issued_on and self.year and self.issued_on.year != self.year:
            raise ValidationError(
                {"year": _("The year does not match the date of issue (%(year)s).") % {"year": self.issued_on.year}}
            )

    # Derived values. ``refresh_derived`` is the one place they are computed; ``save()`` and
    # every fixture load path call it, because ``loaddata`` bypasses ``save()``.

    def refresh_derived(self) -> None:
        self.number_key = self.compute_number_key()

    def derive_status(self, *, replaced: bool, today: datetime.date) -> str:
        """Status from what the sources give: replaced if another document replaces it; a
        pilot while its stated pilot period runs; in force once a stated effective date has
        passed; otherwise not stated (an issue date alone does not say it is in force)."""
        if replaced:
            return self.Status.REPLACED
        if self.pilot_ends_on and today < self.pilot_ends_on:
            return self.Status.PILOT
        if self.effective_on and self.effective_on <= today:
            return self.Status.IN_FORCE
        return self.Status.UNKNOWN

    def compute_number_key(self) -> str:
        if self.symbol:
            return text.symbol_key(self.symbol)
        return str(self.number)

    @property
    def kind_vi(self) -> str:
        return self.KIND_VI.get(self.kind, "")

    @property
    def label(self) -> str:
        """How the document is referred to in a sentence: its symbol, or kind, number and year."""
        if self.symbol:
            return self.symbol
        year = f" ({self.year})" if self.year else ""
        return f"{self.get_kind_display()} {self.number}{year}"

    @property
    def label_vi(self) -> str:
        if self.symbol:
            return f"{self.kind_vi} số {self.symbol}"
        year = f" ({self.year})" if self.year else ""
        return f"{self.kind_vi} số {self.number}{year}"

    @property
    def heading(self) -> str:
        """The title when the sources give one, otherwise our one-line subject."""
        return self.title or self.subject

    @property
    def issue_year(self) -> int | None:
        return self.issued_on.year if self.issued_on else self.year

    @property
    def pilot_ends_on(self) -> datetime.date | None:
        if not (self.pilot_years and self.issued_on):
            return None
        try:
            return self.issued_on.replace(year=self.issued_on.year + self.pilot_years)
        except ValueError:  # 29 February
            return self.issued_on.replace(year=self.issued_on.year + self.pilot_years, day=28)

    def citation_vi(self, key_point: KeyPoint | None = None) -> str:
        """The Vietnamese citation form, e.g. "Điều 11, Quy định số 366-QĐ/TW ngày 30/08/2025"."""
        parts = []
        if key_point is not None and key_point.article:
            parts.append(key_point.article_label_vi)
        label = self.label_vi
        if self.issued_on:
            label += f" ngày {self.issued_on:%d/%m/%Y}"
        parts.append(label)
        return ", ".join(parts)


class DocumentCitationManager(models.Manager):
    def get_by_natural_key(self, document_slug, field, source_code):
        return self.get(document__slug=document_slug, field=field, source__code=source_code)


class DocumentCitation(models.Model):
    """One source for one field of a document's metadata card."""

    class Field(models.TextChoices):
        SYMBOL = "symbol", _("Number and symbol")
        KIND = "kind", _("Kind")
        TITLE = "title", _("Title")
        SUMMARY = "summary", _("Summary")
        ISSUER = "issuer", _("Issuer")
        ISSUED_ON = "issued_on", _("Date of issue")
        EFFECTIVE_ON = "effective_on", _("Effective date")
        PILOT = "pilot", _("Pilot duration")
        SIGNER = "signer", _("Signer")
        STRUCTURE = "structure", _("Structure")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="citations"
    )
    field = models.CharField(_("field"), max_length=16, choices=Field.choices)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="document_citations",
    )
    disputes = models.BooleanField(
        _("disputes the value"),
        default=False,
        help_text=_("The source gives a different value; the note says how the conflict was settled."),
    )
    note_vi = models.TextField(_("note (Vietnamese)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)

    objects = DocumentCitationManager()

    note = Bilingual("note")

    class Meta:
        ordering = ["document", "field", "disputes", "source__code"]
        verbose_name = _("document citation")
        verbose_name_plural = _("document citations")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "field", "source"], name="citation_unique_per_field_and_source"
            ),
            models.CheckConstraint(
                condition=Q(disputes=False) | ~Q(note_en=""),
                name="citation_dispute_has_note",
                violation_error_message=_("A disputing source needs a note saying how the conflict was settled."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} · {self.field} · {self.source.code}"

    def natural_key(self):
        return (*self.document.natural_key(), self.field, *self.source.natural_key())

    natural_key.dependencies = ["regulations.document", "regulations.source"]


class KeyPointQuerySet(models.QuerySet):
    def gaps(self):
        return self.filter(kind=KeyPoint.Kind.GAP)


class KeyPointManager(models.Manager.from_queryset(KeyPointQuerySet)):
    def get_by_natural_key(self, document_slug, anchor):
        return self.get(document__slug=document_slug, anchor=anchor)


class KeyPoint(models.Model):
    """One provision of a document, summarised in our own words, with a permanent anchor.

    ``kind`` separates what a document provides (provision) from background about it
    (context) and from what the sources checked do not tell us (gap).
    """

    class Kind(models.TextChoices):
        PROVISION = "provision", _("Provision")
        CONTEXT = "context", _("Context")
        GAP = "gap", _("Not found in the sources")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="key_points"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    anchor = models.SlugField(_("anchor"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PROVISION)
    article = models.PositiveSmallIntegerField(_("article"), null=True, blank=True)
    clause = models.CharField(_("clause"), max_length=16, blank=True)
    heading_vi = models.CharField(_("heading (Vietnamese)"), max_length=200, blank=True)
    heading_en = models.CharField(_("heading (English)"), max_length=200, blank=True)
    text_vi = models.TextField(_("text (Vietnamese)"))
    text_en = models.TextField(_("text (English)"))
    caveat_vi = models.TextField(_("caveat (Vietnamese)"), blank=True)
    caveat_en = models.TextField(_("caveat (English)"), blank=True)
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), related_name="key_points")

    objects = KeyPointManager()

    heading = Bilingual("heading")
    text = Bilingual("text")
    caveat = Bilingual("caveat")

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("key point")
        verbose_name_plural = _("key points")
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="keypoint_unique_order"),
            models.UniqueConstraint(fields=["document", "anchor"], name="keypoint_unique_anchor"),
            models.CheckConstraint(
                condition=Q(order__gte=1),
                name="keypoint_order_positive",
                violation_error_message=_("The order must be 1 or more."),
            ),
            models.CheckConstraint(
                condition=Q(article__isnull=True) | Q(article__gte=1),
                name="keypoint_article_positive",
                violation_error_message=_("The article number must be 1 or more."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.label} #{self.anchor}"

    def get_absolute_url(self) -> str:
        return f"{self.document.get_absolute_url()}#{self.anchor}"

    def natural_key(self):
        return (*self.document.natural_key(), self.anchor)

    natural_key.dependencies = ["regulations.document"]

    @property
    def article_label_vi(self) -> str:
        if not self.article:
            return ""
        return f"Khoản {self.clause}, Điều {self.article}" if self.clause else f"Điều {self.article}"

    @property
    def article_label_en(self) -> str:
        if not self.article:
            return ""
        return f"Art. {self.article}({self.clause})" if self.clause else f"Art. {self.article}"

    article_label = Bilingual("article_label")

    @property
    def citation_vi(self) -> str:
        return self.document.citation_vi(self)

    @property
    def label(self) -> str:
        """How a link to the point reads: "Art. 11: Classification levels"."""
        return f"{self.article_label}: {self.heading}" if self.article else self.heading


class RelationManager(models.Manager):
    def get_by_natural_key(self, subject_slug, kind, object_slug):
        return self.get(subject__slug=subject_slug, kind=kind, object__slug=object_slug)


class Relation(models.Model):
    """A typed link between two documents, read forwards from ``subject`` and backwards from
    ``object``: "377-QĐ/TW replaces 148-QĐ/TW" / "148-QĐ/TW is replaced by 377-QĐ/TW"."""

    class Kind(models.TextChoices):
        REPLACES = "replaces", _("replaces")
        GUIDES = "guides", _("guides")
        IMPLEMENTS = "implements", _("implements")
        APPLIES = "applies", _("applies")
        BASED_ON = "based_on", _("cites as a legal basis")
        RELATED = "related", _("is related to")

    INVERSE = {
        Kind.REPLACES: _("is replaced by"),
        Kind.GUIDES: _("is guided by"),
        Kind.IMPLEMENTS: _("is implemented by"),
        Kind.APPLIES: _("is applied by"),
        Kind.BASED_ON: _("is cited as a legal basis by"),
        Kind.RELATED: _("is related to"),
    }

    subject = models.ForeignKey(
        Document, verbose_name=_("subject"), on_delete=models.CASCADE, related_name="relations_out"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    object = models.ForeignKey(
        Document, verbose_name=_("object"), on_delete=models.CASCADE, related_name="relations_in"
    )
    note_vi = models.TextField(_("note (Vietnamese)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), related_name="relations")

    objects = RelationManager()

    note = Bilingual("note")

    class Meta:
        ordering = ["subject", "kind", "object"]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject=models.F("object")),
                name="relation_not_to_itself",
                violation_error_message=_("A document cannot be related to itself."),
            ),
            models.UniqueConstraint(fields=["subject", "kind", "object"], name="relation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.subject.label} {self.get_kind_display()} {self.object.label}"

    def natural_key(self):
        return (self.subject.slug, self.kind, self.object.slug)

    natural_key.dependencies = ["regulations.document"]

    @property
    def inverse_verb(self) -> str:
        return self.INVERSE[self.kind]


class EventQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-held_on")


class Event(models.Model):
    """A conference that disseminated or reviewed documents."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    held_on = models.DateField(_("date"))
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    presided_by_vi = models.CharField(_("presided by (Vietnamese)"), max_length=300, blank=True)
    presided_by_en = models.CharField(_("presided by (English)"), max_length=300, blank=True)
    documents = models.ManyToManyField(Document, verbose_name=_("documents"), blank=True, related_name="events")
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), related_name="events")

    objects = NaturalKeyManager.from_queryset(EventQuerySet)()

    title = Bilingual("title")
    description = Bilingual("description")
    presided_by = Bilingual("presided_by")

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.title_en}"

    def natural_key(self):
        return (self.slug,)


class SearchEntry(models.Model):
    """One searchable record (document, key point, position, standard…), flattened.

    Entirely derived: ``regulations.search.index`` rebuilds it from the content after every
    load or edit, so it is never exported or imported. ``search_text`` and ``title_text`` hold
    folded words (see ``regulations.text``) for the SQLite path and for trigram suggestions;
    on PostgreSQL the stored ``vector`` (computed by the ``cadreref_search_vector`` function of
    migration 0002) and its GIN index (migration 0005) serve full-text queries.
    """

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Documents")
        KEY_POINT = "key_point", _("Provisions")
        POSITION = "position", _("Positions")
        STANDARD = "standard", _("Standards")
        CRITERION = "criterion", _("Assessment criteria")
        BAND = "band", _("Classification levels")
        AUTHORITY = "authority", _("Authorities")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    document = models.ForeignKey(
        Document,
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
    weight = models.FloatField(_("weight"), default=1.0)

    title = Bilingual("title")
    body = Bilingual("body")

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title_en[:60]}"


class DataState(models.Model):
    """The one row that says which version of the content is live.

    ``version`` moves on every successful import and every admin edit; public pages take their
    ETag and Last-Modified from it and the page cache keys on it.
    """

    version = models.PositiveBigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("data changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("data state")
        verbose_name_plural = _("data state")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="data_state_single_row")]

    def __str__(self) -> str:
        return f"v{self.version} ({self.changed_at:%Y-%m-%d %H:%M})"


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
    so that any worker can confirm them. The confirmation must name the checksum shown in
    the preview; a pending import is applied at most once and expires."""

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
    files = models.JSONField(_("files"), help_text=_("Names and base64 content of the uploaded files."))
    checksum = models.CharField(_("SHA-256 of the content"), max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")

    def __str__(self) -> str:
        return f"{self.token} ({self.status})"
