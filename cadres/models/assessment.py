"""How cadres are assessed (366, 198): periods, criteria frameworks, criteria and classification bands."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadres.models.positions import MatchedToGroups, PositionGroup
from core.bilingual import Bilingual
from core.natural_keys import NaturalKeyManager
from regulations.models import CitedModel, ProvisionRecord


class DisplayQuerySet(models.QuerySet):
    """``for_display()``: what a record's card shows (HTML and JSON), without per-row queries."""

    display_related: tuple[str, ...] = ("document", "key_point__document__issuer")
    display_prefetch: tuple[str, ...] = ("sources",)

    def for_display(self):
        """The record with its document, key point, sources and the groups it names."""
        return self.select_related(*self.display_related).prefetch_related(*self.display_prefetch)


class CriteriaFrameworkQuerySet(DisplayQuerySet):
    display_related = ("document",)
    display_prefetch = ("sources", "position_groups")


class CriterionQuerySet(DisplayQuerySet):
    display_related = ("document", "key_point__document__issuer", "framework")
    display_prefetch = ("sources", "position_groups")


class AssessmentPeriod(ProvisionRecord):
    """How often a document has assessment done: per term, yearly, quarterly, when needed."""

    NATURAL_KEY = ("document", "code")

    document = models.ForeignKey(
        "regulations.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="assessment_periods",
    )
    code = models.SlugField(_("code"), max_length=32)
    order = models.PositiveSmallIntegerField(_("order"))
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    note_vi = models.TextField(_("note (Vietnamese)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)

    objects = NaturalKeyManager.from_queryset(DisplayQuerySet)()

    name = Bilingual("name")
    note = Bilingual("note")

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("assessment period")
        verbose_name_plural = _("assessment periods")
        constraints = [
            models.UniqueConstraint(fields=["document", "code"], name="period_unique_code"),
            models.UniqueConstraint(fields=["document", "order"], name="period_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.document.label}: {self.name_en}"


class CriteriaFramework(CitedModel, MatchedToGroups):
    """One of the 100-point criteria frameworks annexed to 366, for one kind of subject."""

    NATURAL_KEY = ("document", "appendix")

    document = models.ForeignKey(
        "regulations.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="criteria_frameworks",
    )
    appendix = models.PositiveSmallIntegerField(_("appendix"))
    subject_vi = models.CharField(_("who it assesses (Vietnamese)"), max_length=300)
    subject_en = models.CharField(_("who it assesses (English)"), max_length=300)
    position_groups = models.ManyToManyField(
        PositionGroup,
        verbose_name=_("368 groups it covers"),
        blank=True,
        related_name="criteria_frameworks",
    )

    objects = NaturalKeyManager.from_queryset(CriteriaFrameworkQuerySet)()

    subject = Bilingual("subject")

    class Meta:
        ordering = ["document", "appendix"]
        verbose_name = _("criteria framework")
        verbose_name_plural = _("criteria frameworks")
        constraints = [
            models.UniqueConstraint(fields=["document", "appendix"], name="framework_unique_appendix"),
            models.CheckConstraint(
                condition=Q(appendix__gte=1),
                name="framework_appendix_positive",
                violation_error_message=_("The appendix number must be 1 or more."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.label}, appendix {self.appendix}"


class Criterion(ProvisionRecord, MatchedToGroups):
    """An assessment criterion or criteria group (366 frameworks, 198 focus criteria, 145)."""

    class Group(models.TextChoices):
        GENERAL = "general", _("General criteria")
        TASKS = "tasks", _("Task-result criteria")
        FOCUS = "focus", _("Focus of the assessment")
        OTHER = "other", _("Other criterion")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    document = models.ForeignKey(
        "regulations.Document", verbose_name=_("document"), on_delete=models.PROTECT, related_name="criteria"
    )
    framework = models.ForeignKey(
        CriteriaFramework,
        verbose_name=_("framework"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="criteria",
    )
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    text_vi = models.TextField(_("text (Vietnamese)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    max_points = models.PositiveSmallIntegerField(_("points"), null=True, blank=True)
    position_groups = models.ManyToManyField(
        PositionGroup,
        verbose_name=_("368 groups it applies to"),
        blank=True,
        related_name="criteria",
    )

    objects = NaturalKeyManager.from_queryset(CriterionQuerySet)()

    name = Bilingual("name")
    text = Bilingual("text")

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="criterion_unique_order"),
            models.CheckConstraint(
                condition=Q(max_points__isnull=True) | Q(max_points__lte=100),
                name="criterion_points_within_scale",
                violation_error_message=_("Points cannot exceed the 100-point scale."),
            ),
        ]

    def __str__(self) -> str:
        return self.name_en

    def get_absolute_url(self) -> str:
        return reverse("cadres:assessment") + f"#{self.slug}"


class ClassificationBand(ProvisionRecord):
    """A quality classification level and, where the sources give it, its score band.

    Bands of one document may not overlap; the database enforces it (see the migration).
    ``max_score`` is exclusive: 70–90 means "70 to under 90".
    """

    NATURAL_KEY = ("document", "code")

    document = models.ForeignKey(
        "regulations.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="classification_bands",
    )
    code = models.SlugField(_("code"), max_length=32)
    order = models.PositiveSmallIntegerField(_("order"))
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    min_score = models.PositiveSmallIntegerField(_("from (points)"), null=True, blank=True)
    max_score = models.PositiveSmallIntegerField(_("to under (points)"), null=True, blank=True)
    conditions_vi = models.TextField(_("conditions (Vietnamese)"), blank=True)
    conditions_en = models.TextField(_("conditions (English)"), blank=True)
    caveat_vi = models.TextField(_("caveat (Vietnamese)"), blank=True)
    caveat_en = models.TextField(_("caveat (English)"), blank=True)

    objects = NaturalKeyManager.from_queryset(DisplayQuerySet)()

    name = Bilingual("name")
    conditions = Bilingual("conditions")
    caveat = Bilingual("caveat")

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("classification band")
        verbose_name_plural = _("classification bands")
        constraints = [
            models.UniqueConstraint(fields=["document", "code"], name="band_unique_code"),
            models.UniqueConstraint(fields=["document", "order"], name="band_unique_order"),
            models.CheckConstraint(
                condition=Q(min_score__isnull=True) | Q(min_score__lte=100),
                name="band_min_within_scale",
                violation_error_message=_("Scores are on a 100-point scale."),
            ),
            models.CheckConstraint(
                condition=Q(max_score__isnull=True) | Q(max_score__lte=101),
                name="band_max_within_scale",
                violation_error_message=_("Scores are on a 100-point scale."),
            ),
            models.CheckConstraint(
                condition=Q(min_score__isnull=True)
                | Q(max_score__isnull=True)
                | Q(min_score__lt=models.F("max_score")),
                name="band_min_below_max",
                violation_error_message=_("The lower bound must be below the upper bound."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.label}: {self.name_en}"

    def get_absolute_url(self) -> str:
        return reverse("cadres:assessment") + f"#band-{self.code}"

    def clean(self):
        super().clean()
        if not self.document_id or not self.has_known_threshold:
            return
        for other in ClassificationBand.objects.filter(document_id=self.document_id).exclude(pk=self.pk):
            if self.overlaps(other):
                raise ValidationError(
                    {
                        "min_score": _("This score band overlaps “%(other)s” (%(low)s–%(high)s).")
                        % {"other": other.name, "low": other.min_score or 0, "high": other.max_score or 100}
                    }
                )

    @property
    def has_known_threshold(self) -> bool:
        return self.min_score is not None or self.max_score is not None

    def overlaps(self, other: ClassificationBand) -> bool:
        """Whether two bands share a score; an open end reaches the end of the scale."""
        if not (self.has_known_threshold and other.has_known_threshold):
            return False
        low_a, high_a = self.min_score or 0, self.max_score if self.max_score is not None else 101
        low_b, high_b = (
            other.min_score or 0,
            other.max_score if other.max_score is not None else 101,
        )
        return low_a < high_b and low_b < high_a
