"""Every mistake an editor can make gets a clear Chinese answer naming file, line and YAML path.

Each case is a file in ``cases/invalid/``: an edit of ``cases/mini.yaml`` (or raw input) and the
messages it must produce. Adding a case is adding a file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.helpers import CASES, MINI, run_cli

CASE_FILES = sorted((CASES / "invalid").glob("*.yml"))


def _make_input(case: dict, target: Path) -> None:
    if case.get("missing"):
        return
    if "input_hex" in case:
        target.write_bytes(bytes.fromhex(case["input_hex"]))
        return
    text = case["input"] if "input" in case else MINI.read_text(encoding="utf-8")
    for old, new in case.get("edit", []):
        assert old in text, f"edit does not apply: {old!r}"
        text = text.replace(old, new, 1)
    text += case.get("append", "")
    data = text.encode(case.get("encode", "utf-8"))
    if "truncate" in case:
        data = data[: case["truncate"]]
    target.write_bytes(data)


@pytest.mark.parametrize("case_file", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_invalid_plan_is_explained(case_file: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    _make_input(case, tmp_path / "plan.yaml")
    before = sorted(p.name for p in tmp_path.iterdir())

    result = run_cli("validate", "plan.yaml", cwd=tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    for expected in case["expect"]:
        assert expected in result.stderr, f"missing {expected!r} in:\n{result.stderr}"
    problem_lines = [ln for ln in result.stderr.splitlines() if ln.startswith("plan.yaml")]
    assert problem_lines, result.stderr
    if "count" in case:
        assert len(problem_lines) == case["count"], result.stderr
    assert "未生成任何文件" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_every_problem_line_has_file_line_and_path(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8").replace("slug: shisifaju", "slug: Shi Si")
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    result = run_cli("validate", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "plan.yaml:42:9: units[0].slug: 只能包含小写字母、数字和连字符" in result.stderr


def test_mini_plan_is_valid() -> None:
    result = run_cli("validate", str(MINI))
    assert result.returncode == 0, result.stderr
    assert "3 项任务" in result.stdout
