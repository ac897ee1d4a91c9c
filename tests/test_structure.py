"""The shape of the code, read with `ast`: no import cycle between modules, no function over 100 lines
(STYLE.md), and no test that would pass if the data it loops over came out empty."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

SOURCE = REPO / "src"
TESTS = REPO / "tests"
MAX_FUNCTION_LINES = 100

# Cycles known and owned elsewhere, each to be removed from here when fixed (the test fails on an entry
# that no longer is a cycle, so the list only shrinks).
#: Cycles still to break (the list can only shrink); empty since the filters became a plain table
#: (store/filters.py) that the CLI and the web both wrap.
KNOWN_CYCLES: set[frozenset[str]] = set()


def source_modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of src/eventwire (a package is its __init__.py)."""
    modules = {}
    for path in SOURCE.rglob("*.py"):
        parts = list(path.relative_to(SOURCE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imported_modules(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules `module` imports anywhere in its file: an import inside a function, made late
    to dodge a cycle, still ties the two modules together."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found |= {submodule} if submodule in known else ({base} if base in known else set())
    return found - {module}


def import_graph() -> dict[str, set[str]]:
    modules = source_modules()
    return {module: imported_modules(module, path, modules) for module, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = lowest[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, neighbours = work[-1]
            step = next(neighbours, None)
            if step is None:
                work.pop()
                if work:
                    lowest[work[-1][0]] = min(lowest[work[-1][0]], lowest[node])
                if lowest[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(frozenset(component))
            elif step not in index:
                index[step] = lowest[step] = len(index)
                stack.append(step)
                on_stack.add(step)
                work.append((step, iter(sorted(graph[step]))))
            elif step in on_stack:
                lowest[node] = min(lowest[node], index[step])
    return found


def test_the_cycle_finder_finds_a_cycle_and_nothing_else():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    graph = import_graph()
    assert len(graph) > 50 and graph["eventwire.pipeline"]  # the walk found the modules and their imports
    found = set(cycles(graph))
    assert found - KNOWN_CYCLES == set(), "import cycles"
    assert KNOWN_CYCLES - found == set(), "fixed: remove from KNOWN_CYCLES"


def long_functions(path: Path) -> list[tuple[str, int]]:
    """(name, lines) of each function or method in `path` longer than MAX_FUNCTION_LINES, from its `def`
    to its last line (a nested function counts towards its parent too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.name, node.end_lineno - node.lineno + 1) for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]


def test_no_function_over_100_lines():
    paths = sorted(SOURCE.rglob("*.py"))
    assert len(paths) > 50
    found = {f"{path.relative_to(SOURCE)}:{name}": lines for path in paths for name, lines in long_functions(path)}
    assert found == {}


# --- tests that assert inside a loop first assert that the loop runs -----------------------------------


def is_literal(node: ast.AST) -> bool:
    """A non-empty tuple, list, set or dict written out: a loop over it runs."""
    return isinstance(node, ast.Tuple | ast.List | ast.Set) and bool(node.elts) or (
        isinstance(node, ast.Dict) and bool(node.keys))


def root_name(node: ast.AST) -> str | None:
    """`rows` of `rows`, `rows.items()`, `rows[0]["x"]` or `read(rows)`'s callee chain root."""
    while isinstance(node, ast.Call | ast.Attribute | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def looped_collection(iterable: ast.AST) -> ast.AST:
    """`seeds` of `seeds.values()`: what must not be empty for the loop to run."""
    if (isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Attribute)
            and iterable.func.attr in ("items", "values", "keys") and not iterable.args):
        return iterable.func.value
    return iterable


def mentions(node: ast.AST, name: str | None) -> bool:
    return any(isinstance(inner, ast.Name) and inner.id == name for inner in ast.walk(node))


def shows_not_empty(test: ast.AST, iterable: ast.AST, constants: set[str]) -> bool:
    """Whether `assert test` shows that `iterable` is not empty: it tests the collection itself, its len,
    any() or sum() over it, or finds something built from it equal to, or holding, a non-empty literal or constant."""
    wanted, name = ast.unparse(looped_collection(iterable)), root_name(iterable)
    parts = test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) else [test]
    for node in (node for part in parts for node in ast.walk(part)):
        if ast.unparse(node) == wanted and node in parts:
            return True
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("len", "any", "sum")
                and node.args and mentions(node.args[0], name)):
            return True
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            left, right, op = node.left, node.comparators[0], node.ops[0]
            if isinstance(op, ast.LtE | ast.Lt | ast.In):  # `known >= built`, `x in built`: built on the right
                left, right = right, left
            known = is_literal(right) or any(mentions(right, constant) for constant in constants)
            if isinstance(op, ast.Eq | ast.GtE | ast.Gt | ast.In) and mentions(left, name) and known:
                return True
    return False


def body_nodes(node: ast.AST):
    """Every node under `node`, leaving out nested functions and classes (their asserts are their own)."""
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            yield child
            yield from body_nodes(child)


def outermost_loops(node: ast.AST):
    """The `for` loops under `node` that are inside no other loop (nested functions left out)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.For):
            yield child
        elif not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            yield from outermost_loops(child)


def literal_names(nodes) -> set[str]:
    return {target.id for node in nodes if isinstance(node, ast.Assign) and is_literal(node.value)
            for target in node.targets if isinstance(target, ast.Name)}


def unguarded_loops(path: Path) -> list[str]:
    """Outermost loops with an assert inside, in test functions, over a collection that no earlier assert
    shows to be non-empty (loops over written-out literals, or names bound to them, always run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = literal_names(tree.body)
    found = []
    for function in (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)):
        if not function.name.startswith("test"):
            continue
        nodes = list(body_nodes(function))
        for loop in outermost_loops(function):
            if not any(isinstance(node, ast.Assert) for node in body_nodes(loop)):
                continue
            earlier = [node for node in nodes if isinstance(node, ast.stmt) and node.lineno < loop.lineno]
            always_runs = constants | literal_names(earlier)
            if is_literal(loop.iter) or root_name(looped_collection(loop.iter)) in always_runs:
                continue
            if not any(shows_not_empty(check.test, loop.iter, constants) for check in earlier
                       if isinstance(check, ast.Assert)):
                found.append(f"{path.parent.name}/{path.name}:{loop.lineno} {function.name}")
    return found


def test_the_loop_check_tells_a_guarded_loop_from_an_unguarded_one(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "WORDS = ('a', 'b')\n"
        "def test_unguarded(rows):\n    for row in rows:\n        assert row\n"
        "def test_guarded(rows):\n    assert rows\n    for row in rows:\n        assert row\n"
        "def test_by_length(rows):\n    assert len(rows) > 3\n    for key, row in rows.items():\n        assert row\n"
        "def test_literal():\n    for word in WORDS:\n        assert word\n"
        "def test_vacuous_check(rows):\n    assert {r for r in rows} <= {1}\n    for row in rows:\n        assert row\n",
        encoding="utf-8")
    assert [line.split()[-1] for line in unguarded_loops(sample)] == ["test_unguarded", "test_vacuous_check"]


def test_tests_assert_that_their_loops_run():
    paths = sorted(TESTS.rglob("test_*.py"))
    assert len(paths) > 50
    assert [loop for path in paths for loop in unguarded_loops(path)] == []


# --- the version ------------------------------------------------------------------------------------


def test_the_version_is_read_from_the_package_and_the_changelog_names_it():
    import re
    from importlib.metadata import version

    import eventwire

    assert eventwire.__version__ == version("eventwire")
    assert re.fullmatch(r"\d+\.\d+\.\d+", eventwire.__version__)  # semantic versioning
    released = re.findall(r"^## (\d+\.\d+\.\d+) ", (REPO / "CHANGELOG.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert released and released[0] == eventwire.__version__  # the newest entry is this version's


# --- the test groups of pytest-xdist --------------------------------------------------------------------


def test_every_xdist_group_names_tests_that_exist():
    from tests.conftest import XDIST_GROUPS, xdist_group

    assert len(XDIST_GROUPS) >= 2
    for prefix, group in XDIST_GROUPS:
        path, _, test = prefix.partition("::")
        assert (REPO / path).exists(), prefix
        if test:
            assert f"def {test.split('[')[0]}(" in (REPO / path).read_text(encoding="utf-8"), prefix
        assert xdist_group(prefix + "x") == group
    assert xdist_group("tests/test_cli.py::test_demo_prints_a_table_and_writes_records") is None
