"""Positions and what applies to them: the 368 list (groups, levels, titles), the 365
standards, the 366/198 assessment rules, the 377/148/142 authorities and the 145 training
groups. Every record cites its sources and points to the document (and, where known, the
key point) it comes from.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regulations.models import Document, IssuingBody, KeyPoint, NaturalKeyManager, Source
from regulations.translation import Bilingual


class PositionGroupManager(NaturalKeyManager):
    natural_key_field = "code"


class PositionGroup(models.Model):
    """A group of the 368 list (Group I to Group IV)."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_vi = models.TextField(_("description (Vietnamese)"))
    description_en = models.TextField(_("description (English)"))
    document = models.ForeignKey(
        Document,
        verbose_name=_("listed in"),
        on_delete=models.PROTECT,
        related_name="position_groups",
    )
    key_point = models.ForeignKey(
        KeyPoint,
        verbose_name=_("key point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), related_name="position_groups")

    objects = PositionGroupManager()

    name = Bilingual("name")
    description = Bilingual("description")

    class Meta:
        ordering = ["order"]
        verbose_name = _("position group")
        verbose_name_plural = _("position groups")

    def __str__(self) -> str:
        return self.name_en

    def get_absolute_url(self) -> str:
        return reverse("cadres:position-list") + f"#group-{self.code}"

    def natural_key(self):
        return (self.code,)


class PositionTierManager(NaturalKeyManager):
    natural_key_field = "code"


class PositionTier(models.Model):
    """A sub-group or level inside a 368 group ("key leaders", "level 1"…)."""

    group = models.ForeignKey(PositionGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="tiers")
    code = models.CharField(_("code"), max_length=16, unique=True)
    order = models.PositiveSmallIntegerField(_("order"))
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), related_name="position_tiers")

    objects = PositionTierManager()

    name = Bilingual("name")
    description = Bilingual("description")

    class Meta:
        ordering = ["group__order", "order"]
        verbose_name = _("position level")
        verbose_name_plural = _("position levels")
        constraints = [models.UniqueConstraint(fields=["group", "order"], name="tier_unique_order_in_group")]

    def __str__(self) -> str:
        return f"{self.group.code} · {self.name_en}"

    def natural_key(self):
        return (self.code,)


class PositionQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("group", "tier", "listed_in")

    def in_368_order(self):
        return self.order_by(
            models.F("group__order").asc(nulls_last=True),
            models.F("tier__order").asc(nulls_last=True),
            "order",
            "name_en",
        )


