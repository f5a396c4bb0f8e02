import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase


@pytest.fixture(scope="package")
def reference_data(django_db_setup, django_db_blocker):
    """The reference fixtures, loaded once for the end-to-end tests a worker runs and rolled
    back after them (this package's tests only read, or write inside their own savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_reference", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _skip_the_foreign_key_check_of_the_whole_reference(monkeypatch):
    """After each test Django checks every foreign key of the database (on SQLite, a full scan
    of every table): with the whole reference loaded, that costs more than the test itself.
    These tests write only through the import service, which resolves every reference."""
    monkeypatch.setattr(TestCase, "_should_check_constraints", lambda self, connection: False)
