"""Field blocks shared by the content models of both apps.

Every fact is cited: a record rests on one or more sources (the import service refuses a record
without one). A record that a provision of a document sets out may also point to the key point
that summarises that provision, so that its page can link to it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.natural_keys import NaturalKeyModel


class CitedModel(NaturalKeyModel):
    """A record resting on sources. Sources are listed per page, never walked back to their
    records, so no reverse accessor is created (``related_name="+"``)."""

    sources = models.ManyToManyField("regulations.Source", verbose_name=_("sources"), related_name="+")

    class Meta:
        abstract = True


class ProvisionRecord(CitedModel):
    """A record set out by a provision: it may name the key point that summarises it."""

    key_point = models.ForeignKey(
        "regulations.KeyPoint",
        verbose_name=_("key point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True
