"""The layout docs/architecture.md describes: who may import whom, and nothing passed untyped."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "resync"

# Bottom to top: a package may import only packages before it (docs/architecture.md).
LAYERS = [
    ("settings", "errors", "observability", "server", "events", "db", "params", "wiring"),
    ("web",),
    ("classifier",),
    ("evaluation",),
    ("tws",),
    ("agents",),
    ("contract",),
    ("audit",),
    ("auth",),
    ("plan",),
    ("knowledge",),
    ("approvals",),
    ("monitoring",),
    ("answers",),
    ("routing",),
    ("chat",),
    ("notifications",),
    ("admin",),
    ("scenarios",),
    ("configuration",),
    ("review",),
]
GROUND = set(LAYERS[0])
ROOT = {"services", "app", "cli", "__main__"}  # the composition root: builds everything
LLM_RUNTIME = {"agent_loop", "errors", "llm", "manager", "skills", "tools", "untrusted"}


def _package(path: Path) -> str:
    relative = path.relative_to(SOURCE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _imports() -> dict[str, dict[str, set[str]]]:
    """package → imported package → the modules that import it (TYPE_CHECKING ones too)."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in SOURCE.rglob("*.py"):
        package = _package(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "resync" and len(parts) > 1 and parts[1] != package:
                    found[package][parts[1]].add(str(path.relative_to(SOURCE)))
    return found


def _level(package: str) -> int:
    for index, layer in enumerate(LAYERS):
        if package in layer:
            return index
    raise AssertionError(f"{package}: not placed in LAYERS (and docs/architecture.md)")


def test_every_package_is_placed() -> None:
    packages = {_package(path) for path in SOURCE.rglob("*.py")} - ROOT - {"__init__"}
    for package in packages:
        _level(package)


def test_no_package_imports_one_above_it_or_the_root() -> None:
    wrong = []
    for package, imported in _imports().items():
        if package in ROOT:
            continue
        for target, modules in imported.items():
            upward = target in ROOT or (
                _level(target) >= _level(package) and not {package, target} <= GROUND
            )
            if upward:
                wrong.append(f"{package} → {target} ({', '.join(sorted(modules))})")
    assert not wrong, "imports against the layers:\n" + "\n".join(sorted(wrong))


def test_agents_hold_only_the_llm_runtime() -> None:
    modules = {p.stem for p in (SOURCE / "agents").glob("*.py")} - {"__init__"}
    assert modules == LLM_RUNTIME
    assert set(_imports()["agents"]) <= {"classifier", "errors", "settings"}


def test_no_container_is_passed_below_the_root() -> None:
    """No parameter, attribute or field named ``services`` outside the composition root."""
    found = []
    for path in SOURCE.rglob("*.py"):
        if _package(path) in ROOT:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.arg):
                names = [node.arg]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names = [node.attr]
            if "services" in names:
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert not found, "a services container below the root: " + ", ".join(found)
