"""Shared test setup.

The reference fixtures are loaded once per test session into the test database (through
the same import service as ``make run``), so every test starts from the real data and its
own transaction is rolled back afterwards. Tests that need an empty database use the
``empty_database`` fixture, which deletes the content inside the test's transaction.
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test.utils import override_settings

from regulations.services.imports import CONTENT_MODELS


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Tests hash passwords with MD5: Django's PBKDF2 (over a million iterations) costs about
    half a second per hash and proves nothing here. Production keeps Django's hashers."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (data version, page cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def empty_database(db):
    """Delete every content record (and the search index) for this test only."""
    from django.apps import apps

    from regulations.models import SearchEntry

    SearchEntry.objects.all().delete()
    for label in reversed(CONTENT_MODELS):
        apps.get_model(label).objects.all().delete()
    cache.clear()


@pytest.fixture
def client(client):
    """The test client, answering as a host the development settings allow."""
    client.defaults["HTTP_HOST"] = "localhost"
    return client
