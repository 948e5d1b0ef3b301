"""The Python package is in layers: its import graph (every import statement of python/ruralsim,
including those inside functions and under TYPE_CHECKING) has no circle, and each module imports
only from its own layer or the layers below it.

    python3 tests/python/test_layers.py      # prints the graph: each module and what it imports
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "python" / "ruralsim"

#: The layers, bottom first. A module imports from its own layer and those below, never above; a new
#: module takes its place here (the test fails for a module that has none).
LAYERS: list[tuple[str, list[str]]] = [
    ("foundation", ["ruralsim._version", "ruralsim._core", "ruralsim._native", "ruralsim.errors"]),
    ("inputs", ["ruralsim.params", "ruralsim.scenario", "ruralsim.sampling"]),
    # Figures from anything that offers a run's or an ensemble's results (protocols, not classes), so the
    # results classes above can draw themselves.
    ("drawing", ["ruralsim.plot"]),
    ("one run", ["ruralsim.output", "ruralsim.api", "ruralsim.summary"]),
    ("many runs", ["ruralsim.plan", "ruralsim.store", "ruralsim.executors", "ruralsim.results"]),
    ("workflows", ["ruralsim.sweeps", "ruralsim.report"]),
    ("analysis", ["ruralsim.analysis", "ruralsim.analysis._paths", "ruralsim.analysis.assumptions",
                  "ruralsim.analysis.calibration", "ruralsim.analysis.odd_tables", "ruralsim.analysis.sensitivity"]),
    ("package", ["ruralsim"]),
]


def module_names(package: Path = PACKAGE) -> dict[str, Path]:
    """{dotted module name: file} of every .py file of the package (a package is its __init__.py), and of
    every .pyi stub without one (the compiled core)."""
    out = {}
    stubs = [p for p in package.rglob("*.pyi") if not p.with_suffix(".py").exists()]
    for path in sorted([*package.rglob("*.py"), *stubs]):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """{module: the package's modules it imports}, from every import statement in its source.

    ``from X import name`` counts as importing module ``X.name`` when that is a module, else ``X``;
    a dotted import counts as the deepest module of the package it names. Importing a submodule is
    not counted as importing the packages above it (those are initialised already)."""
    modules = module_names(package)

    def deepest(dotted: str) -> str | None:
        parts = dotted.split(".")
        for n in range(len(parts), 0, -1):
            if ".".join(parts[:n]) in modules:
                return ".".join(parts[:n])
        return None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        here = name.split(".") if is_package else name.split(".")[:-1]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base_parts = here[: len(here) - (node.level - 1)]
                    base = ".".join(base_parts + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            for t in targets:
                d = deepest(t)
                if d is not None and d != name:
                    deps.add(d)
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles: each strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
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


def test_cycle_finder_finds_circles():
    # The finder itself: a circle through function-local imports is one, a chain is none.
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_graph_counts_function_local_imports(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from .a import f\nfrom . import _ext\n")
    (pkg / "_ext.pyi").write_text("from typing import Any\n")
    (pkg / "a.py").write_text("def f():\n    from . import b\n    return b\n")
    (pkg / "b.py").write_text("import pkg.sub.c\nfrom pkg import a\n")
    (pkg / "sub").mkdir()
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "c.py").write_text("from .. import a\nfrom ..b import x\n")
    g = import_graph(pkg)
    assert g == {"pkg": {"pkg.a", "pkg._ext"}, "pkg._ext": set(), "pkg.a": {"pkg.b"}, "pkg.b": {"pkg.sub.c", "pkg.a"},
                 "pkg.sub": set(), "pkg.sub.c": {"pkg.a", "pkg.b"}}
    assert cycles(g) == [["pkg.a", "pkg.b", "pkg.sub.c"]]


def test_no_import_circle():
    found = cycles(import_graph())
    assert not found, f"import circles in python/ruralsim: {found}"


def test_every_module_imports_only_from_its_layer_or_below():
    layer = {m: k for k, (_, mods) in enumerate(LAYERS) for m in mods}
    graph = import_graph()
    assert sorted(graph) == sorted(layer), "place each module of python/ruralsim in LAYERS (and only those)"
    upward = [f"{m} ({LAYERS[layer[m]][0]}) imports {d} ({LAYERS[layer[d]][0]})"
              for m, deps in graph.items() for d in sorted(deps) if layer[d] > layer[m]]
    assert not upward, "\n".join(upward)


def _print(graph: dict[str, set[str]]) -> None:
    for name in sorted(graph):
        print(f"{name}: {', '.join(sorted(graph[name])) or '-'}")
    found = cycles(graph)
    print("circles:", "; ".join(" <-> ".join(c) for c in found) if found else "none")


if __name__ == "__main__":
    _print(import_graph(Path(sys.argv[1]) if len(sys.argv) > 1 else PACKAGE))
