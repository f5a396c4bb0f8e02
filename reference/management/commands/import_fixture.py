"""Import one or more fixture files, all or nothing, with the same checks as the admin upload.

The admin's object limit (IMPORT_MAX_OBJECTS) keeps an upload within gunicorn's timeout; a
command has no timeout, so ``--max-objects`` may raise it (to load back a larger export).

Usage: python manage.py import_fixture FILE [FILE ...] [--dry-run] [--max-objects N]
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reference.models import ImportRecord
from reference.services.imports import FixtureFile, ImportReport, fixture_import


def print_report(command: BaseCommand, report: ImportReport, *, dry_run: bool) -> None:
    write = command.stdout.write
    for label, actions in report.by_model.items():
        counts = ", ".join(f"{len(rows)} {action}" for action, rows in actions.items() if rows)
        write(f"  {label}: {counts}")
    for problem in report.problems:
        command.stderr.write(f"  problem: {problem.where}: {problem.message}")
    summary = (
        f"{report.object_count} objects: {report.count('create')} to create, "
        f"{report.count('update')} to update, {report.count('unchanged')} unchanged"
    )
    if not report.ok:
        write(command.style.ERROR(f"Rejected ({len(report.problems)} problems); nothing was changed. {summary}."))
    elif dry_run:
        write(command.style.WARNING(f"Dry run: {summary}. Nothing was changed."))
    else:
        write(command.style.SUCCESS(f"Imported: {summary}. Data version {report.data_version}."))


class Command(BaseCommand):
    help = "Import fixture files (Django JSON with natural keys) through the import service."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and report; change nothing.")
        parser.add_argument(
            "--max-objects", type=int, default=None, help="Most objects accepted (default: IMPORT_MAX_OBJECTS)."
        )

    def handle(self, *args, files: list[Path], dry_run: bool, max_objects: int | None, **options):
        fixtures = []
        for path in files:
            try:
                fixtures.append(FixtureFile(name=path.name, content=path.read_bytes()))
            except OSError as error:
                raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        report = fixture_import(files=fixtures, dry_run=dry_run, via=ImportRecord.Via.COMMAND, max_objects=max_objects)
        print_report(self, report, dry_run=dry_run)
        if not report.ok:
            raise CommandError("Import rejected; nothing was changed.")
