"""Values every page shows."""

from django.conf import settings

from core.data_version import data_version_read


def data_state(request):
    """The "data as of" date in the footer: when the content last changed (the version the
    cache middleware read for this request, so both agree); and where corrections go."""
    version = getattr(request, "data_version", None) or data_version_read()
    return {"data_as_of": version.changed_at, "corrections_email": settings.CORRECTIONS_EMAIL}
