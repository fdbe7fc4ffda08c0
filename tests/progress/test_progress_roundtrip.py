"""The 落实情况 round trip: workbooks out, filled in as a body would, imported back, compiled report.

LibreOffice (headless) stands in for Excel and WPS: a workbook it re-saves must import exactly like
the original, and the report must convert to PDF in it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from tests.helpers import ROOT, run_cli

EXAMPLES = ROOT / "examples" / "progress"
PLAN = str(ROOT / "data" / "plan.yaml")
SOFFICE = shutil.which("soffice")
needs_office = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice 未安装（bash tests/system-deps.sh）")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("progress", *args, "--plan", PLAN, cwd=cwd)


def _templates(tmp_path: Path, round_id: str = "2024-h1", folder: Path = EXAMPLES) -> Path:
    out = tmp_path / "wb"
    result = _cli("template", "--round", round_id, "--dir", str(folder), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return out


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _body(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))


def test_importing_the_workbooks_of_a_round_gives_back_the_same_yaml(tmp_path: Path) -> None:
    wb = _templates(tmp_path)
    assert len(list(wb.glob("*.xlsx"))) == 28  # one per responsible body
    out = tmp_path / "2024-h1.yaml"
    out.write_text("name: 2024年上半年（示例）\nas_of: 2024-06-30\nentries: []\n", encoding="utf-8")
    result = _cli("import", *map(str, sorted(wb.glob("*.xlsx"))), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # The same entries, but none is an example: only editors mark one, in the round file.
    original = (EXAMPLES / "2024-h1.yaml").read_text(encoding="utf-8")
    assert "  example: true\n" in original
    assert _body(out.read_text(encoding="utf-8")) == _body(original.replace("  example: true\n", ""))
    # Importing again into the same file changes nothing.
    again = _cli("import", *map(str, sorted(wb.glob("*.xlsx"))), "-o", str(out), cwd=tmp_path)
    assert again.returncode == 0 and "内容没有变化" in again.stdout
    # Nor does importing them into the round file they came from: its examples stay examples.
    shutil.copy(EXAMPLES / "2024-h1.yaml", out)
    again = _cli("import", *map(str, sorted(wb.glob("*.xlsx"))), "-o", str(out), cwd=tmp_path)
    assert again.returncode == 0 and "内容没有变化" in again.stdout, again.stderr
    assert out.read_text(encoding="utf-8") == original


def test_workbook_layout_locks_prefills_and_offers_the_statuses(tmp_path: Path) -> None:
    path = _templates(tmp_path) / "2024-h1-市司法局.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["落实情况填报", "填写说明", "填报信息"]
    assert book["填报信息"].sheet_state == "hidden"
    sheet = book["落实情况填报"]
    assert sheet.protection.sheet
    assert [c.value for c in sheet[3]][:8] == [
        "序号",
        "任务",
        "责任单位",
        "落实状态",
        "日期",
        "落实情况",
        "佐证材料标题",
        "佐证材料网址",
    ]
    assert (
        sheet["A4"].protection.locked
        and not sheet["D4"].protection.locked
        and not sheet["F4"].protection.locked
    )
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert lists and lists[0].formula1 == '"未启动,推进中,已完成,持续推进"'
    assert "D4" in lists[0].sqref
    assert sheet["C4"].value == "市司法局" and sheet["D4"].value in {
        "未启动",
        "推进中",
        "已完成",
        "持续推进",
        None,
    }
    assert "落实状态" in "".join(str(c.value) for c in book["填写说明"]["A"])


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    folder = tmp_path / "progress"
    folder.mkdir()
    text = (EXAMPLES / "2024-h1.yaml").read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.startswith("  text: ") and "|" not in line)
    text = text.replace(first, "  text: '=HYPERLINK(\"http://x\")+1'", 1)
    (folder / "2024-h1.yaml").write_text(text, encoding="utf-8")
    wb = _templates(tmp_path, folder=folder)
    for path in wb.glob("*.xlsx"):
        with zipfile.ZipFile(path) as archive:
            assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml"), path.name
    out = tmp_path / "again.yaml"
    out_round = tmp_path / "2024-h1.yaml"
    out_round.write_text("name: 2024年上半年\nas_of: 2024-06-30\nentries: []\n", encoding="utf-8")
    result = _cli("import", *map(str, sorted(wb.glob("*.xlsx"))), "-o", str(out_round), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "=HYPERLINK" in out_round.read_text(encoding="utf-8") and not out.exists()


def _open_round(tmp_path: Path) -> Path:
    folder = tmp_path / "progress"
    folder.mkdir()
    (folder / "2024-h1.yaml").write_text(
        "name: 2024年上半年\nas_of: 2024-06-30\nentries: []\n", encoding="utf-8"
    )
    return folder


def _fill(path: Path, rows: dict[int, dict[str, object]], target: Path | None = None) -> Path:
    """Fill a workbook as a body would (openpyxl writes the values; the sheet stays protected)."""
    book = openpyxl.load_workbook(path)
    sheet = book["落实情况填报"]
    for row, values in rows.items():
        for letter, value in values.items():
            sheet[f"{letter}{row}"] = value
    book.save(target or path)
    return target or path


GOOD = {"D": "推进中", "E": dt.datetime(2024, 5, 6), "F": "第一段。\n第二段。"}


def test_every_problem_in_returned_workbooks_is_reported_at_once(tmp_path: Path) -> None:
    folder = _open_round(tmp_path)
    wb = _templates(tmp_path, folder=folder)
    sifa = _fill(
        wb / "2024-h1-市司法局.xlsx",
        {
            4: {"B": "改过的标题", **GOOD},
            5: {**GOOD, "D": "完成了"},
            6: {**GOOD, "E": "下周"},
            7: {**GOOD, "D": "已完成", "F": None},
            8: {**GOOD, "F": "=1+1"},
            9: {**GOOD, "C": "市公安局"},
            10: {**GOOD, "G": "通知", "H": "ftp://example.org/1"},
        },
    )
    book = openpyxl.load_workbook(wb / "2024-h1-市委编办.xlsx")
    book["落实情况填报"].delete_rows(5)
    book.save(wb / "2024-h1-市委编办.xlsx")
    book = openpyxl.load_workbook(wb / "2024-h1-市行政审批局.xlsx")
    book["填报信息"]["B2"] = "2024-h2"
    book.save(wb / "2024-h1-市行政审批局.xlsx")
    book = openpyxl.load_workbook(wb / "2024-h1-市发展改革委.xlsx")
    del book["填报信息"]
    book.save(wb / "2024-h1-市发展改革委.xlsx")
    (wb / "notes.xlsx").write_text("这不是工作簿", encoding="utf-8")
    (wb / "old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    names = [
        "2024-h1-市司法局.xlsx",
        "2024-h1-市委编办.xlsx",
        "2024-h1-市行政审批局.xlsx",
        "2024-h1-市发展改革委.xlsx",
        "notes.xlsx",
        "old.xlsx",
    ]
    before = _files(tmp_path)

    result = _cli("import", *[f"wb/{n}" for n in names], "-o", "progress/2024-h1.yaml", cwd=tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    s = f"wb/{sifa.name}"
    sheet = "工作表“落实情况填报”"
    for expected in [
        f"{s}:4:2: {sheet}第 4 行 B 列（任务）: 任务标题被改动",
        f"{s}:5:4: {sheet}第 5 行 D 列（落实状态）: “完成了”不是可选的落实状态",
        f"{s}:6:5: {sheet}第 6 行 E 列（日期）: “下周”不是日期",
        f"{s}:7:6: {sheet}第 7 行 F 列（落实情况）: 状态为“已完成”，落实情况不能为空",
        f"{s}:8:6: {sheet}第 8 行 F 列（落实情况）: 此单元格是公式",
        f"{s}:9:3: {sheet}第 9 行 C 列（责任单位）: 责任单位被改为“市公安局”。本表只能由市司法局填写",
        f"{s}:10:8: {sheet}第 10 行 H 列（佐证材料网址）: “ftp://example.org/1”不是网址",
        "wb/2024-h1-市委编办.xlsx: 工作表“落实情况填报”: 缺少第 9 项任务（深化行政执法体制改革）所在的行",
        "wb/2024-h1-市行政审批局.xlsx: 工作表“填报信息”: 这是轮次“2024-h2”（2024年上半年）的填报表，不能导入轮次“2024-h1”",
        "wb/2024-h1-市发展改革委.xlsx: 工作表“填报信息”: 工作簿中没有隐藏的“填报信息”工作表",
        "wb/notes.xlsx: 不是 Excel 工作簿（.xlsx）",
        "wb/old.xlsx: 这是旧版 Excel 97-2003（.xls）或 WPS（.et）格式的文件",
    ]:
        assert expected in result.stderr, f"missing {expected!r} in:\n{result.stderr}"
    assert "共发现 12 个问题，未生成任何文件" in result.stderr
    assert _files(tmp_path) == before  # nothing written, no temporary file left
    assert (folder / "2024-h1.yaml").read_text(encoding="utf-8").endswith("entries: []\n")


def test_a_changed_entry_is_only_replaced_with_replace(tmp_path: Path) -> None:
    folder = tmp_path / "progress"
    folder.mkdir()
    shutil.copy(EXAMPLES / "2024-h1.yaml", folder / "2024-h1.yaml")
    wb = _templates(tmp_path, folder=folder)
    book = openpyxl.load_workbook(wb / "2024-h1-市司法局.xlsx")
    row = next(r for r in range(4, 30) if book["落实情况填报"][f"D{r}"].value)
    task = book["落实情况填报"][f"A{row}"].value
    _fill(wb / "2024-h1-市司法局.xlsx", {row: {"F": "改写后的落实情况。"}})
    original = (folder / "2024-h1.yaml").read_bytes()

    refused = _cli("import", str(wb / "2024-h1-市司法局.xlsx"), "-o", "progress/2024-h1.yaml", cwd=tmp_path)
    assert refused.returncode == 1
    assert (
        f"第 {row} 行: 市司法局第 {task} 项任务的落实情况与 progress/2024-h1.yaml 中已有的不同（内容有改动）"
        in refused.stderr
    )
    assert "请加 --replace" in refused.stderr
    assert (folder / "2024-h1.yaml").read_bytes() == original

    replaced = _cli(
        "import", str(wb / "2024-h1-市司法局.xlsx"), "-o", "progress/2024-h1.yaml", "--replace", cwd=tmp_path
    )
    assert replaced.returncode == 0, replaced.stderr
    assert "替换 1 条" in replaced.stdout
    text = (folder / "2024-h1.yaml").read_text(encoding="utf-8")
    assert "改写后的落实情况。" in text and text.startswith("# 示例数据")  # the file's comments are kept


@pytest.mark.slow  # seconds of waiting, a large input or LibreOffice
@needs_office
def test_a_workbook_saved_by_libreoffice_imports_exactly_like_the_original(tmp_path: Path) -> None:
    folder = _open_round(tmp_path)
    wb = _templates(tmp_path, folder=folder)
    filled = _fill(
        wb / "2024-h1-市司法局.xlsx",
        {
            4: {**GOOD, "G": "通知一\n通知二", "H": "https://example.org/1\nhttps://example.org/2"},
            5: {"D": "已完成", "E": "2024-06-30", "F": "+86 热线已开通；@全体 =说明"},
        },
        tmp_path / "filled.xlsx",
    )
    resaved = tmp_path / "office"
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(resaved),
            str(filled),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    outputs = []
    for name, path in (("a", filled), ("b", resaved / "filled.xlsx")):
        (tmp_path / name).mkdir()
        shutil.copy(folder / "2024-h1.yaml", tmp_path / name / "2024-h1.yaml")  # the round, still empty
        result = _cli("import", str(path), "-o", f"{name}/2024-h1.yaml", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        outputs.append((tmp_path / name / "2024-h1.yaml").read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert "+86 热线已开通；@全体 =说明" in outputs[0] and "第二段。" in outputs[0]


def test_commands_never_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "report.docx").write_bytes(b"mine")
    result = _cli("report", "--round", "2024-h1", "--dir", str(EXAMPLES), "-o", "report.docx", cwd=tmp_path)
    assert result.returncode == 1 and "文件已存在，未覆盖。如确需覆盖，请加 --force" in result.stderr
    assert (tmp_path / "report.docx").read_bytes() == b"mine"
    wb = _templates(tmp_path)
    again = _cli(
        "template",
        "--round",
        "2024-h1",
        "--dir",
        str(EXAMPLES),
        "--unit",
        "市司法局",
        "-o",
        str(wb),
        cwd=tmp_path,
    )
    assert again.returncode == 1 and "2024-h1-市司法局.xlsx: 文件已存在" in again.stderr
    unknown = _cli("template", "--round", "2030-h1", "--dir", str(EXAMPLES), "-o", "x", cwd=tmp_path)
    assert unknown.returncode == 1 and "没有轮次“2030-h1”（已有：2024-h1、2024-h2）" in unknown.stderr
    assert not (tmp_path / "x").exists() and not list(tmp_path.rglob(".*.tmp"))


def test_the_report_lists_every_entry_in_order_and_opens_in_libreoffice(tmp_path: Path) -> None:
    import yaml

    result = _cli("report", "--round", "2024-h2", "--dir", str(EXAMPLES), "-o", "report.docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    again = _cli("report", "--round", "2024-h2", "--dir", str(EXAMPLES), "-o", "again.docx", cwd=tmp_path)
    assert again.returncode == 0
    assert (tmp_path / "report.docx").read_bytes() == (tmp_path / "again.docx").read_bytes()  # reproducible

    document = Document(str(tmp_path / "report.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "渭南市2024年法治政府建设工作要点落实情况汇总（2024年下半年（示例））"
    assert paragraphs[1] == "（截至2024年12月31日）"
    assert any("标注“示例”的落实情况是虚构的示例数据" in p for p in paragraphs)
    body = "\n".join(paragraphs)
    position = 0
    data = yaml.safe_load((EXAMPLES / "2024-h2.yaml").read_text(encoding="utf-8"))
    for entry in data["entries"]:
        first = entry["text"].splitlines()[0]
        head = f"{entry['unit']}（{entry['status']}，"
        found = body.find(head, position)
        assert found >= 0 and body.find(first, found) >= 0, (entry["task"], entry["unit"])
        position = found
    assert "未报送。" in body  # bodies that did not report are named
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "方面",
        "未启动",
        "推进中",
        "已完成",
        "持续推进",
        "未报送",
        "合计",
    ]
    assert table.rows[-1].cells[0].text == "合计"
    assert int(table.rows[-1].cells[-1].text) == sum(int(c.text) for c in table.rows[-1].cells[1:-1])


@pytest.mark.slow  # seconds of waiting, a large input or LibreOffice
@needs_office
def test_the_report_converts_to_pdf_in_libreoffice(tmp_path: Path) -> None:
    assert (
        _cli("report", "--round", "2024-h1", "--dir", str(EXAMPLES), "-o", "r.docx", cwd=tmp_path).returncode
        == 0
    )
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "r.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "r.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        subprocess.run(
            [pdftoppm, "-r", "30", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True
        )
        assert list(tmp_path.glob("page*.png"))


def test_the_report_keeps_tabs_and_markup_characters_as_written(tmp_path: Path) -> None:
    """Most paragraphs are written as XML text in one go; a task whose text has a tab goes through
    python-docx, which writes the tab as its own element. Either way the text reads back as written."""
    import dataclasses
    import io

    from generator.plan.load import load_plan
    from generator.progress.load import load_progress
    from generator.progress.model import Progress
    from generator.progress.report import round_report

    plan = load_plan(PLAN)
    progress = load_progress(EXAMPLES, plan)
    rnd = progress.rounds[-1]
    tabbed = rnd.entries[0].model_copy(update={"text": "第一段\t含制表符\n第二段"})
    marked = rnd.entries[-1].model_copy(update={"text": "<b>不是标签</b> & “引号” ' \""})
    entries = (tabbed, *rnd.entries[1:-1], marked)
    changed = Progress(plan, (*progress.rounds[:-1], dataclasses.replace(rnd, entries=entries)))
    paragraphs = [p.text for p in Document(io.BytesIO(round_report(changed, rnd.id))).paragraphs]
    assert any(p.endswith("）：第一段\t含制表符") for p in paragraphs)
    assert "第二段" in paragraphs
    assert any(p.endswith("）：<b>不是标签</b> & “引号” ' \"") for p in paragraphs)
