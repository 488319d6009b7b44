"""The shape of the code, as README's Architecture section describes it: modules small enough
to read in one sitting, and imports that run one way (the library knows nothing of the
workouts logged with it, and no app reaches into another app's views)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("exercises", "sessions", "hipdips")
MAX_MODULE_LINES = 400
MAX_SCRIPT_LINES = 250
MAX_FUNCTION_LINES = 55  # "about 50"


def app_paths() -> dict[str, Path]:
    paths = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
                paths[name.removesuffix(".__init__")] = path
    return paths


PATHS = app_paths()
MODULES = {name: ast.parse(path.read_text(), filename=str(path)) for name, path in PATHS.items()}


def imported(module: ast.Module) -> set[str]:
    """The app modules a module imports (under TYPE_CHECKING too: a cycle of types is one)."""
    names = set()
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name in MODULES}


def test_no_module_is_too_long_to_read():
    lines = {name: len(path.read_text().splitlines()) for name, path in PATHS.items()}
    assert not {name: n for name, n in lines.items() if n > MAX_MODULE_LINES}


def test_no_script_is_too_long_to_read():
    long = [
        path.name
        for path in (ROOT / "static" / "js").glob("*.js")
        if len(path.read_text().splitlines()) > MAX_SCRIPT_LINES
    ]
    assert not long, f"over {MAX_SCRIPT_LINES} lines: {long}"


def test_no_function_is_too_long_to_read():
    long = [
        f"{name}.{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for name, tree in MODULES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long


def test_the_library_knows_nothing_of_the_workouts():
    reaching = {
        name: sorted(target for target in imported(tree) if target.startswith("sessions"))
        for name, tree in MODULES.items()
        if name.startswith("exercises")
    }
    assert not {name: targets for name, targets in reaching.items() if targets}


def test_no_app_imports_another_apps_views():
    def app(name: str) -> str:
        return name.split(".")[0]

    def is_views(name: str) -> bool:
        return name.rsplit(".", 1)[-1].endswith("views")

    # The project's URL conf wires every app's views together: that is its job.
    wiring = {"hipdips.urls"}
    crossing = [
        f"{name} -> {target}"
        for name, tree in MODULES.items()
        if name not in wiring
        for target in imported(tree)
        if is_views(target) and app(target) != app(name)
    ]
    assert not crossing


def test_no_import_cycle_between_modules():
    graph = {name: imported(tree) - {name} for name, tree in MODULES.items()}
    # A package's __init__ is imported with its modules: an edge to the package is no cycle.
    graph = {
        name: {t for t in targets if not name.startswith(t + ".")}
        for name, targets in graph.items()
    }
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = "open"
        path.append(name)
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                pytest.fail("import cycle: " + " -> ".join([*path[path.index(target) :], target]))
            if target not in state:
                visit(target)
        path.pop()
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name)
