"""The published articles and database pages that facts are taken from."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.bilingual import Bilingual
from core.natural_keys import NaturalKeyModel


class Source(NaturalKeyModel):
    """A published article or database page that a fact is taken from."""

    class Quality(models.TextChoices):
        NEWS = "news", _("News outlet or official site")
        SECONDARY = "secondary", _("Secondary (legal-information site, blog, republisher)")
        AGGREGATOR = "aggregator", _("Aggregator or tag page")
        LOW = "low", _("Low quality (apparent copy)")

    NATURAL_KEY = ("code",)
    # Sources to a page of the sources list, by code: which page lists a source follows from it.
    PER_PAGE = 50

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

    note = Bilingual("note")

    class Meta:
        ordering = ["code"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    def get_absolute_url(self) -> str:
        """The source's entry on the page of the sources list that holds it (one query)."""
        page = Source.objects.filter(code__lt=self.code).count() // self.PER_PAGE + 1
        return reverse("regulations:source-list") + (f"?page={page}" if page > 1 else "") + f"#source-{self.code}"

    @property
    def is_translation(self) -> bool:
        """Published in a language other than the original Vietnamese or our English."""
        return self.language not in {"vi", "en"}
