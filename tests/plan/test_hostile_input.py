"""Hostile and broken input: refused at once, in Chinese, with file and line, and nothing written.

YAML cases are files in ``cases/hostile/``: the input (raw text, an edit of ``cases/mini.yaml``, or a
nesting generated from a short description) and the message it must produce. Each is refused by
``validate`` within a second of parsing, with exactly one problem and no traceback. Input files that
are not files (a FIFO, a device, a directory) or cannot be read are set up here, on the real file
system.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from generator.errors import InputError, Problem
from generator.files import MAX_INPUT_BYTES
from generator.plan.load import load_plan, parse_plan
from generator.textcheck import fold, invisible_name
from tests.helpers import CASES, MINI, ROOT, run_cli

CASE_FILES = sorted((CASES / "hostile").glob("*.yml"))
#: What a hang would look like: a refusal that takes longer than this (in-process) fails the test.
WITHIN_SECONDS = 1.0


def _hostile_text(case: dict) -> str:
    if "nest" in case:
        n = case["nest"]
        return n["open"] * n["times"] + n["inner"] + n["close"] * n["times"] + "\n"
    if "nest_block" in case:
        n = case["nest_block"]
        return "".join(" " * i + n["key"] + "\n" for i in range(n["times"])) + " " * n["times"] + "x: 1\n"
    if "input" in case:
        return case["input"]
    text = MINI.read_text(encoding="utf-8")
    for old, new in case.get("edit", []):
        assert old in text, f"edit does not apply: {old!r}"
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize("case_file", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_hostile_yaml_is_refused_at_once(case_file: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    text = _hostile_text(case)
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())

    started = time.perf_counter()
    with pytest.raises(InputError) as err:
        parse_plan(text, "plan.yaml")
    assert time.perf_counter() - started < WITHIN_SECONDS
    assert len(err.value.problems) == 1, err.value.report()

    result = run_cli("validate", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "Error" not in result.stderr
    for expected in case["expect"]:
        assert expected in result.stderr, f"missing {expected!r} in:\n{result.stderr}"
    for unexpected in case.get("absent", []):
        assert unexpected not in result.stderr
    assert [ln for ln in result.stderr.splitlines() if ln.startswith("plan.yaml")] == [
        result.stderr.splitlines()[0]
    ]
    assert "共发现 1 个问题，未生成任何文件" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written (no "pwned" either)


def test_standard_scalar_tags_are_allowed() -> None:
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("  issuer: 示例市", "  issuer: !!str 示例市")
    text = text.replace("  issued: 2024-04-18", "  issued: !!timestamp 2024-04-18")
    text = text.replace("      value: 100", "      value: !!int 100")
    plan = parse_plan(text, "plan.yaml")
    assert plan.publication.issuer == "示例市"
    assert plan.publication.issued.isoformat() == "2024-04-18"


# -- files that are not plan files ---------------------------------------------------


def _refused_at_once(path: Path, cwd: Path, command: str = "validate") -> str:
    """Run a command on ``path``; it must fail fast with one Chinese problem and no English."""
    started = time.perf_counter()
    result = run_cli(command, str(path), cwd=cwd, isolated=True)
    elapsed = time.perf_counter() - started
    assert elapsed < 20, f"validate took {elapsed:.1f} s"
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert not re.search(r"[A-Za-z]{3,}", result.stderr.replace(str(path), "")), result.stderr  # no strerror
    assert result.stderr.startswith(f"{path}: ")
    assert "共发现 1 个问题，未生成任何文件" in result.stderr
    return result.stderr


@pytest.mark.parametrize("command", ["validate", "text", "import"])
def test_fifo_does_not_hang(command: str, tmp_path: Path) -> None:
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    message = _refused_at_once(fifo, tmp_path, command)
    assert "这不是普通文件（而是命名管道）" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


@pytest.mark.parametrize("command", ["validate", "import"])
def test_character_device_is_refused(command: str, tmp_path: Path) -> None:
    message = _refused_at_once(Path("/dev/zero"), tmp_path, command)
    assert "这不是普通文件（而是字符设备）" in message
    assert list(tmp_path.iterdir()) == []


def test_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    message = _refused_at_once(tmp_path / "plans", tmp_path)
    assert "这是一个目录，不是文件" in message


@pytest.mark.parametrize("command", ["validate", "import"])
def test_huge_file_is_refused_without_reading_it(command: str, tmp_path: Path) -> None:
    huge = tmp_path / "plan.yaml"
    with huge.open("wb") as stream:
        stream.truncate(MAX_INPUT_BYTES + 1)  # sparse: large without filling the disk
    message = _refused_at_once(huge, tmp_path, command)
    assert "文件过大（8.0 MB，上限 8 MB）" in message


def test_path_through_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("不是目录", encoding="utf-8")
    message = _refused_at_once(tmp_path / "data" / "plan.yaml", tmp_path)
    assert "路径中有一部分不是目录" in message


def test_symlink_loop_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").symlink_to(tmp_path / "plan.yaml")
    message = _refused_at_once(tmp_path / "plan.yaml", tmp_path)
    assert "符号链接循环" in message


def test_unreadable_file_is_refused_in_chinese(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(MINI.read_bytes())
    plan.chmod(0)
    try:
        if os.access(plan, os.R_OK):
            pytest.skip("this user (root) can read a file with mode 000")
        message = _refused_at_once(plan, tmp_path)
        assert "没有读取该文件的权限" in message and "Permission" not in message
    finally:
        plan.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_unreadable_file_as_another_user(tmp_path: Path) -> None:
    """As root, drop to ``nobody`` so that mode 000 really means unreadable."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run as another user; covered by the test above")
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(MINI.read_bytes())
    plan.chmod(0)
    tmp_path.chmod(0o755)
    code = (
        "import os, sys; sys.path.insert(0, sys.argv[2]);"
        "from generator.files import read_input; from generator.errors import InputError\n"
        "os.setgid(65534); os.setuid(65534)\n"
        "try: read_input(sys.argv[1])\nexcept InputError as e: print(e.report())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(plan), str(ROOT)], capture_output=True, text=True, timeout=60
    )
    assert f"{plan}: 没有读取该文件的权限" in result.stdout, result.stdout + result.stderr
    assert "Permission" not in result.stdout + result.stderr


