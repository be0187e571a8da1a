"""The house rules of docs/architecture.md, checked on the source tree with ``ast``.

The package graph counts every import statement in a module: at the top, inside functions and
inside ``if TYPE_CHECKING:`` blocks alike, because a lazy or annotation-only import is still a
dependency a reader has to follow. Nodes are the packages under ``src/csscore`` (``model``,
``config``, ...) and the top-level modules (``api``, ``errors``, ``defaults``). The package root
``csscore/__init__.py`` is the facade: it imports :mod:`csscore.api` only lazily, and other
modules import nothing from it but ``__version__``, so it is left out of the graph and checked on
its own (it must import nothing from csscore at import time).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "csscore"
MAX_LINES = 400
#: Packages that compute or model; none may import the renderers (render depends on them).
BELOW_RENDER = (
    "model",
    "config",
    "scoring",
    "county",
    "overlap",
    "uncertainty",
    "evidence",
    "appendix",
    "views",
)
#: (module, function) whose signatures may keep ``Any``, and why.
ANY_ALLOWED: set[tuple[str, str]] = set()


def modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def rel(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def node_of(path: Path) -> str:
    """The package (or top-level module) a file belongs to; '' for the package root."""
    parts = path.relative_to(SRC).with_suffix("").parts
    return "" if parts == ("__init__",) else parts[0]


def imported(tree: ast.Module) -> Iterator[tuple[str, int]]:
    """(dotted module, line) of every import anywhere in the module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "csscore":  # from csscore import api / __version__
                for alias in node.names:
                    yield f"csscore.{alias.name}", node.lineno
            else:
                yield node.module, node.lineno


def target_node(module: str) -> str | None:
    """The graph node a dotted csscore module belongs to (None outside csscore or the root)."""
    parts = module.split(".")
    if parts[0] != "csscore" or len(parts) == 1 or parts[1] == "__version__":
        return None
    return parts[1]


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path, tree in modules():
        source = node_of(path)
        if not source:
            continue
        edges = graph.setdefault(source, set())
        for module, _ in imported(tree):
            target = target_node(module)
            if target is not None and target != source:
                edges.add(target)
    return graph


def test_click_only_under_cli() -> None:
    offenders = [
        f"{rel(path)}:{line}"
        for path, tree in modules()
        for module, line in imported(tree)
        if module.split(".")[0] == "click" and node_of(path) != "cli"
    ]
    assert offenders == []


def test_web_stack_only_under_workshop() -> None:
    """The workshop's web framework, server and templates stay in its own package."""
    offenders = [
        f"{rel(path)}:{line}"
        for path, tree in modules()
        for module, line in imported(tree)
        if module.split(".")[0] in ("starlette", "uvicorn", "jinja2")
        and node_of(path) != "workshop"
    ]
    assert offenders == []


def test_no_module_over_the_line_limit() -> None:
    long = {
        rel(path): n
        for path, _ in modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_import_cycle_between_packages() -> None:
    graph = package_graph()
    state: dict[str, int] = {}  # 1 visiting, 2 done
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_graph_sees_the_known_edges() -> None:
    """The walk finds imports inside functions and TYPE_CHECKING blocks (a guard on the test)."""
    graph = package_graph()
    assert "render" in graph["cli"]  # imported inside the commands only
    assert "overlap" in graph["appendix"]  # the Report's overlap, under TYPE_CHECKING
    assert "render" not in graph["appendix"]


@pytest.mark.parametrize("package", BELOW_RENDER)
def test_render_never_imported_below_it(package: str) -> None:
    offenders = [
        f"{rel(path)}:{line}"
        for path, tree in modules()
        if node_of(path) == package
        for module, line in imported(tree)
        if target_node(module) in ("render", "cli")
    ]
    assert offenders == []


def test_package_root_imports_nothing_at_import_time() -> None:
    tree = ast.parse((SRC / "__init__.py").read_text(encoding="utf-8"))
    eager = [
        node.lineno
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom)
        and not (isinstance(node, ast.ImportFrom) and node.module in ("__future__", "typing"))
    ]
    assert eager == []


def _mentions_any(annotation: ast.expr | None) -> bool:
    if annotation is None:
        return False
    return any(
        (isinstance(n, ast.Name) and n.id == "Any")
        or (isinstance(n, ast.Attribute) and n.attr == "Any")
        for n in ast.walk(annotation)
    )


def _signature_any(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    args = func.args
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    every += [a for a in (args.vararg, args.kwarg) if a is not None]
    return _mentions_any(func.returns) or any(_mentions_any(a.annotation) for a in every)


def _is_dataclass(cls: ast.ClassDef) -> bool:
    for deco in cls.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if ast.unparse(target).split(".")[-1] == "dataclass":
            return True
    return False


def test_no_any_at_the_seams() -> None:
    """No ``Any`` in a public function's or method's signature, nor in a dataclass field."""
    offenders = []
    for path, tree in modules():
        name = rel(path)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                public = not node.name.startswith("_")
                if public and (name, node.name) not in ANY_ALLOWED and _signature_any(node):
                    offenders.append(f"{name}:{node.lineno} {node.name}")
            elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and not item.name.startswith("_"):
                        if _signature_any(item):
                            offenders.append(f"{name}:{item.lineno} {node.name}.{item.name}")
                    elif (
                        isinstance(item, ast.AnnAssign)
                        and _is_dataclass(node)
                        and _mentions_any(item.annotation)
                    ):
                        offenders.append(f"{name}:{item.lineno} {node.name} field")
    assert offenders == []


def test_every_allowance_is_still_needed() -> None:
    """An allow-list entry whose function lost its ``Any`` (or its name) is removed."""
    found = set()
    for path, tree in modules():
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and _signature_any(node):
                found.add((rel(path), node.name))
    assert found >= ANY_ALLOWED


def test_constants_the_cli_repeats_agree_with_the_library() -> None:
    """The command modules repeat a few names so that ``--help`` imports no numpy."""
    from csscore.cli import aggregate, sensitivity
    from csscore.views import county
    from csscore.views import sensitivity as sensitivity_views

    assert aggregate.AGGREGATE_TABLES == county.AGGREGATE_TABLES
    assert sensitivity.SENSITIVITY_TABLES == sensitivity_views.SENSITIVITY_TABLES


def test_the_command_line_prints_only_through_say() -> None:
    """Every line csscore prints passes the terminal sanitiser: ``click.echo`` is called in one place."""
    callers = []
    for path, tree in modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "echo"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "click"
            ):
                callers.append(rel(path))
    assert callers == ["cli/options.py"]
