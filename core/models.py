"""The one platform record: which version of the content is live."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataState(models.Model):
    """The one row that says which version of the content is live.

    ``version`` moves on every successful import and every admin edit; public pages take their
    ETag and Last-Modified from it and the page cache keys on it.
    """

    version = models.PositiveBigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("data changed at"), default=timezone.now)

    class Meta:
        # The table kept its name when the model moved here from the regulations app.
        db_table = "regulations_datastate"
        verbose_name = _("data state")
        verbose_name_plural = _("data state")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="data_state_single_row")]

    def __str__(self) -> str:
        return f"v{self.version} ({self.changed_at:%Y-%m-%d %H:%M})"
