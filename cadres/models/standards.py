"""The standards of Regulation 365: six common to every leader, others for some titles."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadres.models.positions import Position
from core.bilingual import Bilingual
from core.natural_keys import NaturalKeyManager
from regulations.models import ProvisionRecord


class StandardQuerySet(models.QuerySet):
    def for_display(self):
        """The standard with its document, key point, sources, positions and the standards
        it builds on."""
        return self.select_related("document", "key_point__document__issuer").prefetch_related(
            "sources", "positions", "builds_on"
        )


class Standard(ProvisionRecord):
    """A standard from Regulation 365: one of the six common standards for every leader, or a
    standard specific to some titles."""

    class Kind(models.TextChoices):
        COMMON = "common", _("Common standard")
        TITLE = "title", _("Title-specific standard")

    class BuildsOnRule(models.TextChoices):
        ALL = "all", _("all of them")
        ANY = "any", _("any one of them")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    text_vi = models.TextField(_("text (Vietnamese)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    document = models.ForeignKey(
        "regulations.Document", verbose_name=_("document"), on_delete=models.PROTECT, related_name="standards"
    )
    positions = models.ManyToManyField(Position, verbose_name=_("positions"), blank=True, related_name="standards")
    builds_on = models.ManyToManyField(
        "self",
        verbose_name=_("also requires"),
        symmetrical=False,
        blank=True,
        related_name="built_upon_by",
    )
    builds_on_rule = models.CharField(
        _("requires"),
        max_length=3,
        choices=BuildsOnRule.choices,
        default=BuildsOnRule.ALL,
        help_text=_(
            "Whether the title must meet every standard it builds on, or any one of them "
            "(365 lets a Vice President meet either the Politburo/Secretariat standards or the "
            "Central Committee standards)."
        ),
    )

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
