"""Dependencies run one way: blueprints -> services -> models; jobs -> services (STYLE.md, 11).

A small AST check, no tool to install: every ``import`` in ``app/`` (at the top of a module or
hidden inside a function) is an edge between two modules. The check fails on an import that
points up a layer, and on an import cycle. Today's known violations are listed below, each
with the issue that removes it (none remain); a new violation fails, and so does an entry
that no longer occurs, so the list only ever shrinks.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"

# Each module's layer: the first prefix that matches decides.
LAYER_OF_PREFIX = [
    ("app.privacy.views", "blueprints"),  # the privacy page; the rest of app.privacy is services
    ("app.cli", "entry points"),  # command line: wires everything together, like create_app
    ("app.devtools", "entry points"),  # the one-command demo and the local stand-ins
    ("app.jobs.worker", "entry points"),  # the worker processes around the jobs
    ("app.jobs.embedded", "entry points"),
    # The operator's instruments (metrics, access logs) observe every layer, the periodic
    # jobs' run records included, like the worker around them; nothing imports them back.
    ("app.ops", "entry points"),
    ("app.models", "models"),
    ("app.services", "services"),
    ("app.privacy", "services"),  # the privacy map, export, the erasure engine, retention
    ("app.jobs.outbox", "queue"),  # handing recorded tasks to RQ, the sweeper, the status
    ("app.jobs.", "jobs"),  # the job functions; app.jobs itself is the queue (below)
    ("app.jobs", "queue"),  # queue names, JobRef, defer(): how anyone names a job
    ("app.config", "foundation"),
    ("app.clock", "foundation"),
    ("app.extensions", "foundation"),
    ("app.logs", "foundation"),
    ("app.urls", "foundation"),
]
DEFAULT_LAYER = "blueprints"  # app.auth, app.comments, app.api, app.web, app.errors, ...

# Which layers each layer may import (its own included).
MAY_IMPORT = {
    "foundation": {"foundation"},
    "models": {"foundation", "models"},
    "queue": {"foundation", "models", "queue"},
    "services": {"foundation", "models", "queue", "services"},
    "jobs": {"foundation", "models", "queue", "services", "jobs"},
    "blueprints": {"foundation", "models", "queue", "services", "blueprints"},
    "entry points": {
        "foundation", "models", "queue", "services", "jobs", "blueprints", "entry points", "app",
    },
    "app": set(),  # create_app() is the composition root: never checked as an importer
}

# Known violations and cycles: none. Issue 10 removed the last ones (services named job
# modules and imported app.auth). Do not add to these lists: fix the import instead.
KNOWN_VIOLATIONS: set[tuple[str, str]] = set()
KNOWN_CYCLES: list[set[str]] = []


@dataclass(frozen=True)
class Edge:
    importer: str
    imported: str
    line: int
    in_function: bool

    def __str__(self) -> str:
        where = "inside a function" if self.in_function else "at the top"
        return f"{self.importer} -> {self.imported} (line {self.line}, {where})"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in APP.rglob("*.py")}


def layer(module: str) -> str:
    if module == "app":
        return "app"
    for prefix, name in LAYER_OF_PREFIX:
        if module == prefix or module.startswith(prefix if prefix.endswith(".") else prefix + "."):
            return name
    return DEFAULT_LAYER


def known_module(dotted: str) -> str | None:
    """The module ``dotted`` names, or the module holding the name it imports."""
    parts = dotted.split(".")
    while parts:
        if ".".join(parts) in MODULES:
            return ".".join(parts)
        parts.pop()
    return None


def edges_of(module: str, path: Path) -> list[Edge]:
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    in_functions = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
    }
    edges = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            target = known_module(name)
            if target is not None and target != module:
                edges.append(Edge(module, target, node.lineno, id(node) in in_functions))
    return edges


def all_edges() -> list[Edge]:
    return [edge for module, path in MODULES.items() for edge in edges_of(module, path)]


def upward(edges: list[Edge]) -> list[Edge]:
    return [
        e
        for e in edges
        if layer(e.importer) != "app" and layer(e.imported) not in MAY_IMPORT[layer(e.importer)]
    ]


def cycles(edges: list[Edge]) -> list[set[str]]:
    """Every group of modules that import each other, directly or round about (Tarjan)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        if "app" not in (e.importer, e.imported):  # create_app() wires; it is no dependency
            graph[e.importer].add(e.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_check_sees_the_imports_it_is_about():
    edges = all_edges()

    assert len(MODULES) > 50
    assert any(e.importer == "app.services.comments" and e.imported == "app.models.comment"
               for e in edges) or any(e.importer == "app.services.comments"
                                      and e.imported == "app.models" for e in edges)
    assert any(e.in_function for e in edges)  # imports hidden in functions count too
    assert layer("app.comments.views") == "blueprints"
    assert layer("app.privacy.views") == "blueprints"
    assert layer("app.privacy.map") == "services"
    assert layer("app.jobs") == "queue"
    assert layer("app.jobs.erasure") == "jobs"


def test_a_module_imports_only_its_own_layer_and_the_layers_below():
    new = [str(e) for e in upward(all_edges()) if (e.importer, e.imported) not in KNOWN_VIOLATIONS]

    assert new == [], (
        "blueprints -> services -> models; jobs -> services. A service names a job by "
        "reference, never by importing its module (STYLE.md, rule 11)"
    )


def test_no_new_import_cycle():
    new = [sorted(group) for group in cycles(all_edges()) if group not in KNOWN_CYCLES]

    assert new == [], "modules that import each other (perhaps inside a function)"


def test_no_import_hides_inside_a_function_below_the_entry_points():
    """Models, the queue, services and jobs import at the top: an import hidden in a function
    is how a cycle or an upward import used to dodge Python's import order (STYLE.md, 11).
    Entry points and create_app() may import lazily: they wire, nothing imports them."""
    below = {"foundation", "models", "queue", "services", "jobs"}
    hidden = [str(e) for e in all_edges() if e.in_function and layer(e.importer) in below]

    assert hidden == []


def test_the_list_of_known_violations_only_shrinks():
    edges = all_edges()
    still_there = {(e.importer, e.imported) for e in upward(edges)}
    still_cyclic = cycles(edges)

    gone = sorted(KNOWN_VIOLATIONS - still_there)
    healed = [sorted(group) for group in KNOWN_CYCLES if group not in still_cyclic]

    assert gone == [], "fixed: delete these from KNOWN_VIOLATIONS"
    assert healed == [], "fixed: delete these from KNOWN_CYCLES"


def test_the_check_catches_an_upward_import_and_a_cycle():
    service_imports_view = Edge("app.services.comments", "app.comments.views", 1, True)
    model_imports_service = Edge("app.models.user", "app.services.age", 1, False)
    service_imports_model = Edge("app.services.age", "app.models.user", 1, False)

    assert upward([service_imports_view]) == [service_imports_view]
    assert upward([service_imports_model]) == []
    assert cycles([model_imports_service, service_imports_model]) == [
        {"app.models.user", "app.services.age"}
    ]
