"""Load the reference data in ``fixtures/`` through the import service.

Safe to run again: objects are matched by their natural keys, so a second run updates what
changed and creates nothing twice.

Usage: python manage.py load_reference [--dry-run]
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reference.management.commands.import_fixture import print_report
from reference.models import ImportRecord
from reference.services.imports import FixtureFile, fixture_import

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = "Load (or refresh) the reference data from fixtures/*.json."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Check and report; change nothing.")

    def handle(self, *args, dry_run: bool, **options):
        paths = sorted(FIXTURES_DIR.glob("*.json"))
        if not paths:
            raise CommandError(f"No fixtures found in {FIXTURES_DIR}.")
        files = [FixtureFile(name=path.name, content=path.read_bytes()) for path in paths]
        report = fixture_import(
            files=files,
            dry_run=dry_run,
            via=ImportRecord.Via.COMMAND,
            max_bytes=max(len(f.content) for f in files),
            max_objects=sum(f.content.count(b'"model"') for f in files) + 1,
        )
        if options["verbosity"] > 0 or not report.ok:
            print_report(self, report, dry_run=dry_run)
        if not report.ok:
            raise CommandError("The reference data did not load; nothing was changed.")
