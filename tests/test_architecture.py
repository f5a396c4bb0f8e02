"""The shape of the code: the benchmarks measure the app through its public interfaces only.

(The direction of imports between the layers is checked by import-linter in ``make lint``:
contracts in pyproject.toml.)"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OUR_PACKAGES = ("core", "regulations", "cadres", "reference")


def _ours(module: str | None) -> bool:
    return bool(module) and module.split(".")[0] in OUR_PACKAGES


@pytest.mark.parametrize("path", sorted((ROOT / "benchmarks").glob("*.py")), ids=lambda path: path.name)
def test_benchmarks_use_only_public_names_of_the_app(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    ours = set()
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and _ours(node.module):
            if "migrations" in node.module.split(".") or any(part.startswith("_") for part in node.module.split(".")):
                problems.append(f"imports from {node.module}")
            for alias in node.names:
                if alias.name.startswith("_"):
                    problems.append(f"imports {node.module}.{alias.name}")
                ours.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _ours(alias.name):
                    ours.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "import_module":
            problems.append("imports a module by name")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in ours
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and node.attr != "_meta"
        ):
            problems.append(f"uses {node.value.id}.{node.attr}")
    assert problems == []
