"""Positions and the 368 list that places them in groups and levels."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.bilingual import Bilingual
from core.natural_keys import NaturalKeyManager
from regulations.models import CitedModel, ProvisionRecord


class MatchedToGroups(models.Model):
    """A record linked to 368 groups that its sources do not name: where the match is ours, the
    note says how it was made (pages show it as "our match")."""

    mapping_note_vi = models.TextField(_("how the groups were matched (Vietnamese)"), blank=True)
    mapping_note_en = models.TextField(
        _("how the groups were matched (English)"),
        blank=True,
        help_text=_("When the 368 groups linked are our match rather than the source's words, say so here."),
    )

    mapping_note = Bilingual("mapping_note")

    class Meta:
        abstract = True


class PositionGroupQuerySet(models.QuerySet):
    def for_display(self):
        """The group with its document, key point, sources, and its levels with theirs."""
        return self.select_related("document", "key_point__document__issuer").prefetch_related(
            "sources", "tiers__sources"
        )


class PositionGroup(ProvisionRecord):
    """A group of the 368 list (Group I to Group IV)."""

    NATURAL_KEY = ("code",)

    code = models.CharField(_("code"), max_length=8, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_vi = models.TextField(_("description (Vietnamese)"))
    description_en = models.TextField(_("description (English)"))
    document = models.ForeignKey(
        "regulations.Document",
        verbose_name=_("listed in"),
        on_delete=models.PROTECT,
        related_name="position_groups",
    )

    objects = NaturalKeyManager.from_queryset(PositionGroupQuerySet)()

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


class PositionTier(CitedModel):
    """A sub-group or level inside a 368 group ("key leaders", "level 1"…)."""

    NATURAL_KEY = ("code",)

    group = models.ForeignKey(PositionGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="tiers")
    code = models.CharField(_("code"), max_length=16, unique=True)
    order = models.PositiveSmallIntegerField(_("order"))
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    name = Bilingual("name")
    description = Bilingual("description")

    class Meta:
        ordering = ["group__order", "order"]
        verbose_name = _("position level")
        verbose_name_plural = _("position levels")
        constraints = [models.UniqueConstraint(fields=["group", "order"], name="tier_unique_order_in_group")]

    def __str__(self) -> str:
        return f"{self.group.code} · {self.name_en}"


class PositionQuerySet(models.QuerySet):
    def for_list(self):
        """What a row of the positions list shows: group, level and listing document."""
        return self.select_related("group", "tier", "listed_in")

    def in_368_order(self):
        """Groups and levels in the order of the 368 list; positions without a group last."""
        return self.order_by(
            models.F("group__order").asc(nulls_last=True),
            models.F("tier__order").asc(nulls_last=True),
            "order",
            "name_en",
        )


class Position(ProvisionRecord):
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
        "regulations.Document",
        verbose_name=_("listed in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="listed_positions",
    )
    order = models.PositiveSmallIntegerField(_("order in its level"), default=0)
    is_leadership = models.BooleanField(
        _("leadership or management post"),
        default=True,
        help_text=_("The common standards of 365 apply to leaders and managers at all levels."),
    )
    note_vi = models.TextField(_("note (Vietnamese)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)

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
