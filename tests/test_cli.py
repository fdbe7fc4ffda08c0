"""The command line speaks Chinese, exits non-zero on errors and never shows a traceback."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run_cli


def test_help_is_in_chinese() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("用法：python -m generator")
    for command in ("validate", "text", "import", "build", "publish", "synth", "schema"):
        assert command in result.stdout
    assert "显示本帮助并退出" in result.stdout and "show this help" not in result.stdout
    sub = run_cli("publish", "--help")
    assert "原子切换" in sub.stdout and "--rollback" in sub.stdout


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
    assert out.read_text(encoding="utf-8") == (
        Path(__file__).parent.parent / "data" / "plan.schema.json"
    ).read_text(encoding="utf-8")
