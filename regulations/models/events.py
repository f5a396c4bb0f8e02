"""Conferences that disseminated or reviewed documents."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.bilingual import Bilingual
from core.natural_keys import NaturalKeyManager
from regulations.models.base import CitedModel


class EventQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-held_on")


class Event(CitedModel):
    """A conference that disseminated or reviewed documents."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    held_on = models.DateField(_("date"))
    month_only = models.BooleanField(
        _("only the month is known"),
        default=False,
        help_text=_("The sources give the month but not the day; enter the first of the month. Pages show the month."),
    )
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    presided_by_vi = models.CharField(_("presided by (Vietnamese)"), max_length=300, blank=True)
    presided_by_en = models.CharField(_("presided by (English)"), max_length=300, blank=True)
    documents = models.ManyToManyField(
        "regulations.Document", verbose_name=_("documents"), blank=True, related_name="events"
    )

    objects = NaturalKeyManager.from_queryset(EventQuerySet)()

    title = Bilingual("title")
    description = Bilingual("description")
    presided_by = Bilingual("presided_by")

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        when = f"{self.held_on:%m/%Y}" if self.month_only else f"{self.held_on:%d/%m/%Y}"
        return f"{when} {self.title_en}"
