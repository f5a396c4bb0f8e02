"""Values every page shows."""

from regulations.services.data_state import data_state_read


def data_state(request):
    """The "data as of" date in the footer: when the content last changed (the version the
    cache middleware read for this request, so both agree)."""
    version = getattr(request, "data_version", None) or data_state_read()
    return {"data_as_of": version.changed_at}
