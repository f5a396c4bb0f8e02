"""Documents and the bodies that issue them, the topics they are filed under, and the sources
behind each field of a document's metadata card.

A field the sources do not give stays empty and the page says so; nothing is filled in by
inference.
"""

from __future__ import annotations

import datetime
import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core import text
from core.bilingual import Bilingual, active_language
from core.natural_keys import NaturalKeyManager, NaturalKeyModel

# English month names for the English citation form, whatever the page language (the date
# formats follow the active language; a citation's language is fixed).
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class IssuingBody(NaturalKeyModel):
    """A Party or State body that issues documents (Politburo, Secretariat, Government…)."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=32, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Bilingual("name")

    class Meta:
        ordering = ["order", "name_en"]
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")

    def __str__(self) -> str:
        return self.name


class Topic(NaturalKeyModel):
    """A subject used to browse and filter documents (standards, assessment…)."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Bilingual("name")

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class DocumentQuerySet(models.QuerySet):
    def core(self):
        """The ten documents the reference is built around."""
        return self.filter(is_core=True)

    def for_list(self):
        """What a row in a list shows: the issuer, without per-row queries."""
        return self.select_related("issuer")

    def chronological(self):
        """Oldest first; documents without a known date sort by year, then last. The primary
        key breaks ties, so that pages of a paginated list neither repeat nor skip a document."""
        return self.order_by(
            models.F("issued_on").asc(nulls_last=True),
            models.F("year").asc(nulls_last=True),
            "number",
            "pk",
        )


