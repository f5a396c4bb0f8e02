"""The glossary: the terms of cadre work, with the English rendering CadreRef uses for each, and
the point-by-point "what changed" between a document and the ones it replaced.

A term's rendering is the one source of truth for how the site writes it in English: the content
checks hold every record to it (where a record's Vietnamese uses the term, its English must use
``match_en``), and texts link to the entry. Definitions are written in our own words and rest on
the sources that use or explain the term.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.bilingual import Bilingual
from core.natural_keys import NaturalKeyManager
from regulations.models.base import CitedModel, ProvisionRecord


class Term(CitedModel):
    """One term of the field: the Vietnamese, the English we use, what it means, where it is
    used, and the terms it is often confused with."""

    class Group(models.TextChoices):
        MEASURES = "measures", _("Appointment and removal")
        MOVES = "moves", _("Planning and moving cadres")
        ASSESSMENT = "assessment", _("Review and assessment")
        DISCIPLINE = "discipline", _("Discipline and proceedings")
        POSTS = "posts", _("Posts and bodies")
        WORK = "work", _("Personnel work")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    term_vi = models.CharField(_("term (Vietnamese)"), max_length=120)
    term_en = models.CharField(
        _("English rendering"),
        max_length=120,
        help_text=_("The English CadreRef uses for this term everywhere."),
    )
    match_en = models.CharField(
        _("English stem"),
        max_length=40,
        blank=True,
        help_text=_(
            "The word stem every English text must contain where its Vietnamese uses the term "
            '(for example "dismiss" for miễn nhiệm). Empty: not checked.'
        ),
    )
    not_en = models.CharField(
        _("renderings to avoid"),
        max_length=200,
        blank=True,
        help_text=_("English renderings that would name another measure, separated by commas."),
    )
    definition_vi = models.TextField(_("definition (Vietnamese)"))
    definition_en = models.TextField(_("definition (English)"))
    documents = models.ManyToManyField(
        "regulations.Document", verbose_name=_("documents that use it"), blank=True, related_name="terms"
    )
    confused_with = models.ManyToManyField("self", verbose_name=_("often confused with"), blank=True, symmetrical=True)

    objects = NaturalKeyManager()

    term = Bilingual("term")
    definition = Bilingual("definition")

    class Meta:
        ordering = ["group", "order"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [
            models.UniqueConstraint(fields=["group", "order"], name="term_unique_order_in_group"),
            models.UniqueConstraint(fields=["term_vi"], name="term_unique_vietnamese"),
            models.CheckConstraint(
                condition=~Q(term_en="") & ~Q(definition_en="") & ~Q(definition_vi=""),
                name="term_rendered_and_defined",
                violation_error_message=_("Give the English rendering and the definition in both languages."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term_vi} — {self.term_en}"

    def get_absolute_url(self) -> str:
        return reverse("regulations:glossary") + f"#{self.slug}"

    @property
    def avoided(self) -> list[str]:
        return [part.strip() for part in self.not_en.split(",") if part.strip()]


class Change(ProvisionRecord):
    """One point of what changed between a document and the ones it replaced (or, where no
    replacement is reported, the earlier rule it is read against): added, removed, changed,
    kept, or not told by the sources."""

    class Kind(models.TextChoices):
        ADDED = "added", _("Added")
        REMOVED = "removed", _("Removed")
        CHANGED = "changed", _("Changed")
        KEPT = "kept", _("Kept")
        NOT_TOLD = "not_told", _("The sources do not tell")

    NATURAL_KEY = ("document", "anchor")

    document = models.ForeignKey(
        "regulations.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="changes"
    )
    compared_with = models.ManyToManyField(
        "regulations.Document",
        verbose_name=_("compared with"),
        related_name="changed_by",
        help_text=_("The earlier documents this point sets the new rule beside."),
    )
    order = models.PositiveSmallIntegerField(_("order"))
    anchor = models.SlugField(_("anchor"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    aspect_vi = models.CharField(_("aspect (Vietnamese)"), max_length=200)
    aspect_en = models.CharField(_("aspect (English)"), max_length=200)
    before_vi = models.TextField(_("before (Vietnamese)"), blank=True)
    before_en = models.TextField(_("before (English)"), blank=True)
    after_vi = models.TextField(_("now (Vietnamese)"), blank=True)
    after_en = models.TextField(_("now (English)"), blank=True)
    caveat_vi = models.TextField(_("caveat (Vietnamese)"), blank=True)
    caveat_en = models.TextField(_("caveat (English)"), blank=True)

    objects = NaturalKeyManager()

    aspect = Bilingual("aspect")
    before = Bilingual("before")
    after = Bilingual("after")
    caveat = Bilingual("caveat")

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="change_unique_order"),
            models.UniqueConstraint(fields=["document", "anchor"], name="change_unique_anchor"),
            models.CheckConstraint(
                condition=~Q(before_en="", after_en=""),
                name="change_says_something",
                violation_error_message=_("Say what the rule was, what it is now, or both."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.label}: {self.aspect_en}"

    def get_absolute_url(self) -> str:
        return reverse("regulations:document-changes", kwargs={"slug": self.document.slug}) + f"#{self.anchor}"
