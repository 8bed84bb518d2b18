"""The package's import graph: no circle anywhere (lazy imports included), the store at the
bottom, and no module reaching into another's private names."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "crm_desktop"
STORE = "crm_desktop.models.store"
# What the store may stand on: leaf modules that import nothing above them.
BELOW_THE_STORE = (
    STORE, "crm_desktop.models.actor", "crm_desktop.models.changes",
    "crm_desktop.models.errors", "crm_desktop.models.language", "crm_desktop.models.entities",
)


def module_files(root: Path = ROOT, package: str = PACKAGE) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in (root / package).rglob("*.py"):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _owner(name: str, modules: dict[str, Path]) -> str | None:
    """The module a dotted import name lands in (``a.b.C`` -> ``a.b`` when that is a module)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imported_names(module: str, path: Path) -> list[tuple[str, list[str]]]:
    """(imported module, names taken from it) for every import in the file, lazy ones too."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = module.split(".")
                if path.name != "__init__.py":
                    base = base[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            found.append((target, [alias.name for alias in node.names]))
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for module, path in modules.items():
        for target, names in imported_names(module, path):
            for dotted in (target, *(f"{target}.{n}" for n in names)):
                owner = _owner(dotted, modules)
                # A package's __init__ is not an edge to its own children, nor they to it.
                if owner and owner != module and not module.startswith(owner + "."):
                    graph[module].add(owner)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_no_module_imports_one_that_imports_it_back() -> None:
    modules = module_files()
    assert len(modules) > 100, "the scan must see the whole package"
    assert circles(import_graph(modules)) == []


def test_the_search_finds_a_circle_through_a_lazy_import(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg.b import thing\n")
    (pkg / "b.py").write_text("def thing():\n    from pkg import c\n")
    (pkg / "c.py").write_text("from . import a\n")
    (pkg / "d.py").write_text("import pkg.a\n")
    assert circles(import_graph(module_files(tmp_path, "pkg"))) == [["pkg.a", "pkg.b", "pkg.c"]]


def test_the_store_imports_nothing_above_it() -> None:
    modules = module_files()
    graph = import_graph(modules)
    above = {
        f"{module} imports {target}"
        for module, targets in graph.items() if module.startswith(STORE)
        for target in targets if not target.startswith(BELOW_THE_STORE)
    }
    assert above == set()


def test_no_module_takes_another_modules_private_names() -> None:
    modules = module_files()
    offenders = []
    for module, path in modules.items():
        for target, names in imported_names(module, path):
            if not target.startswith(PACKAGE):
                continue
            offenders += [f"{module} imports {target}.{name}" for name in names
                          if name.startswith("_") and not name.startswith("__")]
        aliases = {
            alias.asname or alias.name
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(PACKAGE)
            for alias in node.names
        }
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                offenders.append(f"{module} reads {node.value.id}.{node.attr}")
    assert offenders == []