class Document(NaturalKeyModel):
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
        OFFICIAL_LETTER = "official_letter", pgettext_lazy("document kind", "Official letter")

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
        Kind.OFFICIAL_LETTER: "Công văn",
    }

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        CURRENT = "current", _("Current (no replacement reported)")
        REPLACED = "replaced", _("Replaced")
        PILOT = "pilot", _("Pilot")
        UNKNOWN = "unknown", _("Standing not checked")

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
    status_checked_on = models.DateField(
        _("standing last checked"),
        null=True,
        blank=True,
        help_text=_(
            "When the sources were last searched for a replacement or a change of standing. Pages "
            "show the month only. Empty: its standing has not been checked."
        ),
    )
    status_note_vi = models.TextField(_("note on its standing (Vietnamese)"), blank=True)
    status_note_en = models.TextField(
        _("note on its standing (English)"),
        blank=True,
        help_text=_("What the sources say, or leave open, about its standing; cite it under “Status”."),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now, editable=False)

    objects = NaturalKeyManager.from_queryset(DocumentQuerySet)()

    title = Bilingual("title")
    subject = Bilingual("subject")
    summary = Bilingual("summary")
    structure = Bilingual("structure")
    signer_role = Bilingual("signer_role")
    status_note = Bilingual("status_note")

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
        indexes = [
            models.Index(fields=["number"], name="document_number_idx"),
            # The documents list's order (core first, newest first): its first page is read off
            # the index instead of sorting every document.
            models.Index(fields=["-is_core", "-issued_on", "number"], name="document_list_order_idx"),
            # The home page's core documents, a handful among all the others.
            models.Index(fields=["issued_on"], condition=Q(is_core=True), name="document_core_idx"),
            # The list filtered by kind and year, and its count.
            models.Index(fields=["kind", "issued_on"], name="document_kind_issued_idx"),
            # The same for documents whose date the sources do not give, filtered by the year
            # they give (``reference.filters.issued_in``): without it every undated document
            # of the kind was read to check its year.
            models.Index(
                fields=["kind", "year"], condition=Q(issued_on__isnull=True), name="document_undated_kind_year_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("regulations:document-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.issued_on and self.year and self.issued_on.year != self.year:
            raise ValidationError(
                {"year": _("The year does not match the date of issue (%(year)s).") % {"year": self.issued_on.year}}
            )

    # Derived values: ``number_key`` and ``status`` are computed from these rules by the
    # services that write content (the import service, and the admin site after an edit).

    def derive_status(self, *, replaced: bool, today: datetime.date) -> str:
        """Status from what the sources give: replaced if another document replaces it; a
        pilot while its stated pilot period runs; in force once a stated effective date has
        passed; current when we have checked and no source reports a replacement (an issue date
        alone does not say from when it is in force); otherwise not checked."""
        if replaced:
            return self.Status.REPLACED
        if self.pilot_ends_on and today < self.pilot_ends_on:
            return self.Status.PILOT
        if self.effective_on and self.effective_on <= today:
            return self.Status.IN_FORCE
        if self.status_checked_on:
            return self.Status.CURRENT
        return self.Status.UNKNOWN

    def compute_number_key(self) -> str:
        """The folded symbol (``365-QD/TW``), or the bare number when there is no symbol."""
        if self.symbol:
            return text.symbol_key(self.symbol)
        return str(self.number)

    @property
    def kind_vi(self) -> str:
        return self.KIND_VI.get(self.kind, "")

    @property
    def label(self) -> str:
        """How the document is referred to in a sentence: its symbol, or kind, number and year."""
        language = get_language()
        return self._label(_kind_name(self.kind, language) if language else self.get_kind_display())

    @property
    def kind_en(self) -> str:
        """The kind's name in English whatever the page language ("Conclusion")."""
        return _kind_name(self.kind, "en")

    @property
    def label_en(self) -> str:
        """``label`` in English whatever the page language (the JSON twins' "en")."""
        return self._label(self.kind_en)

    def _label(self, kind_name: str) -> str:
        if self.symbol:
            return self.symbol
        year = f" ({self.year})" if self.year else ""
        return f"{kind_name} {self.number}{year}"

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

    def supporting_sources(self) -> list:
        """The sources that support this document's metadata (not those that dispute it), in
        code order, read from the prefetched ``citations`` (with their sources)."""
        return list(dict.fromkeys(c.source for c in self.citations.all() if not c.disputes))

    def citation_vi(self, key_point=None) -> str:
        """The Vietnamese citation form, e.g. "Điều 11, Quy định số 366-QĐ/TW ngày 30/08/2025 của
        Bộ Chính trị". Only what the record holds: no date or issuer where the sources give none."""
        parts = []
        if key_point is not None and key_point.article:
            parts.append(key_point.article_label_vi)
        label = self.label_vi
        if self.issued_on:
            label += f" ngày {self.issued_on:%d/%m/%Y}"
        if self.issuer and self.issuer.name_vi:
            label += f" của {self.issuer.name_vi}"
        parts.append(label)
        return ", ".join(parts)

    def citation_en(self, key_point=None) -> str:
        """The English citation form, e.g. "Article 11, Regulation No. 366-QĐ/TW of 30 August 2025
        of the Politburo"; the symbol stays as issued (in Vietnamese)."""
        parts = []
        if key_point is not None and key_point.article:
            parts.append(key_point.article_citation_en)
        number = self.symbol or (f"{self.number} ({self.year})" if self.year else str(self.number))
        label = f"{self.kind_en} No. {number}"
        if self.issued_on:
            label += f" of {self.issued_on.day} {MONTHS_EN[self.issued_on.month - 1]} {self.issued_on.year}"
        if self.issuer and self.issuer.name_en:
            label += f" of the {self.issuer.name_en}"
        parts.append(label)
        return ", ".join(parts)

    def citation(self) -> str:
        """The citation in the language of the page."""
        return self.citation_vi() if active_language() == "vi" else self.citation_en()


@functools.cache
def _kind_name(kind: str, language: str) -> str:
    """A kind's name in ``language``, once per kind, language and process: switching the active
    language for it cost more than the rest of a citation, and ``get_kind_display`` more than
    the rest of a label (a document page names its document with each of its key points)."""
    if kind not in Document.Kind.values:
        return kind
    with translation.override(language):
        return str(Document.Kind(kind).label)


class DocumentCitationQuerySet(models.QuerySet):
    def supporting(self):
        """Citations that support the value shown (not those that dispute it)."""
        return self.filter(disputes=False)


class DocumentCitation(NaturalKeyModel):
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
        STATUS = "status", _("Standing")

    NATURAL_KEY = ("document", "field", "source")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="citations"
    )
    field = models.CharField(_("field"), max_length=16, choices=Field.choices)
    source = models.ForeignKey(
        "regulations.Source",
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

    objects = NaturalKeyManager.from_queryset(DocumentCitationQuerySet)()

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
