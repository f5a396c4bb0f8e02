import pytest
from django.test import TestCase


@pytest.fixture(autouse=True)
def _skip_the_foreign_key_check_of_the_whole_reference(monkeypatch):
    """After each test Django checks every foreign key of the database (on SQLite, a full scan
    of every table): with the whole reference loaded, that costs more than the test itself.
    These tests write only through the import service, which resolves every reference."""
    monkeypatch.setattr(TestCase, "_should_check_constraints", lambda self, connection: False)
