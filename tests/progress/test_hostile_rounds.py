"""落实情况 round files and the ``progress`` commands against what broke them (issue #21).

Each case in ``cases/rounds/`` edits ``cases/progress/round.yaml`` (a valid round for
``cases/mini.yaml``) with ``edit`` pairs, is written as ``file`` (default ``2024-h1.yaml``) and must
make both ``progress validate`` and ``progress report`` refuse it: every message of ``expect``,
none of ``absent``, exit status 1, no traceback, nothing written. The other tests run the commands
the way an editor does: concurrent imports, full disks, FIFOs, huge texts, a killed import.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import openpyxl
import pytest
import yaml

from tests.helpers import CASES, MINI, PLAN, ROOT, measured_cli, run_cli

ROUND = CASES / "progress" / "round.yaml"
CASE_FILES = sorted((CASES / "rounds").glob("*.yml"))
EXAMPLES = ROOT / "examples" / "progress"
EMPTY_ROUND = "name: 2024年上半年\nas_of: 2024-06-30\nentries: []\n"
GOOD = {"D": "推进中", "E": dt.datetime(2024, 5, 6), "F": "第一段。\n第二段。"}


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under the folder (hidden ones too) with its content."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr


def _cli(*args: str, cwd: Path, plan: Path = PLAN) -> subprocess.CompletedProcess[str]:
    return run_cli("progress", *args, "--plan", str(plan), cwd=cwd)


def _measured(*args: str, cwd: Path, limit: float = 60) -> tuple[int, str, str, float, float]:
    """Run ``python -m generator …``: exit status, stdout, stderr, seconds, peak memory (MiB)."""
    run = measured_cli(*args, cwd=cwd, limit=limit)
    return run.returncode, run.stdout, run.stderr, run.seconds, run.megabytes


# -- round files that once validated -------------------------------------------------------------


def _make_round(case: dict, folder: Path) -> Path:
    text = ROUND.read_text(encoding="utf-8")
    for old, new in case.get("edit", []):
        assert old in text, f"edit does not apply: {old!r}"
        text = text.replace(old, new, 1)
    path = folder / case.get("file", "2024-h1.yaml")
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case_file", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_round_that_once_validated_is_refused_by_every_command(case_file: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    folder = tmp_path / "progress"
    folder.mkdir()
    round_id = _make_round(case, folder).stem
    before = _files(tmp_path)

    for command in (["validate"], ["report", "--round", round_id, "-o", "report.docx"]):
        message = _refused(_cli(*command, "--dir", "progress", cwd=tmp_path, plan=MINI))
        for expected in case["expect"]:
            assert f"progress/{expected}" in message, f"missing {expected!r} in:\n{message}"
        for word in case.get("absent", []):
            assert word not in message, message
        lines = [line for line in message.splitlines() if line.startswith("progress/")]
        if "count" in case:
            assert len(lines) == case["count"], message
        assert message.rstrip().endswith(f"共发现 {len(lines)} 个问题，未生成任何文件。请逐条修改后重试。")
        assert _files(tmp_path) == before  # nothing written


def test_the_quick_reader_lets_no_problem_through() -> None:
    """Valid files are read by libyaml without positions; a file with a problem must go to the checked reader."""
    from generator.progress.load import _fast_parse
    from generator.progress.model import RoundFile

    assert yaml.__with_libyaml__  # otherwise the quick reader is never used and this proves nothing
    assert isinstance(_fast_parse(ROUND.read_text(encoding="utf-8")), RoundFile)
    for case_file in CASE_FILES:
        case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
        text = ROUND.read_text(encoding="utf-8")
        for old, new in case.get("edit", []):
            text = text.replace(old, new, 1)
        if case_file.stem in {"control-character", "direction-override", "zero-width", "noncharacter"}:
            assert _fast_parse(text) is None, case_file.stem
    long = ROUND.read_text(encoding="utf-8").replace("清单已于6月编制完成。", "字" * 32_768)
    assert _fast_parse(long) is None


# -- length and size -----------------------------------------------------------------------------


@pytest.mark.slow  # seconds of waiting, a large input or LibreOffice
def test_a_five_million_character_text_is_refused_quickly_and_in_little_memory(tmp_path: Path) -> None:
    folder = tmp_path / "progress"
    folder.mkdir()
    text = ROUND.read_text(encoding="utf-8").replace(
        "text: 清单已于6月编制完成。", "text: " + "字" * 5_000_000
    )
    (folder / "2024-h1.yaml").write_text(text, encoding="utf-8")
    before = _files(tmp_path)
    for command in (["validate"], ["report", "--round", "2024-h1", "-o", "r.docx"]):
        code, _, err, seconds, mib = _measured(
            "progress", *command, "--plan", str(MINI), "--dir", "progress", cwd=tmp_path
        )
        assert code == 1 and "Traceback" not in err, err
        assert (
            "progress/2024-h1.yaml:20:9: entries[1].text: 文字长达 5000000 个字符，超过 32767 个字符的上限"
            "（Excel 一个单元格最多容纳 32767 个字符" in err
        ), err
        assert seconds < 15, f"{command[0]} took {seconds:.1f} s"
        assert mib < 200, f"{command[0]} used {mib:.0f} MiB"
    assert _files(tmp_path) == before


def test_text_of_excels_cell_limit_goes_through_every_command(tmp_path: Path) -> None:
    folder = tmp_path / "progress"
    folder.mkdir()
    text = ROUND.read_text(encoding="utf-8").replace("清单已于6月编制完成。", "字" * 32_767)
    (folder / "2024-h1.yaml").write_text(text, encoding="utf-8")
    validated = _cli("validate", "--dir", "progress", cwd=tmp_path, plan=MINI)
    assert validated.returncode == 0, validated.stderr
    assert "提示：progress/2024-h1.yaml:20:9: entries[1].text: 该字段长达 32767 个字" in validated.stdout
    report = _cli(
        "report", "--round", "2024-h1", "--dir", "progress", "-o", "r.docx", cwd=tmp_path, plan=MINI
    )
    assert report.returncode == 0, report.stderr
    template = _cli(
        "template", "--round", "2024-h1", "--dir", "progress", "-o", "wb", cwd=tmp_path, plan=MINI
    )
    assert template.returncode == 0, template.stderr
    sheet = openpyxl.load_workbook(tmp_path / "wb" / "2024-h1-市行政审批局.xlsx")["落实情况填报"]
    assert any(len(str(cell.value or "")) == 32_767 for row in sheet.iter_rows() for cell in row)


def _special_rounds(folder: Path) -> None:
    os.mkfifo(folder / "2024-h1.yaml")
    (folder / "2024-h2.yaml").symlink_to("/dev/zero")
    with (folder / "2024-q3.yaml").open("wb") as stream:
        stream.truncate(40 * 1024 * 1024)  # sparse: large without filling the disk


def test_fifo_device_and_huge_round_files_are_refused_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "progress"
    folder.mkdir()
    _special_rounds(folder)
    for command in (["validate"], ["template", "--round", "2024-h1", "-o", "wb"]):
        code, out, err, seconds, mib = _measured(
            "progress", *command, "--plan", str(MINI), "--dir", "progress", cwd=tmp_path, limit=30
        )
        assert code == 1 and out == "" and "Traceback" not in err, err
        assert "progress/2024-h1.yaml: 这不是普通文件（而是命名管道）" in err
        assert "progress/2024-h2.yaml: 这不是普通文件（而是字符设备）" in err
        assert "progress/2024-q3.yaml: 文件过大（40.0 MB，上限 32 MB）" in err
        assert seconds < 10 and mib < 200, (seconds, mib)
    assert sorted(p.name for p in tmp_path.rglob("*")) == [
        "2024-h1.yaml",
        "2024-h2.yaml",
        "2024-q3.yaml",
        "progress",
    ]


@pytest.mark.slow  # seconds of waiting, a large input or LibreOffice
def test_import_into_a_fifo_or_device_is_refused_at_once(tmp_path: Path) -> None:
    wb = _workbooks(tmp_path)
    _fill(wb / "2024-h1-市司法局.xlsx", {4: GOOD})
    (tmp_path / "special").mkdir()
    _special_rounds(tmp_path / "special")
    for name, what in (("2024-h1", "命名管道"), ("2024-h2", "字符设备"), ("2024-q3", "文件过大")):
        code, _, err, seconds, _ = _measured(
            "progress", "import", str(wb / "2024-h1-市司法局.xlsx"), "-o", f"special/{name}.yaml",
            "--plan", str(PLAN), cwd=tmp_path, limit=30,
        )  # fmt: skip
        assert code == 1 and "Traceback" not in err and what in err, err
        assert seconds < 10


# -- importing -----------------------------------------------------------------------------------


def _workbooks(tmp_path: Path, text: str = EMPTY_ROUND) -> Path:
    """A progress folder with one round of the real plan, and its 28 workbooks in ``wb/``."""
    folder = tmp_path / "progress"
    folder.mkdir(exist_ok=True)
    (folder / "2024-h1.yaml").write_text(text, encoding="utf-8")
    result = _cli("template", "--round", "2024-h1", "--dir", "progress", "-o", "wb", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "wb"


def _fill(path: Path, rows: dict[int, dict[str, object]], sheet: str = "落实情况填报") -> Path:
    book = openpyxl.load_workbook(path)
    for row, values in rows.items():
        for letter, value in values.items():
            book[sheet][f"{letter}{row}"] = value
    book.save(path)
    return path


@pytest.mark.slow  # seconds of waiting, a large input or LibreOffice
def test_concurrent_imports_of_different_bodies_lose_no_entry(tmp_path: Path) -> None:
    wb = _workbooks(tmp_path)
    chosen = sorted(wb.glob("*.xlsx"))[:6]
    for path in chosen:
        _fill(path, {4: GOOD})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "generator", "progress", "import", "-o", "progress/2024-h1.yaml"]
    children = [
        subprocess.Popen(
            [*command, str(path), "--plan", str(PLAN)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in chosen
    ]
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0 and "新增 1 条" in out, out + err
    data = yaml.safe_load((tmp_path / "progress" / "2024-h1.yaml").read_text(encoding="utf-8"))
    assert len(data["entries"]) == len(chosen)
    assert {e["unit"] for e in data["entries"]} == {
        openpyxl.load_workbook(path)["填报信息"]["B5"].value for path in chosen
    }
    assert not list((tmp_path / "progress").glob(".*"))  # no lock or temporary file left


def _hold_lock(path: Path, seconds: float) -> threading.Thread:
    """Lock the file as another writer does, for ``seconds``, from another thread."""
    ready = threading.Event()

    def hold() -> None:
        with path.open("rb") as stream:
            fcntl.flock(stream, fcntl.LOCK_EX)
            ready.set()
            time.sleep(seconds)

    thread = threading.Thread(target=hold)
    thread.start()
    ready.wait()
    return thread


@pytest.mark.slow  # seconds of waiting, a large input or LibreOffice
def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    wb = _workbooks(tmp_path)
    _fill(wb / "2024-h1-市司法局.xlsx", {4: GOOD})
    holder = _hold_lock(tmp_path / "progress" / "2024-h1.yaml", 3)
    started = time.monotonic()
    result = _cli("import", "wb/2024-h1-市司法局.xlsx", "-o", "progress/2024-h1.yaml", cwd=tmp_path)
    holder.join()
    assert result.returncode == 0 and "新增 1 条" in result.stdout, result.stderr
    assert time.monotonic() - started >= 3


@pytest.mark.slow  # seconds of waiting, a large input or LibreOffice
def test_a_writer_that_waits_too_long_gives_up_and_writes_nothing(tmp_path: Path) -> None:
    wb = _workbooks(tmp_path)
    _fill(wb / "2024-h1-市司法局.xlsx", {4: GOOD})
    before = _files(tmp_path)
    holder = _hold_lock(tmp_path / "progress" / "2024-h1.yaml", 8)
    code = (
        "import sys; import generator.files as files; files.LOCK_TIMEOUT = 1.5\n"
        "from generator.cli.main import main\n"
        "sys.exit(main(['progress', 'import', 'wb/2024-h1-市司法局.xlsx', '-o', 'progress/2024-h1.yaml',"
        f" '--plan', {str(PLAN)!r}]))"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    seconds = time.monotonic() - started
    holder.join()
    message = _refused(result)
    assert (
        "progress/2024-h1.yaml: 另一个命令正在写入该轮次文件（可能是另一次导入），等待 1.5 秒后仍未结束，未做任何改动。"
        "请等它完成后重试。" in message
    )
    assert 1.5 <= seconds < 8
    assert _files(tmp_path) == before


def test_import_needs_the_round_file_and_takes_its_name_from_it(tmp_path: Path) -> None:
    wb = _workbooks(tmp_path)
    book = _fill(wb / "2024-h1-市司法局.xlsx", {4: GOOD})
    _fill(book, {3: {"B": "</title><script>alert(1)</script>"}}, sheet="填报信息")
    (tmp_path / "progress" / "2024-h1.yaml").unlink()
    before = _files(tmp_path)
    message = _refused(_cli("import", str(book), "-o", "progress/2024-h1.yaml", cwd=tmp_path))
    assert (
        "progress/2024-h1.yaml: 轮次文件不存在。请先建立轮次文件 progress/2024-h1.yaml，"
        "写好 name（本轮名称）、as_of（截至日期）和 entries: []" in message
    )
    assert _files(tmp_path) == before

    (tmp_path / "progress" / "2024-h1.yaml").write_text(EMPTY_ROUND, encoding="utf-8")
    result = _cli("import", str(book), "-o", "progress/2024-h1.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "progress" / "2024-h1.yaml").read_text(encoding="utf-8")
    assert text.startswith("name: 2024年上半年\nas_of: 2024-06-30\n") and "script" not in text

    other = _fill(sorted(p for p in wb.glob("*.xlsx") if p != book)[0], {4: GOOD})
    _fill(other, {4: {"B": "2024-06-29"}}, sheet="填报信息")
    before = _files(tmp_path)
    message = _refused(_cli("import", str(other), "-o", "progress/2024-h1.yaml", cwd=tmp_path))
    assert f"{other}: 填报表的截至日期 2024-06-29 与轮次文件的 2024-06-30 不同。请用本轮的填报表。" in message
    assert _files(tmp_path) == before


def test_import_checks_each_row_as_a_round_file_is_checked(tmp_path: Path) -> None:
    wb = _workbooks(tmp_path)
    book = _fill(
        wb / "2024-h1-市司法局.xlsx",
        {
            4: {**GOOD, "G": "www.weinan.gov.cn", "H": "https://evil.example/x"},
            5: {**GOOD, "F": "正常\u202e文字"},
        },  # (no longer text: a cell holds at most 32,767 characters, openpyxl cuts the rest)
    )
    before = _files(tmp_path)
    message = _refused(_cli("import", "wb/" + book.name, "-o", "progress/2024-h1.yaml", cwd=tmp_path))
    sheet = "工作表“落实情况填报”"
    for expected in (
        f"wb/{book.name}:4:7: {sheet}第 4 行 G 列（佐证材料标题）: 佐证材料标题“www.weinan.gov.cn”写成了网址",
        f"wb/{book.name}:5:6: {sheet}第 5 行 F 列（落实情况）: 第 3 个字符是看不见的文字方向控制符 U+202E",
    ):
        assert expected in message, f"missing {expected!r} in:\n{message}"
    assert _files(tmp_path) == before


def test_a_url_with_a_user_name_is_refused_in_a_workbook(tmp_path: Path) -> None:
    wb = _workbooks(tmp_path)
    book = _fill(
        wb / "2024-h1-市司法局.xlsx",
        {4: {**GOOD, "G": "通知", "H": "https://www.weinan.gov.cn@evil.example/"}},
    )
    before = _files(tmp_path)
    message = _refused(_cli("import", "wb/" + book.name, "-o", "progress/2024-h1.yaml", cwd=tmp_path))
    assert f"wb/{book.name}:4:8: 工作表“落实情况填报”第 4 行 H 列（佐证材料网址）" in message
    assert _files(tmp_path) == before


def test_a_killed_import_leaves_nothing_the_next_one_does_not_remove(tmp_path: Path) -> None:
    wb = _workbooks(tmp_path)
    _fill(wb / "2024-h1-市司法局.xlsx", {4: GOOD})
    folder = tmp_path / "progress"
    stale = folder / ".2024-h1.yaml.k9x2_w1q.tmp"  # what tempfile.mkstemp names it
    stale.write_bytes(b"entries:\n" * 700_000)  # 6 MB, as the killed import of a large round left it
    others = {".2024-h2.yaml.abcd1234.tmp": b"another round's", ".notes.yaml": b"not a round: hidden"}
    for name, content in others.items():
        (folder / name).write_bytes(content)

    validated = _cli("validate", "--dir", "progress", cwd=tmp_path)  # hidden files are not rounds
    assert validated.returncode == 0 and validated.stdout.count("校验通过") == 1, validated.stderr
    result = _cli("import", "wb/2024-h1-市司法局.xlsx", "-o", "progress/2024-h1.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"已删除中断的写入留下的临时文件 progress/{stale.name}。" in result.stdout
    assert not stale.exists()
    assert {name: (folder / name).read_bytes() for name in others} == others


def test_a_real_kill_during_import_is_cleaned_up(tmp_path: Path) -> None:
    """kill -9 while the round is being written: the round is intact, the temporary file swept next time."""
    wb = _workbooks(tmp_path)
    first, second = (_fill(path, {4: GOOD}) for path in sorted(wb.glob("*.xlsx"))[:2])
    code = (
        "import os, sys, generator.files as files\n"
        "def stop(fd, tmp, content):\n"
        "    os.write(fd, content[:100]); print('writing', flush=True); os.kill(os.getpid(), 9)\n"
        "files._fill = stop\n"
        "from generator.cli.main import main\n"
        f"main(['progress', 'import', {str(first)!r}, '-o', 'progress/2024-h1.yaml', '--plan', {str(PLAN)!r}])"
    )
    killed = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert killed.returncode == -9 and "writing" in killed.stdout, killed.stderr
    folder = tmp_path / "progress"
    (left,) = folder.glob(".2024-h1.yaml.*.tmp")
    assert (folder / "2024-h1.yaml").read_text(encoding="utf-8") == EMPTY_ROUND
    result = _cli("import", str(second), "-o", "progress/2024-h1.yaml", cwd=tmp_path)
    assert result.returncode == 0 and f"progress/{left.name}" in result.stdout, result.stderr
    assert not list(folder.glob(".*"))


# -- writing every file or none ------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Path:
    """A 200 KB file system (tmpfs): the 28 workbooks of a round do not fit."""
    mount = tmp_path / "disk"
    mount.mkdir()
    tried = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if tried.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {tried.stderr.strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_template_on_a_full_disk_writes_no_workbook(small_disk: Path, tmp_path: Path) -> None:
    result = _cli(
        "template", "--round", "2024-h1", "--dir", str(EXAMPLES), "-o", str(small_disk / "wb"), cwd=tmp_path
    )
    message = _refused(result)
    assert "写入失败（磁盘空间不足）。本次共要写 28 个文件，已全部撤销，未改动任何文件。" in message
    assert list(small_disk.iterdir()) == []  # no workbook, no temporary file, not even the folder


def test_report_on_a_full_disk_keeps_the_file_it_would_replace(small_disk: Path, tmp_path: Path) -> None:
    (small_disk / "old.docx").write_bytes(b"the previous report")
    (small_disk / "filler").write_bytes(b"\0" * (200 * 1024 - 30 * 1024))
    before = _files(small_disk)
    for extra in ([], ["--force"]):
        out = "new.docx" if not extra else "old.docx"
        result = _cli(
            "report",
            "--round",
            "2024-h1",
            "--dir",
            str(EXAMPLES),
            "-o",
            str(small_disk / out),
            *extra,
            cwd=tmp_path,
        )
        message = _refused(result)
        assert (
            f"{small_disk / out}: 写入失败（磁盘空间不足）。本次共要写 1 个文件，已全部撤销，未改动任何文件。"
            in message
        )
        assert _files(small_disk) == before


def test_a_failure_while_renaming_puts_every_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last step can fail too (a rename): files already replaced get their old content back."""
    import generator.files as files
    from generator.files import OutputError, write_all

    (tmp_path / "b").write_bytes(b"old b")
    targets = {tmp_path / "a": b"new a", tmp_path / "b": b"new b", tmp_path / "sub" / "c": b"new c"}
    real = os.replace
    calls = []

    def failing(src: str, dst: str | Path) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", failing)
    with pytest.raises(OutputError) as caught:
        write_all(targets, force=True)
    assert "sub/c: 写入失败（磁盘空间不足）。本次共要写 3 个文件，已全部撤销，未改动任何文件。" in str(
        caught.value
    )
    assert _files(tmp_path) == {"b": b"old b"}


