"""Recompute the derived data (document number keys and statuses, the search index) from the
content, and move the data version so that no page rendered before is served again.

Run after an upgrade: new code may index or render the same content differently. The container
entrypoint runs it after migrating (MIGRATE_ON_START=1). Containers starting together take
turns (a PostgreSQL advisory lock), so two rebuilds never interleave.

Usage: python manage.py refresh_derived
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from core.data_version import data_version_bump
from reference.services.derived import derived_refresh

# Any constant shared by every process of this project: the key of its advisory lock.
LOCK_KEY = 3650368377


class Command(BaseCommand):
    help = "Recompute number keys, statuses and the search index; move the data version."

    def handle(self, *args, **options):
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            counts = derived_refresh()
            version = data_version_bump()
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Derived data refreshed: {counts['number_keys']} number keys and {counts['statuses']} statuses "
                f"changed, {counts['search_entries']} search entries. Data version {version}."
            )
