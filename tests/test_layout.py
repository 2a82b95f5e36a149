"""The layout that shows the flow: packages by concern, imports only downwards, no cycles, one tasks module."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKER = ROOT / "worker"
SHARED = {"worker", "worker.settings", "worker.errors", "worker.logs", "worker.documents"}
# What each package may import besides the shared modules, `schemas` and itself (DESIGN.md).
ALLOWED = {
    "worker.commands": {"worker.bench", "worker.queue", "worker.pipeline", "worker.stages", "worker.store"},
    "worker.bench": {"worker.queue", "worker.pipeline", "worker.stages", "worker.store"},
    "worker.queue": {"worker.pipeline", "worker.stages", "worker.store"},
    "worker.pipeline": {"worker.stages"},
    "worker.stages": set(),
    "worker.store": set(),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    found = {module_name(p): p for p in WORKER.rglob("*.py")}
    found.update({module_name(p): p for p in (ROOT / "schemas").rglob("*.py")})
    return found


def imports(path: Path, known: set[str]) -> set[str]:
    """Project modules imported by `path`, anywhere in it (lazy imports count too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
    return {name for name in found if name in known}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, set(known)) - {name} for name, path in known.items()}


def package_of(name: str) -> str:
    for package in ALLOWED:
        if name == package or name.startswith(package + "."):
            return package
    return name


def test_no_import_cycles() -> None:
    edges = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    assert cycles == []


def test_imports_only_go_down_the_flow() -> None:
    wrong = []
    for name, targets in graph().items():
        source = package_of(name)
        if source not in ALLOWED:
            continue
        for target in targets:
            allowed = ALLOWED[source] | {source} | SHARED
            if target.startswith("schemas") or package_of(target) in allowed or target in SHARED:
                continue
            wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_shared_modules_import_nothing_above_them() -> None:
    edges = graph()
    for name in SHARED - {"worker"}:
        assert {t for t in edges[name] if not t.startswith("schemas")} <= SHARED, name


def test_few_loose_modules_and_one_tasks_module() -> None:
    loose = sorted(p.name for p in WORKER.glob("*.py") if not p.name.startswith("__"))
    assert len(loose) <= 6, loose
    defining = sorted(module_name(p) for p in WORKER.rglob("*.py")
                      if "@app.task(" in p.read_text(encoding="utf-8"))
    assert defining == ["worker.queue.tasks"]
