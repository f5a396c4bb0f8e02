"""Warming a web process before it serves (reference.warm), as gunicorn's master does before
it forks its workers (gunicorn.conf.py, ``when_ready``)."""

import gc
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reference import warm
from reference.selectors import rules as rules_module
from reference.selectors.rules import forget
from tests import factories

ROOT = Path(__file__).resolve().parents[2]

# Closing the connection ends any transaction it holds: these tests run outside one.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_warmed_process_serves_its_first_page_without_building_anything(client, monkeypatch):
    point = factories.KeyPointFactory(text_en="A cadre under review.", text_vi="Cán bộ được xem xét.")
    factories.TermFactory()
    forget()

    warmed = warm.process_warm()

    assert warmed.templates == len(list((ROOT / "templates").rglob("*.html")))
    # A forked worker opens its own (Django keeps SQLite's in-memory test database open).
    assert connection.connection is None or connection.is_in_memory_db()

    def read_again():
        raise AssertionError("the rules were read again by the first page")

    monkeypatch.setattr(rules_module, "_read", read_again)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(point.document.get_absolute_url())
    assert response.status_code == 200
    assert "A cadre under review." in response.content.decode()
    # Neither the kept sources, the glossary's terms nor the topics and events are asked for.
    read = " ".join(query["sql"] for query in captured.captured_queries)
    assert "regulations_term" not in read
    assert 'regulations_topic"' not in read


def _hook():
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))["when_ready"]


def _server(*, preload: bool):
    return SimpleNamespace(cfg=SimpleNamespace(preload_app=preload), log=logging.getLogger("gunicorn.test"))


@pytest.fixture
def steps(monkeypatch):
    """What the master did, in order; the collector's freeze is recorded, not done (it would
    freeze the test process)."""
    done = []
    monkeypatch.setattr(gc, "collect", lambda *args: done.append("collect") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: done.append("freeze"))
    return done


def test_gunicorns_master_warms_the_preloaded_app_and_says_so(monkeypatch, caplog, steps):
    monkeypatch.setattr(warm, "process_warm", lambda: steps.append("warm") or warm.Warmed(templates=3, seconds=0.1))
    with caplog.at_level(logging.INFO, logger="gunicorn.test"):
        _hook()(_server(preload=True))
    assert "warm-up: 3 templates" in caplog.text
    # What the master holds, warmed values included, is frozen before the workers fork, so that
    # their collector never walks it (nor copies its pages).
    assert steps == ["warm", "collect", "freeze"]


def test_a_failed_warm_up_is_logged_and_the_workers_start_anyway(monkeypatch, caplog, steps):
    def fails():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(warm, "process_warm", fails)
    with caplog.at_level(logging.INFO, logger="gunicorn.test"):
        _hook()(_server(preload=True))  # does not raise
    assert "warm-up failed" in caplog.text
    # The preloaded app is frozen all the same.
    assert steps == ["collect", "freeze"]


def test_without_a_preloaded_app_the_master_warms_nothing(monkeypatch, steps):
    monkeypatch.setattr(warm, "process_warm", lambda: pytest.fail("warmed without preload_app"))
    _hook()(_server(preload=False))
    assert steps == []
