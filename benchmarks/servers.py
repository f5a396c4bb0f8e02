"""The processes a benchmark runs and what it reads about the machine: gunicorn (through
docker/entrypoint.sh, production settings), Datasette, free ports, readiness, worker memory,
CPU taken by other processes, and the machine's description.

Usage: imported by benchmarks.run and benchmarks.soak; not a command of its own.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A free loopback port: the first free one of ``BENCH_PORTS`` ("8850-8859") when set, so
    that runs sharing a machine keep to their own ports; any free one otherwise."""
    low, _, high = os.environ.get("BENCH_PORTS", "").partition("-")
    for port in range(int(low), int(high or low) + 1) if low else ():
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            if port not in _given:
                _given.add(port)
                return port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Ports handed out but perhaps not yet listened on: two servers started together must differ.
_given: set[int] = set()


def http_get(
    port: int, path: str, headers: dict[str, str] | None = None, *, method: str = "GET", timeout: float = 30
) -> tuple[int, dict[str, str], bytes]:
    """One GET (or ``method``) on 127.0.0.1 without following redirects: status, headers, body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def wait_until_ready(port: int, path: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}; its log:\n{log.read_text()[-4000:]}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if http_get(port, path)[0] < 500:
                return
        time.sleep(0.5)
    raise RuntimeError(f"the server did not answer {path} within {timeout} s; its log:\n{log.read_text()[-4000:]}")


# Cold runs need every request to miss the page cache. The cache ignores query parameters a
# page does not read (so a made-up one no longer makes a miss); a server whose pages expire at
# once does it instead.
COLD_ENV = {"PAGE_CACHE_SECONDS": "0"}


def start(command: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start ``command`` in its own session (so that ``stop`` ends it and its children)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def gunicorn_env(
    *, database_url: str, port: int, redis_url: str = "", extra_env: dict[str, str] | None = None
) -> dict[str, str]:
    """The production environment of the image, on loopback, with a random key; the number of
    workers is left to gunicorn.conf.py (2 x cores + 1)."""
    env = {k: v for k, v in os.environ.items() if k not in {"WEB_CONCURRENCY", "REDIS_URL", "DEBUG", "PORT"}}
    env.update(
        PATH=f"{VENV_BIN}:{env.get('PATH', '')}",
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="0",
        GUNICORN_BIND=f"127.0.0.1:{port}",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra_env or {})
    return env


def start_gunicorn(
    *,
    database_url: str,
    port: int,
    log: Path,
    redis_url: str = "",
    extra_args: list[str] | None = None,
    extra_env: dict[str, str] | None = None,
) -> subprocess.Popen:
    """gunicorn as the image starts it; ``extra_args`` go to gunicorn and override
    gunicorn.conf.py (for experiments such as ``--max-requests 0``), ``extra_env`` adds to its
    environment (``COLD_ENV``: no page cache)."""
    env = gunicorn_env(database_url=database_url, port=port, redis_url=redis_url, extra_env=extra_env)
    process = start(["bash", "docker/entrypoint.sh", *(extra_args or [])], env=env, log=log)
    wait_until_ready(port, "/readyz", process, log)
    return process


def start_datasette(*, database: Path, port: int, log: Path) -> subprocess.Popen:
    env = dict(os.environ, PATH=f"{VENV_BIN}:{os.environ.get('PATH', '')}")
    command = [str(VENV_BIN / "datasette"), "serve", "-i", str(database), "-h", "127.0.0.1", "-p", str(port)]
    process = start(command, env=env, log=log)
    wait_until_ready(port, "/", process, log)
    return process


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name may hold spaces; the fields after it are space-separated.
    return raw[raw.rindex(")") + 2 :].split()


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and int(fields[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields:
                parents[int(entry.name)] = int(fields[1])
    found = {pid}
    changed = True
    while changed:
        changed = False
        for child, parent in parents.items():
            if parent in found and child not in found:
                found.add(child)
                changed = True
    return found


def rss_mib(pid: int) -> float | None:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def gunicorn_workers(master_pid: int) -> dict[int, float | None]:
    """Resident memory (MiB) of each worker process of the gunicorn master."""
    return {pid: rss_mib(pid) for pid in children(master_pid)}


class ForeignCpu:
    """CPU seconds used, between ``start()`` and ``stop()``, by processes that are neither this
    benchmark (and what it started) nor PostgreSQL: other people's work on a shared machine."""

    def _snapshot(self) -> dict[int, float]:
        ours = descendants(os.getpid())
        usage = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) in ours:
                continue
            fields = _stat(int(entry.name))
            if not fields:
                continue
            with contextlib.suppress(OSError):
                if Path(f"/proc/{entry.name}/comm").read_text().strip().startswith("postgres"):
                    continue
            usage[int(entry.name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        return usage

    def start(self) -> None:
        self.before = self._snapshot()
        self.started = time.monotonic()

    def stop(self) -> dict[str, float]:
        after = self._snapshot()
        used = sum(max(0.0, seconds - self.before.get(pid, 0.0)) for pid, seconds in after.items())
        elapsed = time.monotonic() - self.started
        return {"cpu_seconds": round(used, 2), "share_of_machine": round(used / (elapsed * _cores()), 3)}


def _cores() -> int:
    return os.process_cpu_count() or 1


def _first_match(path: str, pattern: str) -> str:
    with contextlib.suppress(OSError):
        match = re.search(pattern, Path(path).read_text(), re.MULTILINE)
        if match:
            return match.group(1).strip()
    return "unknown"


def _version(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return "unknown"
    return (result.stdout or result.stderr).strip().splitlines()[0] if (result.stdout or result.stderr) else "unknown"


def machine_description(*, postgres_version: str) -> dict[str, str | int | float]:
    import django
    import gunicorn

    memory_kib = int(_first_match("/proc/meminfo", r"^MemTotal:\s+(\d+)") or 0)
    return {
        "cpu_model": _first_match("/proc/cpuinfo", r"^model name\s*:\s*(.+)$"),
        "cores": _cores(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "os": _first_match("/etc/os-release", r'^PRETTY_NAME="?([^"\n]+)"?'),
        "python": platform.python_version(),
        "postgresql": postgres_version,
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "datasette": _version([str(VENV_BIN / "datasette"), "--version"]),
        "wrk": _version(["wrk", "-v"]),
    }