class Position(models.Model):
    """A title (chức danh) or post (chức vụ) that some rule applies to."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    group = models.ForeignKey(
        PositionGroup,
        verbose_name=_("368 group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
    )
    tier = models.ForeignKey(
        PositionTier,
        verbose_name=_("368 level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
    )
    listed_in = models.ForeignKey(
        Document,
        verbose_name=_("listed in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="listed_positions",
    )
    key_point = models.ForeignKey(
        KeyPoint,
        verbose_name=_("key point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order in its level"), default=0)
    is_leadership = models.BooleanField(
        _("leadership or management post"),
        default=True,
        help_text=_("The common standards of 365 apply to leaders and managers at all levels."),
    )
    note_vi = models.TextField(_("note (Vietnamese)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), related_name="positions")

    objects = NaturalKeyManager.from_queryset(PositionQuerySet)()

    name = Bilingual("name")
    note = Bilingual("note")

    class Meta:
        ordering = ["group__order", "tier__order", "order", "name_en"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(tier__isnull=True) | Q(group__isnull=False),
                name="position_tier_needs_group",
                violation_error_message=_("A position with a level must also have its group."),
            ),
        ]

    def __str__(self) -> str:
        return self.name_en

    def get_absolute_url(self) -> str:
        return reverse("cadres:position-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class StandardQuerySet(models.QuerySet):
    def for_display(self):
        return self.select_related("document", "key_point__document").prefetch_related(
            "sources", "positions", "builds_on"
        )


class Standard(models.Model):
    """A standard from Regulation 365: one of the six common standards for every leader, or a
    standard specific to some titles."""

    class Kind(models.TextChoices):
        COMMON = "common", _("Common standard")
        TITLE = "title", _("Title-specific standard")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    text_vi = models.TextField(_("text (Vietnamese)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="standards"
    )
    key_point = models.ForeignKey(
        KeyPoint,
        verbose_name=_("key point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    positions = models.ManyToManyField(Position, verbose_name=_("positions"), blank=True, related_name="standards")
    builds_on = models.ManyToManyField(
        "self",
        verbose_name=_("also requires"),
        symmetrical=False,
        blank=True,
        related_name="built_upon_by",
    )
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), related_name="standards")

    objects = NaturalKeyManager.from_queryset(StandardQuerySet)()

    name = Bilingual("name")
    text = Bilingual("text")

    class Meta:
        ordering = ["kind", "order"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        constraints = [models.UniqueConstraint(fields=["kind", "order"], name="standard_unique_order_per_kind")]

    def __str__(self) -> str:
        return self.name_en

    def get_absolute_url(self) -> str:
        return reverse("cadres:standard-list") + f"#{self.slug}"

    def natural_key(self):
        return (self.slug,)


class AssessmentPeriodManager(models.Manager):
    def get_by_natural_key(self, document_slug, code):
        return self.get(document__slug=document_slug, code=code)


class AssessmentPeriod(models.Model):
    """How often a document has assessment done: per term, yearly, quarterly, when needed."""

    document = models.ForeignKey(
        Document,
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
    key_point = models.ForeignKey(
        KeyPoint,
        verbose_name=_("key point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), related_name="assessment_periods")

    objects = AssessmentPeriodManager()

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

    def natural_key(self):
        return (self.document.slug, self.code)

    natural_key.dependencies = ["regulations.document"]


class CriteriaFrameworkManager(models.Manager):
    def get_by_natural_key(self, document_slug, appendix):
        return self.get(document__slug=document_slug, appendix=appendix)


class CriteriaFramework(models.Model):
    """One of the 100-point criteria frameworks annexed to 366, for one kind of subject."""

    document = models.ForeignKey(
        Document,
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
    mapping_note_vi = models.TextField(_("how the groups were matched (Vietnamese)"), blank=True)
    mapping_note_en = models.TextField(_("how the groups were matched (English)"), blank=True)
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), related_name="criteria_frameworks")

    objects = CriteriaFrameworkManager()

    subject = Bilingual("subject")
    mapping_note = Bilingual("mapping_note")

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

    def natural_key(self):
        return (self.document.slug, self.appendix)

    natural_key.dependencies = ["regulations.document"]


class Criterion(models.Model):
    """An assessment criterion or criteria group (366 frameworks, 198 focus criteria, 145)."""

    class Group(models.TextChoices):
        GENERAL = "general", _("General criteria")
        TASKS = "tasks", _("Task-result criteria")
        FOCUS = "focus", _("Focus of the assessment")
        OTHER = "other", _("Other criterion")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="criteria"
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
    key_point = models.ForeignKey(
        KeyPoint,
        verbose_name=_("key point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), related_name="criteria")

    objects = NaturalKeyManager()

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

    def natural_key(self):
        return (self.slug,)


class ClassificationBandManager(models.Manager):
    def get_by_natural_key(self, document_slug, code):
        return self.get(document__slug=document_slug, code=code)


class ClassificationBand(models.Model):
    """A quality classification level and, where the sources give it, its score band.

    Bands of one document may not overlap; the database enforces it (see the migration).
    ``max_score`` is exclusive: 70–90 means "70 to under 90".
    """

    document = models.ForeignKey(
        Document,
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
    key_point = models.ForeignKey(
        KeyPoint,
        verbose_name=_("key point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), related_name="classification_bands")

    objects = ClassificationBandManager()

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

    def natural_key(self):
        return (self.document.slug, self.code)

    natural_key.dependencies = ["regulations.document"]

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


class AuthorityQuerySet(models.QuerySet):
    def for_display(self):
        return self.select_related(
            "document__issuer", "key_point__document", "actor_position", "actor_body"
        ).prefetch_related("sources", "subject_positions", "subject_groups")

    def current(self):
        return self.exclude(document__status=Document.Status.REPLACED)

    def historical(self):
        return self.filter(document__status=Document.Status.REPLACED)


class Authority(models.Model):
    """Who may do what to whom under a document: manage, introduce candidates, decide,
    suspend, assess, nominate under the pilot, set policy.

    The actor and the subject are always written out (``actor_*``, ``subject_*``); where they
    are positions or groups the reference knows, they are also linked so that a position's
    page can gather every rule that names it.
    """

    class Action(models.TextChoices):
        MANAGE = "manage", _("manages")
        DECIDE = "decide", _("decides")
        DELEGATE = "delegate", _("delegates or authorises")
        INTRODUCE = "introduce", _("introduces candidates")
        CONSULT = "consult", _("consults before introducing")
        NOMINATE = "nominate", _("nominates")
        APPOINT = "appoint", _("appoints or relieves")
        SUSPEND = "suspend", _("may suspend")
        ASSESS = "assess", _("assesses")
        SET_POLICY = "set_policy", _("sets policy")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="authorities"
    )
    key_point = models.ForeignKey(
        KeyPoint,
        verbose_name=_("key point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"))
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    actor_vi = models.CharField(_("who (Vietnamese)"), max_length=400)
    actor_en = models.CharField(_("who (English)"), max_length=400)
    actor_position = models.ForeignKey(
        Position,
        verbose_name=_("who (position)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authorities_held",
    )
    actor_body = models.ForeignKey(
        IssuingBody,
        verbose_name=_("who (body)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authorities_held",
    )
    subject_vi = models.TextField(_("over whom (Vietnamese)"))
    subject_en = models.TextField(_("over whom (English)"))
    subject_positions = models.ManyToManyField(
        Position, verbose_name=_("over positions"), blank=True, related_name="authorities_over"
    )
    subject_groups = models.ManyToManyField(
        PositionGroup,
        verbose_name=_("over 368 groups"),
        blank=True,
        related_name="authorities_over",
    )
    detail_vi = models.TextField(_("detail (Vietnamese)"), blank=True)
    detail_en = models.TextField(_("detail (English)"), blank=True)
    grounds_vi = models.TextField(_("grounds (Vietnamese)"), blank=True)
    grounds_en = models.TextField(_("grounds (English)"), blank=True)
    duration_vi = models.TextField(_("duration (Vietnamese)"), blank=True)
    duration_en = models.TextField(_("duration (English)"), blank=True)
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), related_name="authorities")

    objects = NaturalKeyManager.from_queryset(AuthorityQuerySet)()

    actor = Bilingual("actor")
    subject = Bilingual("subject")
    detail = Bilingual("detail")
    grounds = Bilingual("grounds")
    duration = Bilingual("duration")

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="authority_unique_order"),
            models.CheckConstraint(
                condition=~Q(actor_en="") & ~Q(subject_en=""),
                name="authority_names_actor_and_subject",
                violation_error_message=_("Say who holds the authority and over whom."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor_en} {self.get_action_display()} {self.subject_en}"[:200]

    def get_absolute_url(self) -> str:
        return reverse("cadres:authority-list") + f"#{self.slug}"

    def natural_key(self):
        return (self.slug,)

    @property
    def is_historical(self) -> bool:
        return self.document.status == Document.Status.REPLACED


class TrainingGroupManager(models.Manager):
    def get_by_natural_key(self, document_slug, number):
        return self.get(document__slug=document_slug, number=number)


class TrainingGroup(models.Model):
    """A refresher-training group of Regulation 145."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="training_groups",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    position_groups = models.ManyToManyField(
        PositionGroup,
        verbose_name=_("matching 368 groups"),
        blank=True,
        related_name="training_groups",
    )
    mapping_note_vi = models.TextField(_("how the groups were matched (Vietnamese)"), blank=True)
    mapping_note_en = models.TextField(_("how the groups were matched (English)"), blank=True)
    key_point = models.ForeignKey(
        KeyPoint,
        verbose_name=_("key point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), related_name="training_groups")

    objects = TrainingGroupManager()

    name = Bilingual("name")
    mapping_note = Bilingual("mapping_note")

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("training group")
        verbose_name_plural = _("training groups")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="training_group_unique_number"),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="training_group_number_positive",
                violation_error_message=_("The group number must be 1 or more."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.label}: group {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("cadres:assessment") + f"#training-{self.number}"

    def natural_key(self):
        return (self.document.slug, self.number)

    natural_key.dependencies = ["regulations.document"]
