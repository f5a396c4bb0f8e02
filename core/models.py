"""The platform records: which version of the content is live, and the pages pre-rendered for it."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataState(models.Model):
    """The one row that says which version of the content is live.

    ``version`` moves on every successful import and every admin edit (the data written).
    ``served_version`` follows it once every public page of the new version is pre-rendered
    (``core.prerender``): cached pages are looked up for the served version, so readers keep
    getting warm pages of the old version until the new one is warm too.
    """

    version = models.PositiveBigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("data changed at"), default=timezone.now)
    served_version = models.PositiveBigIntegerField(_("served version"), default=0)
    served_changed_at = models.DateTimeField(_("served data changed at"), default=timezone.now)
    # The pre-render lock (one renderer at a time across workers and containers, without Redis):
    # who holds it, and when it last showed it is alive. A holder silent for longer than
    # PRERENDER_LOCK_SECONDS is taken to have died.
    renderer = models.CharField(_("renderer"), max_length=64, blank=True, default="")
    renderer_seen_at = models.DateTimeField(_("renderer last seen at"), null=True, blank=True)

    class Meta:
        # The table kept its name when the model moved here from the regulations app.
        db_table = "regulations_datastate"
        verbose_name = _("data state")
        verbose_name_plural = _("data state")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="data_state_single_row")]

    def __str__(self) -> str:
        return f"v{self.version} ({self.changed_at:%Y-%m-%d %H:%M})"


class RenderedPage(models.Model):
    """A public page pre-rendered for one data version: the page cache's shared tier when there
    is no Redis, read by every web worker and container on a miss in its own memory. Only the
    pre-render job writes it; rows of versions no longer served are deleted by the next job."""

    version = models.PositiveBigIntegerField(_("version"))
    identity = models.CharField(_("identity"), max_length=64)
    status = models.PositiveSmallIntegerField(_("HTTP status"))
    content = models.BinaryField(_("content"))
    headers = models.JSONField(_("headers"), default=list)
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("pre-rendered page")
        verbose_name_plural = _("pre-rendered pages")
        constraints = [models.UniqueConstraint(fields=["version", "identity"], name="rendered_page_unique")]

    def __str__(self) -> str:
        return f"v{self.version} {self.identity[:12]}"
