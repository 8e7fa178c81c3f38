"""The house rules of docs/ARCHITECTURE.md, read from the code's own imports.

Stages stand side by side on a ground floor: each imports only the ground floor and its own
package, never a sibling stage; nothing imports in a circle (between files or between top-level
parts); no module passes 800 lines. Imports inside functions count too: a lazy import is
still a dependency.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "newsweave"

#: Modules every stage may import: records, settings, errors and small shared helpers.
GROUND = {"models", "config", "errors", "text", "time", "urls", "names", "embeddings", "outlets"}
#: The stages: each imports GROUND and itself only.
STAGES = {"ingest", "clean", "extract", "dedup", "cluster", "compare", "store"}
#: On top: wiring, output, commands and services; they may import anything below them.
TOP = {"", "pipeline", "report", "watch", "cli", "web", "distributed", "evaluation"}

MAX_LINES = 800


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Modules of newsweave imported anywhere in ``path`` (resolved to module names)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "newsweave")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "newsweave":
                continue
            # "from newsweave.x import y" may name a submodule y
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if _exists(sub) else target)
    return found


def _exists(module: str) -> bool:
    rel = Path(*module.split(".")[1:])
    return (SRC / rel).with_suffix(".py").is_file() or (SRC / rel / "__init__.py").is_file()


def _part(module: str) -> str:
    """The top-level part of a module: ``newsweave.cluster.features`` -> ``cluster``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        mod = _module_name(path)
        graph[mod] = {m for m in _imports(path) if m != mod}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_every_module_is_placed_on_a_floor() -> None:
    parts = {_part(m) for m in _graph()}
    unplaced = parts - GROUND - STAGES - TOP
    assert not unplaced, f"add {sorted(unplaced)} to a floor here and in docs/ARCHITECTURE.md"


def test_no_import_cycle_between_files() -> None:
    assert _cycles(_graph()) == []


def test_no_import_cycle_between_top_level_parts() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for mod, targets in _graph().items():
        for t in targets:
            if _part(t) != _part(mod) and _part(t) != "":
                graph[_part(mod)].add(_part(t))
        graph.setdefault(_part(mod), set())
    assert _cycles(dict(graph)) == []


@pytest.mark.parametrize("floor", ["ground", "stage"])
def test_floors_import_only_what_is_below(floor: str) -> None:
    wrong = []
    for mod, targets in _graph().items():
        part = _part(mod)
        if floor == "ground" and part in GROUND:
            allowed = GROUND
        elif floor == "stage" and part in STAGES:
            allowed = GROUND | {part}
        else:
            continue
        wrong += [f"{mod} -> {t}" for t in sorted(targets) if _part(t) not in allowed]
    assert wrong == [], "a stage imports only the ground floor and itself"


def test_no_module_over_800_lines() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, "split these along their seams"


def test_the_rules_see_a_sibling_import(tmp_path: Path) -> None:
    """The checker itself: a planted stage-to-stage import and a cycle are found."""
    graph = {
        "newsweave.dedup": {"newsweave.cluster.features"},
        "newsweave.cluster.features": {"newsweave.dedup"},
    }
    assert _cycles(graph) == [["newsweave.cluster.features", "newsweave.dedup"]]
    assert _part("newsweave.cluster.features") == "cluster" in STAGES