def test_schema_needs_force_to_replace_a_file(tmp_path: Path) -> None:
    (tmp_path / "schema.json").write_text("mine", encoding="utf-8")
    refused = run_cli("progress", "schema", "-o", "schema.json", cwd=tmp_path)
    assert "schema.json: 文件已存在，未覆盖。如确需覆盖，请加 --force。" in _refused(refused)
    assert (tmp_path / "schema.json").read_text(encoding="utf-8") == "mine"
    forced = run_cli("progress", "schema", "-o", "schema.json", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert (tmp_path / "schema.json").read_bytes() == (ROOT / "data" / "progress.schema.json").read_bytes()


# -- web addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.weinan.gov.cn/zwgk/1.htm",
        "http://sfj.weinan.gov.cn:8080/a?b=c#d",
        "https://xn--fiqs8s.xn--fiqs8s/",
        "https://渭南.中国/通知",
        "http://[2001:db8::1]/",
        "https://10.0.0.1/x",
    ],
)
def test_web_addresses_that_are_accepted(url: str) -> None:
    from generator.progress.checks import is_web_address

    assert is_web_address(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.weinan.gov.cn@evil.example/",
        "https://user:pass@example.org/",
        "https://@example.org/",
        "https://evil.example\\@www.weinan.gov.cn/",
        "https://www.weinan.gov.cn%2eevil.example/",
        "https://example.org:99999/",
        "https://example.org:0/",
        "https://exa mple.org/",
        "https://example.org/\u202e",
        "https://-bad-.example/",
        "https://a..b/",
        "http://[not-ip]/",
        "ftp://example.org/",
        "https:///path",
    ],
)
def test_web_addresses_that_are_refused(url: str) -> None:
    from generator.progress.checks import is_web_address, web_address_problem

    assert not is_web_address(url)
    assert (web_address_problem(url) or "").startswith(f"“{url}”")


