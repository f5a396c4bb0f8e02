"""Shared test setup.

Tests start from an empty database and build what they need with ``tests/factories.py``.
Modules whose tests only read can share data instead, built once per module inside a
transaction that is rolled back when the module ends (each test runs in a savepoint inside it):

* ``scenario``: a small, complete reference built with the factories (``tests/scenario.py``);
* ``reference_data`` (``tests/end_to_end/conftest.py``): the real reference fixtures, loaded
  through the import service once for the end-to-end tests.

A module that uses one of them should use it for every test (``pytestmark``): a test that does
not ask for it still sees it once an earlier test of the module has built it.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from reference.selectors import rules
from tests import scenario as scenario_module


def pytest_configure(config):
    """WhiteNoise indexes every static file when its middleware starts, and every test client
    starts the middleware again: about 60 ms a test. Tests let it look files up on request
    instead; tests/config/test_static.py checks the production behaviour."""
    settings.WHITENOISE_AUTOREFRESH = True
    # No task worker runs in tests: queued tasks are only recorded (Django's dummy backend), and
    # the pre-render job is tested by calling it (tests/core/test_prerender.py). Readers are
    # switched to a new data version at once, as if it had been pre-rendered, unless a test
    # asks for the wait (PRERENDER_MAX_DELAY).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.PRERENDER_MAX_DELAY = 0
    # A download holds one of a process's EXPORT_CONCURRENCY slots until the server closes it;
    # the test client never closes a download nobody read, so tests that ask for one and look
    # only at its headers would use the slots up. The limit has its own tests (test_exports).
    settings.EXPORT_CONCURRENCY = 1_000


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Tests hash passwords with MD5: Django's PBKDF2 (over a million iterations) costs about
    half a second per hash and proves nothing here. Production keeps Django's hashers."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _english():
    """Tests speak English unless they ask for a Vietnamese page; a request for one activates
    Vietnamese for the rest of the thread, so each test starts from English again."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (data version, page cache) and reads the rules and
    every other value kept per data version afresh: factories write without moving the data
    version, as the import service and the admin do, so what an earlier test kept would
    otherwise look current."""
    cache.clear()
    rules.forget()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _export_dir(settings, tmp_path):
    """Export files (``EXPORT_DIR``) go to the test's own directory: data versions restart in
    every test database, so files kept between tests would name the same version."""
    settings.EXPORT_DIR = tmp_path / "exports"


@pytest.fixture(scope="module")
def scenario(django_db_setup, django_db_blocker):
    """The small reference of ``tests/scenario.py``, built for one module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield scenario_module.build()
        transaction.set_rollback(True)


@pytest.fixture
def empty_database(db):
    """Delete every content record (and with them the search index) for this test only."""
    scenario_module.delete_all_content()


@pytest.fixture
def client(client):
    """The test client, answering as a host the development settings allow."""
    client.defaults["HTTP_HOST"] = "localhost"
    return client


@pytest.fixture
def staff_client(client, django_user_model):
    """A client logged in as a superuser (the admin's own checks are Django's)."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-enough-password")
    client.force_login(user)
    return client
