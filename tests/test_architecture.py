"""The direction of dependencies, read from the source with `ast` (function-local imports included).

Features tell each other what happened with domain events (app/signals.py); listeners live above the
features they listen to. See README "Layout" for the event flow.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from app import signals

APP = Path(__file__).resolve().parent.parent / "app"
FEATURES = sorted(p.name for p in APP.iterdir() if (p / "__init__.py").exists() and p.name != "translations")
# Packages that may read notifications: the registry of all personal data (export and deletion).
MAY_IMPORT_NOTIFICATIONS = {"notifications", "privacy"}
# Importing any of these must load only these (and no feature package).
CORE = {
    "app",
    "app.config",
    "app.crypto",
    "app.db",
    "app.logs",
    "app.metrics",
    "app.security",
    "app.timeutil",
    "app.vapid",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _imports() -> dict[str, list[tuple[str, int, str]]]:
    """Per module: (imported module, line, imported name or '') for every import in it, at any depth."""
    found: dict[str, list[tuple[str, int, str]]] = {}
    for path in sorted(APP.rglob("*.py")):
        module = _module_name(path)
        rows: list[tuple[str, int, str]] = []
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                rows += [(alias.name, node.lineno, "") for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    rows.append((node.module, node.lineno, alias.name))
        found[module] = rows
    return found


def _package(module: str) -> str | None:
    """The feature package a module (or imported name) belongs to, if any."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "app" and parts[1] in FEATURES else None


def _target(module: str, name: str) -> str:
    """What an import really names: `from app import signals` is app.signals, `from app.x import y` is app.x."""
    candidate = f"{module}.{name}" if name else module
    return candidate if _package(candidate) and not _package(module) else module


def feature_edges() -> dict[tuple[str, str], list[str]]:
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for module, rows in _imports().items():
        source = _package(module)
        for imported, line, name in rows:
            target = _package(_target(imported, name))
            if source and target and target != source:
                edges[(source, target)].append(f"{module}:{line}")
    return edges


def find_cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
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

    for node in sorted({n for edge in edges for n in edge}):
        if node not in index:
            visit(node)
    return cycles


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycles({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")}) == [["a", "b", "c"]]
    assert find_cycles({("a", "b"), ("b", "c")}) == []


def test_no_import_cycle_between_feature_packages():
    edges = feature_edges()
    cycles = find_cycles(set(edges))
    where = {f"{a} -> {b}": spots[:3] for (a, b), spots in edges.items() for c in cycles if a in c and b in c}
    assert cycles == [], where


def test_no_feature_imports_notifications():
    offenders = {
        f"{a} -> notifications": spots
        for (a, b), spots in feature_edges().items()
        if b == "notifications" and a not in MAY_IMPORT_NOTIFICATIONS
    }
    assert offenders == {}


def test_no_module_imports_another_modules_private_name():
    offenders = [
        f"{module}:{line} imports {name} from {imported}"
        for module, rows in _imports().items()
        for imported, line, name in rows
        if imported.startswith("app") and name.startswith("_") and imported != module
    ]
    assert offenders == []


def test_no_module_reaches_into_an_imported_modules_private_name():
    offenders = []
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text())
        aliases = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("app")
            for alias in node.names
        } | {
            (alias.asname or alias.name).split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
            if alias.name.startswith("app")
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                offenders.append(f"{_module_name(path)}:{node.lineno} {node.value.id}.{node.attr}")
    assert offenders == []


def test_config_imports_no_feature():
    features = [f"{imported}.{name}" for imported, _line, name in _imports()["app.config"] if _package(imported)]
    assert features == []


@pytest.mark.parametrize(
    "module", ["app.db", "app.timeutil", "app.crypto", "app.security", "app.config", "app.logs", "app.metrics"]
)
def test_importing_a_core_module_loads_no_feature(module):
    code = f"import sys, {module}; print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] == 'app')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=APP.parent)  # fmt: skip
    loaded = set(result.stdout.split())
    assert module in loaded
    assert loaded - CORE == set()


def test_every_domain_event_documents_its_payload():
    names = [event.name for event in signals.ALL_EVENTS]
    assert len(names) == len(set(names)) >= 13
    for event in signals.ALL_EVENTS:
        assert event.doc.strip() and event.signal.__doc__ == event.doc, event.name
        assert event.payload, f"{event.name} has no documented payload"
        assert all(key.isidentifier() and text.strip() for key, text in event.payload.items()), event.name


def _sends() -> dict[str, list[tuple[str, set[str]]]]:
    """Per event name: (where, payload keys) of every `signals.<name>.send(...)` in app/."""
    sends: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
    for path in sorted(APP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "send"
                and isinstance(node.func.value, ast.Attribute)
                and isinstance(node.func.value.value, ast.Name)
                and node.func.value.value.id == "signals"
            ):
                keys = {kw.arg for kw in node.keywords if kw.arg}
                sends[node.func.value.attr].append((f"{_module_name(path)}:{node.lineno}", keys))
    return sends


def test_every_event_is_sent_with_its_declared_payload():
    sends = _sends()
    for event in signals.ALL_EVENTS:
        assert sends.get(event.name), f"{event.name} is declared but never sent"
        for where, keys in sends[event.name]:
            assert keys == set(event.payload), f"{where} sends {sorted(keys)}, declared {sorted(event.payload)}"
    assert set(sends) <= {event.name for event in signals.ALL_EVENTS}


def test_sending_an_undeclared_payload_is_refused(app):
    with pytest.raises(TypeError, match="placement_changed takes"):
        signals.placement_changed.send(change=None, extra=1)
