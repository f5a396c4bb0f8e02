"""Key points: a document's provisions summarised in our own words, each with its anchor."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.bilingual import Bilingual
from core.natural_keys import NaturalKeyManager
from regulations.models.base import CitedModel


class KeyPointQuerySet(models.QuerySet):
    def gaps(self):
        """What the sources checked do not tell about a document."""
        return self.filter(kind=KeyPoint.Kind.GAP)


class KeyPoint(CitedModel):
    """One provision of a document, summarised in our own words, with a permanent anchor.

    ``kind`` separates what a document provides (provision) from background about it
    (context) and from what the sources checked do not tell us (gap).
    """

    class Kind(models.TextChoices):
        PROVISION = "provision", _("Provision")
        CONTEXT = "context", _("Context")
        GAP = "gap", _("Not found in the sources")

    NATURAL_KEY = ("document", "anchor")

    document = models.ForeignKey(
        "regulations.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="key_points"
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

    objects = NaturalKeyManager.from_queryset(KeyPointQuerySet)()

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

    @property
    def is_gap(self) -> bool:
        return self.kind == self.Kind.GAP

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
    def article_citation_en(self) -> str:
        """The article as an English citation spells it: "Article 11", "Clause 2, Article 11"."""
        if not self.article:
            return ""
        return f"Clause {self.clause}, Article {self.article}" if self.clause else f"Article {self.article}"

    @property
    def citation_vi(self) -> str:
        return self.document.citation_vi(self)

    @property
    def citation_en(self) -> str:
        return self.document.citation_en(self)

    citation = Bilingual("citation")

    @property
    def label(self) -> str:
        """How a link to the point reads: "Art. 11: Classification levels"."""
        return f"{self.article_label}: {self.heading}" if self.article else self.heading