@pytest.mark.parametrize(
    ("title", "url", "refused"),
    [
        ("www.weinan.gov.cn", "https://www.weinan.gov.cn/a", False),
        ("www.weinan.gov.cn", "https://sfj.weinan.gov.cn/a", False),
        ("weinan.gov.cn", "https://www.weinan.gov.cn/a", False),
        ("notice.pdf", "https://example.org/notice.pdf", False),
        ("关于印发权责清单的通知（weinan.gov.cn）", "https://example.org/", False),
        ("www.weinan.gov.cn", "https://evil.example/", True),
        ("weinan.gov.cn", "https://weinan.gov.cn.evil.example/", True),
        ("WWW.WEINAN.GOV.CN/zwgk", "https://evil.example/", True),
        ("https://www.weinan.gov.cn", "https://evil.example/", True),
        ("www.notice.pdf", "https://example.org/", True),
    ],
)
def test_a_title_written_as_another_sites_address_is_refused(title: str, url: str, refused: bool) -> None:
    from generator.plan.load import load_plan
    from generator.progress.checks import entry_problems
    from generator.progress.model import Entry, Evidence

    entry = Entry(
        task=1, unit="市司法局", status="推进中", date=dt.date(2024, 5, 1), text="x",
        evidence=(Evidence(title=title, url=url),),
    )  # fmt: skip
    problems = [path for path, _ in entry_problems(entry, dt.date(2024, 6, 30), load_plan(MINI))]
    assert problems == ([("evidence", 0, "title")] if refused else [])


def test_examples_still_validate_with_the_same_output() -> None:
    result = run_cli("progress", "validate", "--dir", str(EXAMPLES))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout == (
        f"{EXAMPLES}/2024-h1.yaml：校验通过。2024年上半年（示例），截至 2024-06-30，92 条报告，示例数据。\n"
        f"{EXAMPLES}/2024-h2.yaml：校验通过。2024年下半年（示例），截至 2024-12-31，83 条报告，示例数据。\n"
    )
