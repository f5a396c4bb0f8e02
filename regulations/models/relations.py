"""Typed links between documents: one replaces, guides, implements or applies another."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.bilingual import Bilingual
from regulations.models.base import CitedModel


class Relation(CitedModel):
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

    NATURAL_KEY = ("subject", "kind", "object")

    subject = models.ForeignKey(
        "regulations.Document", verbose_name=_("subject"), on_delete=models.CASCADE, related_name="relations_out"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    object = models.ForeignKey(
        "regulations.Document", verbose_name=_("object"), on_delete=models.CASCADE, related_name="relations_in"
    )
    note_vi = models.TextField(_("note (Vietnamese)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)

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

    @property
    def inverse_verb(self) -> str:
        return self.INVERSE[self.kind]
