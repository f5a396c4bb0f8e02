"""Admin login throttling: django-axes' database handler, with a limit for each way of counting.

django-axes counts failed logins for every entry of ``AXES_LOCKOUT_PARAMETERS`` (here: one
username from one address, one username from any address, one address for any username) but
compares them all with one limit. A username locked everywhere after five failures would let
anyone lock a real editor out from the editor's own address, so the wider counts get wider
limits (``AXES_FAILURE_LIMITS``, in the same order): a password spray from one address, or a
guesser spreading one username over many addresses, is stopped too.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


class ThrottledLoginHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The count closest to its own limit, scaled to ``AXES_FAILURE_LIMIT`` so that django-axes'
        one comparison (failures >= AXES_FAILURE_LIMIT) locks as soon as any count reaches its own."""
        base = get_failure_limit(request, credentials)
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        return max(
            (count * base // limit for count, limit in zip(counts, settings.AXES_FAILURE_LIMITS, strict=True)),
            default=0,
        )
