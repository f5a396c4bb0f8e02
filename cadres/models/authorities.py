"""Who may do what to whom under a document (377, 148, 142, 180, 198)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadres.models.positions import MatchedToGroups, Position, PositionGroup
from core.bilingual import Bilingual
from core.natural_keys import NaturalKeyManager
from regulations.models import Document, IssuingBody, ProvisionRecord


class AuthorityQuerySet(models.QuerySet):
    def for_display(self):
        """The authority with its document, key point, actor and subjects, and sources."""
        return self.select_related(
            "document__issuer", "key_point__document__issuer", "actor_position", "actor_body"
        ).prefetch_related("sources", "subject_positions", "subject_groups")

    def current(self):
        """Granted by documents still in force or of unstated status (not replaced)."""
        return self.exclude(document__status=Document.Status.REPLACED)

    def historical(self):
        """Granted by replaced documents: how things stood before."""
        return self.filter(document__status=Document.Status.REPLACED)


class Authority(ProvisionRecord, MatchedToGroups):
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
        NOMINATE = "nominate", _("puts forward candidates (pilot)")
        APPOINT = "appoint", _("appoints")
        APPOINT_DISMISS = "appoint_dismiss", _("appoints or dismisses")
        SUSPEND = "suspend", _("may suspend")
        ASSESS = "assess", _("assesses")
        SET_POLICY = "set_policy", _("sets policy")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    document = models.ForeignKey(
        "regulations.Document", verbose_name=_("document"), on_delete=models.PROTECT, related_name="authorities"
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

    @property
    def is_historical(self) -> bool:
        return self.document.status == Document.Status.REPLACED
