"""The read-replica router: published content from the replica, everything staff act on from the primary."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connections

from cadres.models import Authority, Position
from config.db_router import ReplicaRouter
from core.models import DataState
from reference.models import ImportRecord, PendingImport, SearchEntry
from regulations.models import Document, KeyPoint

from .test_settings import PRODUCTION, run_settings

router = ReplicaRouter()


@pytest.mark.parametrize("model", [Document, KeyPoint, SearchEntry, Position, Authority])
def test_published_content_is_read_from_the_replica(model):
    assert router.db_for_read(model) == "replica"


@pytest.mark.parametrize("model", [DataState, ImportRecord, PendingImport])
def test_the_data_version_and_what_staff_act_on_are_read_from_the_primary(model):
    assert router.db_for_read(model) == "default"


@pytest.mark.parametrize("model", [User, Session, AccessAttempt])
def test_accounts_sessions_and_login_records_are_read_from_the_primary(model):
    assert router.db_for_read(model) == "default"


def test_content_read_inside_a_transaction_on_the_primary_stays_on_the_primary(monkeypatch):
    # An import reads what it is about to change and must see its own writes.
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    assert router.db_for_read(Document) == "default"


@pytest.mark.parametrize("model", [Document, Position, DataState, User])
def test_every_write_goes_to_the_primary(model):
    assert router.db_for_write(model) == "default"


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "regulations") is True
    assert router.allow_migrate("replica", "regulations") is False
    assert router.allow_migrate("replica", "auth") is False


def test_settings_install_the_router_only_when_a_replica_is_configured():
    script = "import config.settings as s; print(sorted(s.DATABASES), getattr(s, 'DATABASE_ROUTERS', []))"

    without = run_settings({**PRODUCTION}, script=script)
    assert without.returncode == 0, without.stderr
    assert without.stdout.strip() == "['default'] []"

    with_replica = run_settings(
        {**PRODUCTION, "DATABASE_REPLICA_URL": "postgres://reader@127.0.0.1:5432/cadreref"}, script=script
    )
    assert with_replica.returncode == 0, with_replica.stderr
    assert with_replica.stdout.strip() == "['default', 'replica'] ['config.db_router.ReplicaRouter']"
