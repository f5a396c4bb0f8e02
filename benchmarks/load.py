"""Drive a server with wrk and benchmarks/lua/paths.lua, and read back what the script wrote.

Usage: imported by benchmarks.run and benchmarks.soak; not a command of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from benchmarks.servers import ForeignCpu

SCRIPT = Path(__file__).resolve().parent / "lua" / "paths.lua"
# What every request carries, as a browser's does: the app sends its kept pages gzipped as they
# are kept, and whitenoise a static file's compressed copy. Datasette is asked the same.
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br"}


@dataclass(frozen=True)
class LoadSettings:
    seconds: int
    connections: int
    threads: int = 2
    timeout_seconds: int = 10

    def as_dict(self) -> dict[str, int]:
        return {
            "seconds": self.seconds,
            "connections": self.connections,
            "threads": self.threads,
            "timeout_seconds": self.timeout_seconds,
        }


def wrk_path() -> str:
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    return found


def run_wrk(
    *,
    port: int,
    paths: list[str],
    mode: str,
    settings: LoadSettings,
    work_dir: Path,
    name: str,
    headers: dict[str, str] | None = None,
) -> dict:
    """Run wrk against 127.0.0.1:``port`` and return the script's counts, wrk's own summary
    line for errors, and the CPU that other processes took meanwhile."""
    work_dir.mkdir(parents=True, exist_ok=True)
    paths_file = work_dir / f"{name}.paths"
    result_file = work_dir / f"{name}.json"
    paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
    result_file.unlink(missing_ok=True)
    command = [
        wrk_path(),
        f"-t{settings.threads}",
        f"-c{settings.connections}",
        f"-d{settings.seconds}s",
        f"--timeout={settings.timeout_seconds}s",
        "-s",
        str(SCRIPT),
    ]
    headers = {**BROWSER_HEADERS, **(headers or {})}
    for header, value in headers.items():
        command += ["-H", f"{header}: {value}"]
    command += [f"http://127.0.0.1:{port}", "--", str(paths_file), mode]
    foreign = ForeignCpu()
    foreign.start()
    completed = subprocess.run(
        command,
        env=dict(os.environ, RESULT_FILE=str(result_file)),
        capture_output=True,
        text=True,
        check=False,
        timeout=settings.seconds + settings.timeout_seconds + 60,
    )
    other_load = foreign.stop()
    if completed.returncode != 0 or not result_file.exists():
        raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr or completed.stdout}")
    result = json.loads(result_file.read_text())
    result["other_processes"] = other_load
    result["mode"] = mode
    result["path"] = paths[0] if mode == "same" else f"{len(paths)} paths"
    result["headers"] = headers
    return result
