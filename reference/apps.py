from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "reference"
    verbose_name = _("Reference site")

    def ready(self):
        from core.data_version import data_version_moved

        data_version_moved.connect(queue_prerender, dispatch_uid="reference-prerender")


def queue_prerender(sender, *, version: int, **kwargs) -> None:
    """Warm the new version's pages in the background (the database worker runs the task)."""
    from reference.tasks import prerender_site

    prerender_site.enqueue(version=version)
