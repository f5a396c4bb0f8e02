"""benchmarks.run: the 10x target compares a run with a saved run at the other scale on the same machine only."""

import json

from benchmarks import run

MACHINE = {key: f"{key} here" for key in run.SAME_MACHINE}


def _run(scale: int, p95: float, **machine) -> dict:
    return {
        "scale": scale,
        "machine": MACHINE | machine,
        "http": {"ours": {f"{page}:cold": {"latency_ms": {"p95": p95}} for page, _label in run.PAGES}},
    }


def _save(directory, name: str, data: dict) -> None:
    (directory / name).write_text(json.dumps(data), encoding="utf-8")


def test_a_run_is_compared_with_the_newest_run_at_the_other_scale_on_its_machine(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "RESULTS_DIR", tmp_path)
    _save(tmp_path, "20260101T000000Z.json", _run(1, 20))
    _save(tmp_path, "20260102T000000Z.json", _run(1, 10, kernel="another machine's kernel"))
    _save(tmp_path, "20260103T000000Z.json", _run(10, 5))  # the same scale: never compared

    compared = run.compare_scales(_run(10, 30))

    assert compared["compared_with"] == "20260101T000000Z.json"
    assert compared["scales"] == [1, 10]
    assert set(compared["cold_p95_ratio"].values()) == {1.5}


def test_without_a_run_at_the_other_scale_on_this_machine_nothing_is_compared(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "RESULTS_DIR", tmp_path)
    _save(tmp_path, "20260102T000000Z.json", _run(1, 10, cpu_model="another processor"))

    assert run.compare_scales(_run(10, 30)) is None
