"""The shape of generator/: a clear pipeline of short functions (checked, not hoped for)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

MAX_LINES = 60


def _functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            found.append((f"{path.relative_to(ROOT)}:{node.lineno} {node.name}", node.end_lineno - start + 1))
    return found


def test_no_function_in_generator_is_longer_than_60_lines() -> None:
    too_long = [
        f"{where} ({lines} lines)"
        for path in sorted((ROOT / "generator").rglob("*.py"))
        for where, lines in _functions(path)
        if lines > MAX_LINES
    ]
    assert too_long == []


def test_the_rule_measures_what_it_claims(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A function of 61 lines (decorator included) is caught; one of 60 is not."""
    monkeypatch.setattr("tests.test_code_shape.ROOT", tmp_path)
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES - 2))
    sample = tmp_path / "sample.py"
    sample.write_text(
        f"@staticmethod\ndef long():\n{body}\n    return 1\n\ndef short():\n{body}\n", encoding="utf-8"
    )
    assert [(name.split()[-1], lines) for name, lines in _functions(sample)] == [
        ("long", MAX_LINES + 1),
        ("short", MAX_LINES - 1),
    ]
