"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Chromium is the system binary (``shutil.which("chromium")``); Playwright never downloads a
browser. Failure screenshots go to ``test-results/`` (``--screenshot only-on-failure
--output test-results``, as ``.ci/run`` passes them).

Two servers:

* ``site``: one live server for the whole session, for the tests that only read. It serves the
  reference data committed when the test database was created (tests/conftest.py), so a test
  costs only its clicks.
* ``live_site``: pytest-django's live server with a transactional database, for the tests that
  change data (the admin import). The database is emptied after each of them; the reference
  data is loaded again by the next test that needs it. So that the emptying never reaches
  another test, ``make test`` runs these (marker ``browser``) in a pytest run of their own.
"""

import shutil

import pytest
from django.core.management import call_command
from pytest_django.live_server_helper import LiveServer

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in the test thread; Django's ORM calls in
    fixtures and assertions are still plain synchronous code. Session-scoped because the test
    database is created before any function-scoped fixture runs; undone at the session's end."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def base_url():
    """No base URL: tests go to their live server's full address (``site``, ``live_site``).

    pytest-playwright's context arguments ask for this fixture; without pytest-base-url it
    supplies its own, a session-scoped fixture defined as an instance method, which pytest 9
    deprecates (PytestRemovedIn10Warning). Ours, closer to the tests, is used instead."""
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium")
    if not chromium:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_ARGS}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}


def _load_reference_if_emptied() -> None:
    from regulations.models import Document

    if not Document.objects.exists():
        call_command("load_reference", verbosity=0)


def _plain_static_names(settings) -> None:
    """The live servers serve static files from the app directories by their plain names, so
    pages link them unhashed here (production links hashed names served by whitenoise)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def _test_database(django_db_setup, django_db_blocker):
    """The test database, also when no selected test asks pytest-django for one: it creates
    test databases only for tests that use ``db``, ``transactional_db``, ``live_server`` or the
    ``django_db`` mark, and read-only browser tests use none of them. Run alone, they would
    otherwise serve (and fill with the reference data) the database ``DATABASE_URL`` names."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    if connection.settings_dict["NAME"] == connection.creation._get_test_db_name():
        yield
        return
    with django_db_blocker.unblock():
        created = setup_databases(verbosity=0, interactive=False, aliases={connection.alias})
    yield
    with django_db_blocker.unblock():
        teardown_databases(created, verbosity=0)


@pytest.fixture(scope="session")
def _shared_server(_test_database, django_db_blocker):
    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server
    server._live_server_modified_settings.disable()
    server.stop()


@pytest.fixture
def site(_shared_server, django_db_blocker, settings):
    """The shared live server's base URL, for tests that only read.

    No test transaction: the server thread reads the committed reference data, with database
    access open for it during the test (a test that changes data uses ``live_site``)."""
    _plain_static_names(settings)
    with django_db_blocker.unblock():
        _load_reference_if_emptied()  # a live_site test on this worker may have emptied it
        yield _shared_server.url


@pytest.fixture
def reference_data(transactional_db):
    _load_reference_if_emptied()


@pytest.fixture
def live_site(live_server, reference_data, settings):
    """pytest-django's live server on a transactional database, for tests that change data."""
    _plain_static_names(settings)
    return live_server.url


def pytest_collection_modifyitems(items):
    """Tests on ``live_site`` empty the database when they end: run them last, so the read-only
    tests never wait for the reference data to be loaded again."""
    items.sort(key=lambda item: "live_site" in getattr(item, "fixturenames", ()))
