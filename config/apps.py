from django.contrib.admin.apps import AdminConfig


class CadreRefAdminConfig(AdminConfig):
    """Django's admin with CadreRef's site (``reference.admin_site.CadreRefAdminSite``) as the
    default, so that every app's ``admin.register`` lands on it."""

    default_site = "reference.admin_site.CadreRefAdminSite"
