"""A real database outage: gunicorn keeps running while the local PostgreSQL cluster is stopped
and started again.

This stops the machine's PostgreSQL cluster, so it is excluded from the normal run (marker
``faults``) and run on its own by ``.ci/run``: ``pytest -m faults tests/faults``.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[2]
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
DATABASE = "cadreref_faults"


def cluster(action: str) -> None:
    version = next(iter(os.listdir("/etc/postgresql")))
    subprocess.run(
        [
            "pg_ctlcluster",
            "--skip-systemctl-redirect",
            version,
            "main",
            action,
            *(["-m", "fast"] if action == "stop" else []),
        ],
        check=True,
    )


def database_answers() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", PG["host"], "-p", PG["port"]], check=False).returncode == 0


def ensure_cluster_running() -> None:
    """Start the cluster unless it already runs (pg_ctlcluster exits 2 for "already running")."""
    if not database_answers():
        cluster("start")
    wait_for(database_answers, 60, "the PostgreSQL cluster did not come back")


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", PG["host"], "-U", PG["user"], "-d", "postgres", "-qc", sql], check=True)


def get(port: int, path: str) -> tuple[int, dict, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": "127.0.0.1"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def wait_for(predicate, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(message)


@pytest.fixture
def server():
    if not shutil.which("pg_ctlcluster"):
        pytest.skip("needs a local PostgreSQL cluster managed by pg_ctlcluster")
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(f"CREATE DATABASE {DATABASE}")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "SECURE_SSL_REDIRECT": "0",
        "MIGRATE_ON_START": "1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",  # one worker, so "the page is cached" is deterministic
        "DB_CONN_MAX_AGE": "60",
        "DATA_STATE_TTL": "1",
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
    }
    env.pop("DEBUG", None)
    subprocess.run(["python", "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(["python", "manage.py", "load_reference", "-v0"], cwd=ROOT, env=env, check=True)
    process = subprocess.Popen(["bash", "docker/entrypoint.sh"], cwd=ROOT, env=env, start_new_session=True)
    try:
        wait_for(lambda: get(port, "/healthz")[0] == 200, 60, "gunicorn did not start")
        yield port, process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        ensure_cluster_running()
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")


def test_an_outage_gives_503_keeps_cached_pages_and_recovers_by_itself(server):
    port, process = server
    assert get(port, "/en/standards/")[0] == 200
    assert get(port, "/en/standards/")[1].get("X-Cache") == "hit"

    cluster("stop")
    try:
        time.sleep(2)  # past DATA_STATE_TTL: the data version can no longer be read fresh
        status, headers, body = get(port, "/readyz")
        assert status == 503
        assert '"unreachable"' in body

        status, headers, body = get(port, "/en/documents/366-qd-tw/")
        assert status == 503
        assert "Temporarily unavailable" in body
        assert headers.get("Retry-After") == "30"

        status, headers, body = get(port, "/en/standards/")
        assert status == 200  # a page already cached keeps being served
        assert headers.get("X-Cache") == "hit"

        assert get(port, "/healthz")[0] == 200
        assert process.poll() is None  # the process stayed up
    finally:
        ensure_cluster_running()

    wait_for(lambda: get(port, "/readyz")[0] == 200, 60, "/readyz did not recover")
    wait_for(lambda: get(port, "/en/documents/366-qd-tw/")[0] == 200, 30, "pages did not recover")
