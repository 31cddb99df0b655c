"""The package's imports point one way: a graph built from the source has no cycle.

Every ``import`` statement counts, at module level or inside a function: a
deferred import that dodges a cycle is still a cycle. An import of
``skmlkit.a.b`` is an edge to that module only (not to the package
``__init__`` files on its way), as in import-linter's graphs.
"""

import ast
from pathlib import Path

import pytest

import skmlkit

SOURCE = Path(skmlkit.__file__).parent


def _module_name(path):
    parts = ["skmlkit", *path.relative_to(SOURCE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules():
    return {_module_name(path): path for path in SOURCE.rglob("*.py")}


def _imported(node, module, is_package, modules):
    """The skmlkit modules one import statement names."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in modules]
    if node.level:
        package = module.split(".")
        package = package if is_package else package[:-1]
        base = ".".join(package[: len(package) - node.level + 1])
        base = f"{base}.{node.module}" if node.module else base
    else:
        base = node.module or ""
    names = [f"{base}.{alias.name}" for alias in node.names]
    found = [name for name in names if name in modules]
    return found if len(found) == len(names) else [*found, base]


def import_graph():
    """Module name -> the skmlkit modules it imports (anywhere in its code)."""
    modules = _modules()
    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        targets = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                targets.update(_imported(node, module, is_package, modules))
        graph[module] = sorted(t for t in targets if t in modules and t != module)
    return graph


def find_cycle(graph):
    """One cycle of ``graph`` as a list of nodes, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in graph:
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_package_has_no_import_cycle():
    graph = import_graph()
    assert "skmlkit.cluster._auto_kmeans" in graph  # the graph is not empty
    assert "skmlkit.cluster._validation" in graph["skmlkit.cluster._dask"]
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_validation_module_is_a_leaf():
    assert import_graph()["skmlkit.cluster._validation"] == []


@pytest.mark.parametrize(
    ("graph", "has_cycle"),
    [
        ({"a": ["b"], "b": ["c"], "c": []}, False),
        ({"a": ["b"], "b": ["c"], "c": ["a"]}, True),
        ({"a": ["a2"], "a2": [], "b": ["b"]}, True),
    ],
)
def test_find_cycle(graph, has_cycle):
    assert (find_cycle(graph) is not None) == has_cycle


def test_a_deferred_import_counts(tmp_path):
    code = "def f():\n    from ._auto_kmeans import AutoKMeans\n"
    node = ast.parse(code).body[0].body[0]
    modules = {"skmlkit.cluster._dask", "skmlkit.cluster._auto_kmeans"}
    found = _imported(node, "skmlkit.cluster._dask", False, modules)
    assert found == ["skmlkit.cluster._auto_kmeans"]
