"""The production guard: settings refuse to start without their secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x" * 60 + "-a-long-random-production-secret-with-variety-0123456789",
    "ALLOWED_HOSTS": "cadreref.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/cadreref",
    "SITE_URL": "https://cadreref.example.org",
}


def run_settings(
    env: dict, script: str = "import django; django.setup(); print('started')"
) -> subprocess.CompletedProcess:
    ignored = {*PRODUCTION, "DEBUG", "DATABASE_REPLICA_URL"}
    clean = {key: value for key, value in os.environ.items() if key not in ignored}
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_start_when_every_required_variable_is_set():
    result = run_settings(PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


# The settings module stops at import: no need to set Django up to see it.
IMPORT_SETTINGS = "import config.settings"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SITE_URL"])
def test_production_stops_with_one_line_naming_a_missing_variable(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = run_settings(env, script=IMPORT_SETTINGS)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert missing in lines[0]


@pytest.mark.parametrize(
    "site_url",
    [
        "cadreref.example.org",
        "https://cadreref.example.org/en/",
        "https://elsewhere.example.org",
        "ftp://cadreref.example.org",
    ],
)
def test_a_site_url_that_is_not_an_allowed_origin_stops_start_up(site_url):
    result = run_settings({**PRODUCTION, "SITE_URL": site_url}, script=IMPORT_SETTINGS)
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


def test_the_site_url_keeps_its_port_and_loses_a_trailing_slash():
    result = run_settings(
        {**PRODUCTION, "SITE_URL": "https://cadreref.example.org:8443/"},
        script="import config.settings as s; print(s.SITE_URL)",
    )
    assert result.stdout.strip() == "https://cadreref.example.org:8443"


def test_an_unknown_environment_name_is_refused():
    result = run_settings({"DJANGO_ENV": "staging"}, script=IMPORT_SETTINGS)
    assert result.returncode != 0
    assert "DJANGO_ENV" in result.stderr


def test_development_mode_needs_no_configuration():
    result = run_settings({"DJANGO_ENV": "development"}, script=IMPORT_SETTINGS)
    assert result.returncode == 0, result.stderr


def test_debug_is_off_unless_asked_for(settings):
    assert settings.DEBUG is False


def test_check_deploy_reports_nothing_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
