"""The command line speaks Chinese, exits non-zero on errors and never shows a traceback."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from generator.files import OutputError, write_output
from tests.helpers import CASES, MINI, ROOT, run_cli


def test_help_is_in_chinese() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("用法：python -m generator")
    for command in ("validate", "text", "import", "link", "build", "publish", "synth", "schema"):
        assert command in result.stdout
    assert "显示本帮助并退出" in result.stdout and "show this help" not in result.stdout
    sub = run_cli("publish", "--help")
    assert "原子切换" in sub.stdout and "--rollback" in sub.stdout


@pytest.mark.slow  # starts `publish` (refused by its argument parser) in a process of its own
def test_usage_errors_are_in_chinese() -> None:
    result = run_cli("publsh")
    assert result.returncode == 2
    assert "错误" in result.stderr and "无效的选择" in result.stderr
    missing = run_cli("publish")
    assert missing.returncode == 2 and "缺少必需的参数" in missing.stderr


def test_validate_honours_plan_file(tmp_path: Path) -> None:
    result = run_cli("validate", env={"PLAN_FILE": str(tmp_path / "nowhere.yaml")})
    assert result.returncode == 1
    assert f"{tmp_path / 'nowhere.yaml'}: 找不到文件" in result.stderr
    assert "Traceback" not in result.stderr


def test_schema_command_matches_the_committed_schema(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    assert run_cli("schema", "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8") == (ROOT / "data" / "plan.schema.json").read_text(encoding="utf-8")


# -- output files: never replaced unless told, never a temporary file left behind ----------------

MINI_SOURCE = CASES / "import" / "mini.txt"
OUTPUT_COMMANDS = {
    "import": ("import", str(MINI_SOURCE)),
    "synth": ("synth", "--tasks", "3", "--units", "2"),
    "synth-next": ("synth", "--next", str(ROOT / "data" / "plan.yaml")),
    "link": ("link", str(CASES / "continuity" / "plan-2025.yaml"), str(ROOT / "data" / "plan.yaml")),
    "schema": ("schema",),
}


def _listing(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", OUTPUT_COMMANDS)
def test_output_is_not_overwritten_without_force(command: str, tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    out.write_text("# 精心整理的计划\n", encoding="utf-8")
    before = _listing(tmp_path)

    refused = run_cli(*OUTPUT_COMMANDS[command], "-o", str(out))
    assert refused.returncode == 1, refused.stderr
    assert f"{out}: 文件已存在，未覆盖。确需覆盖时请加 --force。" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert _listing(tmp_path) == before

    forced = run_cli(*OUTPUT_COMMANDS[command], "-o", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert out.read_text(encoding="utf-8") != "# 精心整理的计划\n"
    assert sorted(_listing(tmp_path)) == ["plan.yaml"]  # no temporary file left


@pytest.mark.parametrize("command", OUTPUT_COMMANDS)
def test_output_into_a_directory_or_a_missing_folder_is_explained(command: str, tmp_path: Path) -> None:
    (tmp_path / "somedir").mkdir()
    (tmp_path / "somedir" / "keep.txt").write_text("留着", encoding="utf-8")
    before = _listing(tmp_path)

    into_dir = run_cli(*OUTPUT_COMMANDS[command], "-o", str(tmp_path / "somedir"), "--force")
    assert into_dir.returncode == 1
    assert f"{tmp_path / 'somedir'}: 这是一个目录。请在 -o 后给出文件名" in into_dir.stderr

    missing = run_cli(*OUTPUT_COMMANDS[command], "-o", str(tmp_path / "missing" / "x.yaml"))
    assert missing.returncode == 1
    assert f"目录 {tmp_path / 'missing'} 不存在或不是目录" in missing.stderr

    for result in (into_dir, missing):
        assert "Traceback" not in result.stderr and result.stdout == ""
    assert _listing(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["somedir"]


def test_import_never_overwrites_its_own_source(tmp_path: Path) -> None:
    source = tmp_path / "source.txt"
    source.write_bytes(MINI_SOURCE.read_bytes())
    (tmp_path / "link.yaml").symlink_to(source)
    before = _listing(tmp_path)
    for target in (source, tmp_path / "link.yaml", tmp_path / "." / "source.txt"):
        result = run_cli("import", str(source), "-o", str(target), "--force")
        assert result.returncode == 1
        assert f"{target}: 输出文件就是输入文件，不能覆盖原文。" in result.stderr
    assert _listing(tmp_path) == before


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "plan.yaml"
    out.write_text("旧内容\n", encoding="utf-8")

    def fail(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError) as err:
        write_output(out, "新内容\n", force=True)
    assert str(err.value) == f"{out}: 写入失败（磁盘空间不足），未改动任何文件。"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]
    assert out.read_text(encoding="utf-8") == "旧内容\n"


def test_validate_prints_warnings_and_passes(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8").replace("name: 市行政审批局", "name: " + "市行政审批局" * 6)
    text = text.replace("    - 市行政审批局", "    - " + "市行政审批局" * 6)
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    result = run_cli("validate", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "提示：plan.yaml:26:7: sections[0].tasks[1].responsible[0]: 单位名称长达 36 个字"
    )
    assert lines[1].startswith(
        "提示：plan.yaml:44:9: units[1].name: 单位名称长达 36 个字，通常不超过 30 个字。"
    )
    assert lines[2] == "plan.yaml：校验通过。2 个方面，3 项任务，4 个责任主体，7 处分工。"


def test_validate_checks_the_plan_the_site_configuration_names(tmp_path: Path) -> None:
    """One configuration path: `validate` without a file checks what `build` would build."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "other.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - plan:\n      plan: other.yaml\n", encoding="utf-8"
    )
    result = run_cli("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("other.yaml：校验通过")
    result = run_cli("validate", cwd=tmp_path, env={"PLAN_FILE": str(MINI)})
    assert result.stdout.startswith(f"{MINI}：校验通过")


def test_progress_commands_use_the_progress_folder_the_site_configuration_names(tmp_path: Path) -> None:
    """`progress validate` reads the rounds the build would publish: ``progress:`` in mkdocs.yml,
    with ``PROGRESS_DIR`` first; ``--dir`` says otherwise for one command."""
    (tmp_path / "docs").mkdir()
    shutil.copytree(ROOT / "examples" / "progress", tmp_path / "rounds")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: x\nplugins:\n  - plan:\n      plan: {ROOT / 'data' / 'plan.yaml'}\n      progress: rounds\n",
        encoding="utf-8",
    )
    result = run_cli("progress", "validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    checked = [line for line in result.stdout.splitlines() if "校验通过" in line]
    assert [line.split("：")[0] for line in checked] == ["rounds/2024-h1.yaml", "rounds/2024-h2.yaml"]
    empty = tmp_path / "empty"
    empty.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli("progress", "validate", cwd=tmp_path, env={"PROGRESS_DIR": str(elsewhere)})
    assert result.returncode == 0 and result.stdout.startswith("elsewhere：没有轮次文件"), result.stdout
    result = run_cli("progress", "validate", "--dir", "empty", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("empty：没有轮次文件"), result.stdout
