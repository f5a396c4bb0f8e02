"""The refresher-training groups of Regulation 145."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadres.models.positions import MatchedToGroups, PositionGroup
from core.bilingual import Bilingual
from core.natural_keys import NaturalKeyManager
from regulations.models import ProvisionRecord


class TrainingGroupQuerySet(models.QuerySet):
    def for_display(self):
        """The group with its document, key point, sources and matching 368 groups."""
        return self.select_related("document", "key_point__document__issuer").prefetch_related(
            "sources", "position_groups"
        )


class TrainingGroup(ProvisionRecord, MatchedToGroups):
    """A refresher-training group of Regulation 145."""

    NATURAL_KEY = ("document", "number")

    document = models.ForeignKey(
        "regulations.Document",
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

    objects = NaturalKeyManager.from_queryset(TrainingGroupQuerySet)()

    name = Bilingual("name")

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