def test_load_plan_refuses_devices_in_process() -> None:
    with pytest.raises(InputError) as err:
        load_plan("/dev/zero")
    assert str(err.value.problems[0]) == "/dev/zero: 这不是普通文件（而是字符设备）。请指定一个文本文件。"


def test_nul_in_the_path_is_refused() -> None:
    with pytest.raises(InputError) as err:
        load_plan("plan\0.yaml")
    assert "路径中含有不允许的字符（空字符）" in str(err.value)


# -- soft problems: warned about, not refused ---------------------------------------


def test_implausible_lengths_are_warnings(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("title: 推进职能协调高效", "title: " + "推进职能协调高效" * 10)
    text = text.replace("    text: 6月底前完成清单编制。", "    text: 6月底前完成清单编制。" + "内容" * 2600)
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())

    warnings: list[Problem] = []
    load_plan(tmp_path / "plan.yaml", warnings=warnings)
    assert [(w.line, w.path) for w in warnings] == [
        (13, "sections[0].tasks[0].title"),
        (24, "sections[0].tasks[1].text"),
    ]

    result = run_cli("validate", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        "提示：plan.yaml:13:12: sections[0].tasks[0].title: 任务标题长达 80 个字，通常不超过 60 个字。"
        in result.stdout
    )
    assert (
        "提示：plan.yaml:24:11: sections[0].tasks[1].text: 该字段长达 5211 个字，通常不超过 5000 个字。"
        in (result.stdout)
    )
    assert "校验通过" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_the_real_plan_has_no_warnings() -> None:
    warnings: list[Problem] = []
    load_plan(ROOT / "data" / "plan.yaml", warnings=warnings)
    assert warnings == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("各县(市、区)政府", "各县（市、区）政府"),  # full-width parentheses
        ("市司法局", "市司\u200b法局"),  # zero-width space
        ("市司法局", "市司法局\u2060"),  # word joiner
        ("市司法局", "市 司法局"),  # a space
        ("市司法局", "\u202d市司法局\u202c"),  # direction override around it
        ("ABC局", "ＡＢＣ局"),  # full-width Latin letters
    ],
)
def test_look_alikes_fold_to_the_same_name(a: str, b: str) -> None:
    assert a != b and fold(a) == fold(b)


def test_different_names_stay_different() -> None:
    assert fold("市司法局") != fold("市公安局")
    assert invisible_name("中") is None and invisible_name("\n") is None
    assert invisible_name("\u202e") == "文字方向控制符 U+202E"
