"""Returned 落实情况 workbooks that are damaged, oversized, crafted or just filled in oddly (issue #21).

Each hostile file is built here from a real form (zipfile / openpyxl), so nothing large is committed.
The CLI runs in a subprocess as an editor runs it; where a file could hang the import or exhaust
memory, the child's wall time and peak memory are measured as well.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from generator.plan.load import load_plan
from generator.plan.model import Plan
from generator.progress.load import parse_round
from generator.progress.workbook import (
    MAX_MEMBER_BYTES,
    MAX_UNPACKED_BYTES,
    PROTECTION_PASSWORD,
    SHEET,
    read_workbook,
    template_workbook,
)
from tests.helpers import ROOT, Measured, measured_cli

PLAN = str(ROOT / "data" / "plan.yaml")
ROUND = "name: 2024年上半年\nas_of: 2024-06-30\nentries: []\n"
UNIT = "市司法局"
FORM = f"2024-h1-{UNIT}.xlsx"
SHEET_XML = "xl/worksheets/sheet1.xml"
#: Bounds for a refusal (or a read) of a hostile file: seconds and MB of the child's peak memory.
SECONDS, MEGABYTES = 5, 200
GOOD = {"D": "推进中", "E": dt.datetime(2024, 5, 6), "F": "已开展培训。"}


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN)


@pytest.fixture(scope="module")
def form(plan: Plan) -> bytes:
    """The form of 市司法局 for an open round with no entries yet, as the template command writes it."""
    return template_workbook(plan, parse_round(ROUND, "2024-h1.yaml", "2024-h1", plan), UNIT)


def _import(tmp_path: Path, *files: str | Path) -> Measured:
    """``progress import`` in a child process, with its wall time and peak memory."""
    args = ["progress", "import", *map(str, files), "-o", "progress/2024-h1.yaml", "--plan", str(PLAN)]
    return measured_cli(*args, cwd=tmp_path)


def _round(tmp_path: Path) -> Path:
    folder = tmp_path / "progress"
    folder.mkdir()
    path = folder / "2024-h1.yaml"
    path.write_text(ROUND, encoding="utf-8")
    return path


def _files(folder: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else None for p in sorted(folder.rglob("*"))
    }


def _refused(tmp_path: Path, *files: str | Path, bounded: bool = False) -> str:
    """Import ``files`` into an empty round; assert it is refused and nothing written; the report."""
    round_file = tmp_path / "progress" / "2024-h1.yaml"
    if not round_file.exists():
        _round(tmp_path)
    before = _files(tmp_path)
    run = _import(tmp_path, *files)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr and "Error" not in run.stderr, run.stderr
    assert "Warning" not in run.stderr and "warn" not in run.stderr, run.stderr
    assert "未生成任何文件" in run.stderr
    assert _files(tmp_path) == before  # the round file unchanged, no temporary file left
    assert round_file.read_text(encoding="utf-8") == ROUND
    if bounded:
        assert run.seconds < SECONDS, f"{run.seconds:.1f} s"
        assert run.megabytes < MEGABYTES, f"{run.megabytes:.0f} MB"
    return run.stderr


def _filled(form: bytes, rows: dict[int, dict[str, object]]) -> bytes:
    """The form filled in as a body would (openpyxl writes the values; the sheet stays protected)."""
    book = openpyxl.load_workbook(io.BytesIO(form))
    sheet = book[SHEET]
    for row, values in rows.items():
        for letter, value in values.items():
            sheet[f"{letter}{row}"] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rezipped(form: bytes, replace: dict[str, bytes], *, extra: dict[str, bytes] | None = None) -> bytes:
    """The form's zip with some members' content replaced and others added."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(form)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, replace.get(info.filename, src.read(info)))
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return buffer.getvalue()


def _sheet_xml(form: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(form)) as archive:
        return archive.read(SHEET_XML).decode("utf-8")


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _where(row: int, letter: str, heading: str) -> str:
    return f"{FORM}:{row}:{ord(letter) - 64}: 工作表“{SHEET}”第 {row} 行 {letter} 列（{heading}）: "


# -- 1. size and shape limits, checked before openpyxl parses -------------------------------------


def test_a_styled_cell_at_the_last_row_does_not_make_the_import_walk_the_sheet(
    tmp_path: Path, form: bytes
) -> None:
    """One styled empty cell at row 1,048,576 (10 KB) once made the import create every cell: 2.3 GB."""
    filled = _filled(form, {4: GOOD})
    xml = _sheet_xml(filled).replace(
        "</sheetData>", '<row r="1048576"><c r="I1048576" s="1"/></row></sheetData>'
    )
    xml = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:I1048576"', xml)
    path = _write(tmp_path, FORM, _rezipped(filled, {SHEET_XML: xml.encode()}))
    assert path.stat().st_size < 20_000
    _round(tmp_path)

    run = _import(tmp_path, path)

    assert run.returncode == 0, run.stderr
    assert "新增 1 条" in run.stdout and run.stderr == ""
    assert run.seconds < SECONDS, f"{run.seconds:.1f} s"
    assert run.megabytes < MEGABYTES, f"{run.megabytes:.0f} MB"
    assert "已开展培训。" in (tmp_path / "progress" / "2024-h1.yaml").read_text(encoding="utf-8")


@pytest.mark.slow  # seconds of waiting, a large input or LibreOffice
def test_a_file_too_big_to_be_a_form_is_refused_unread(tmp_path: Path, form: bytes) -> None:
    path = _write(tmp_path, FORM, form)
    with path.open("r+b") as stream:
        stream.truncate(300 * 1024 * 1024)  # sparse: a zip bomb's size without writing one
    stderr = _refused(tmp_path, path, bounded=True)
    assert f"{FORM}: 文件过大（300.0 MB，上限 5 MB）" in stderr


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """120 MB of one worksheet row's cells, deflated to about 120 KB (as a zip bomb is built)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    cells = b'<c r="F5" t="n"><v>1</v></c>' * (1024 * 1024 // 28)
    chunks = [
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="5">'
    ]
    chunks += [packer.compress(cells) for _ in range(120)]
    chunks.append(packer.compress(b"</row></sheetData></worksheet>") + packer.flush())
    return b"".join(chunks)


def _with_raw_member(form: bytes, name: str, deflated: bytes, size: int, crc: int) -> bytes:
    """The form with member ``name`` made of already deflated data and whatever sizes it should claim."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(form)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != name:
                out.writestr(info.filename, src.read(info))
    raw = bytearray(buffer.getvalue())
    # Append the member by hand: a local header, the data, then the directory rebuilt with it.
    end = raw.rfind(b"PK\x05\x06")
    directory_at = int.from_bytes(raw[end + 16 : end + 20], "little")
    directory = bytes(raw[directory_at:end])
    count = int.from_bytes(raw[end + 10 : end + 12], "little")
    encoded = name.encode()
    fields = (
        (20).to_bytes(2, "little")
        + (0).to_bytes(2, "little")
        + (8).to_bytes(2, "little")
        + (0).to_bytes(4, "little")
        + crc.to_bytes(4, "little")
        + len(deflated).to_bytes(4, "little")
        + size.to_bytes(4, "little")
        + len(encoded).to_bytes(2, "little")
    )
    local = b"PK\x03\x04" + fields + (0).to_bytes(2, "little") + encoded
    offset = directory_at
    central = (
        b"PK\x01\x02"
        + (20).to_bytes(2, "little")
        + fields
        + (0).to_bytes(2, "little") * 3
        + (0).to_bytes(6, "little")
        + offset.to_bytes(4, "little")
        + encoded
    )
    body = bytes(raw[:directory_at]) + local + deflated
    directory += central
    tail = (
        b"PK\x05\x06"
        + (0).to_bytes(4, "little")
        + (count + 1).to_bytes(2, "little") * 2
        + len(directory).to_bytes(4, "little")
        + len(body).to_bytes(4, "little")
        + (0).to_bytes(2, "little")
    )
    return body + directory + tail


def test_a_zip_bomb_is_refused_by_its_unpacked_size(tmp_path: Path, form: bytes, bomb: bytes) -> None:
    size = 120 * (1024 * 1024 // 28) * 28 + 200
    path = _write(tmp_path, FORM, _with_raw_member(form, SHEET_XML, bomb, size, 0))
    assert path.stat().st_size < 1024 * 1024
    stderr = _refused(tmp_path, path, bounded=True)
    assert f"{FORM}: 工作簿中的 {SHEET_XML} 解压后有 120.0 MB，超过单个部件的上限 1.0 MB" in stderr


def test_a_zip_bomb_that_lies_about_its_size_is_caught_while_unpacking(
    tmp_path: Path, form: bytes, bomb: bytes
) -> None:
    """The directory says 30 KB; the data unpacks to 120 MB. Unpacking stops at 30 KB and the CRC fails."""
    path = _write(tmp_path, FORM, _with_raw_member(form, SHEET_XML, bomb, 30_000, 0x12345678))
    stderr = _refused(tmp_path, path, bounded=True)
    assert f"{FORM}: 无法作为 .xlsx 工作簿打开：文件可能已损坏" in stderr


def test_a_member_that_compresses_like_a_bomb_is_refused(tmp_path: Path, form: bytes) -> None:
    xml = _sheet_xml(form)
    padded = xml.replace(
        "</worksheet>", "<!--" + " " * (MAX_MEMBER_BYTES - len(xml) - 100) + "--></worksheet>"
    )
    path = _write(tmp_path, FORM, _rezipped(form, {SHEET_XML: padded.encode()}))
    stderr = _refused(tmp_path, path, bounded=True)
    assert re.search(rf"{FORM}: 工作簿中的 {SHEET_XML} 压缩比异常（\d+∶1，上限 100∶1）", stderr), stderr


def test_too_much_unpacked_data_in_all_members_together_is_refused(tmp_path: Path, form: bytes) -> None:
    # Five pictures of 0.9 MB each, compressing 7 : 1 (binary digits): 4.5 MB unpacked, 0.7 MB on disk.
    pictures = {
        f"xl/media/image{i}.bin": os.urandom(900_000).translate(bytes(48 + b % 2 for b in range(256)))
        for i in range(5)
    }
    path = _write(tmp_path, FORM, _rezipped(form, {}, extra=pictures))
    stderr = _refused(tmp_path, path, bounded=True)
    assert f"{FORM}: 工作簿解压后共有 4.3 MB，超过上限 4.0 MB" in stderr


@pytest.mark.slow  # seconds of waiting, a large input or LibreOffice
def test_a_file_at_every_limit_at_once_is_read_within_the_bounds(tmp_path: Path, form: bytes) -> None:
    """The limits themselves keep memory bounded: members just under them, of what costs openpyxl the
    most memory per byte (a row of empty cells, fonts, defined names, relationships), import in time."""
    rng = random.Random(1)
    filled = _filled(form, {4: GOOD})
    with zipfile.ZipFile(io.BytesIO(filled)) as archive:
        members = {i.filename: archive.read(i).decode() for i in archive.infolist()}
    size = MAX_MEMBER_BYTES - 16 * 1024

    def grown(text: str, anchor: str, item: Callable[[], str]) -> bytes:
        items, length = [], len(text)
        while length < size:
            items.append(item())
            length += len(items[-1])
        return text.replace(anchor, anchor + "".join(items), 1).encode()

    row = re.search(r'<row r="5"[^>]*>', members[SHEET_XML])
    fonts = re.search(r'<fonts count="\d+">', members["xl/styles.xml"])
    assert row and fonts
    # Random white space and values keep each member under the compression ratio limit.
    replaced = {
        SHEET_XML: grown(members[SHEET_XML], row[0], lambda: "<c/>" + rng.choice(["", " ", "\n", "\t"])),
        "xl/styles.xml": grown(
            members["xl/styles.xml"],
            fonts[0],
            lambda: f'<font><sz val="{rng.randrange(100)}"/><name val="f{rng.randrange(10**6)}"/></font>',
        ),
        "xl/workbook.xml": grown(
            members["xl/workbook.xml"],
            "<definedNames>",
            lambda: f'<definedName name="n{rng.randrange(10**9)}">A!$A${rng.randrange(10**5)}</definedName>',
        ),
        "xl/_rels/workbook.xml.rels": grown(
            members["xl/_rels/workbook.xml.rels"],
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">',
            lambda: (
                f'<Relationship Id="q{rng.randrange(10**9)}" Target="x{rng.randrange(10**6)}.xml" Type="x"/>'
            ),
        ),
    }
    path = _write(tmp_path, FORM, _rezipped(filled, replaced))
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    assert sum(i.file_size for i in infos) <= MAX_UNPACKED_BYTES
    assert sorted(i.file_size for i in infos)[-4] > MAX_MEMBER_BYTES - 20 * 1024
    _round(tmp_path)

    run = _import(tmp_path, path)

    assert run.returncode == 0 and "新增 1 条" in run.stdout, run.stderr
    assert run.seconds < SECONDS, f"{run.seconds:.1f} s"
    assert run.megabytes < MEGABYTES, f"{run.megabytes:.0f} MB"


def test_a_zip_of_thousands_of_members_is_refused_before_it_is_listed(tmp_path: Path, form: bytes) -> None:
    path = _write(tmp_path, FORM, _rezipped(form, {}, extra={f"x/{i}": b"" for i in range(20_000)}))
    stderr = _refused(tmp_path, path, bounded=True)
    assert f"{FORM}: 工作簿由 20011 个部件组成，远多于填报表应有的（上限 100 个）" in stderr


def test_a_cell_longer_than_excel_allows_is_refused_with_its_length(tmp_path: Path, form: bytes) -> None:
    filled = _filled(form, {4: {**GOOD, "F": "PLACEHOLDER"}})  # openpyxl cuts longer text at 32,767
    with zipfile.ZipFile(io.BytesIO(filled)) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    replaced = {name: data.replace(b"PLACEHOLDER", "长".encode() * 40_000) for name, data in members.items()}
    assert replaced != members
    path = _write(tmp_path, FORM, _rezipped(filled, replaced))
    stderr = _refused(tmp_path, path, bounded=True)
    assert (
        _where(4, "F", "落实情况") + "单元格有 40000 个字符，超过 Excel 单元格的上限 32767 个字符" in stderr
    )


# -- 2. only regular files are read ---------------------------------------------------------------


def test_a_fifo_or_a_device_given_as_a_workbook_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "returned.xlsx"
    os.mkfifo(fifo)
    stderr = _refused(tmp_path, fifo, "/dev/zero", tmp_path / "progress", bounded=True)
    assert f"{fifo}: 这不是普通文件（而是命名管道）" in stderr
    assert "/dev/zero: 这不是普通文件（而是字符设备）" in stderr
    assert f"{tmp_path / 'progress'}: 这是一个目录，不是文件" in stderr


# -- 3. the plan's character rules ------------------------------------------------------------------


def test_direction_and_escaped_control_characters_in_cells_are_refused(tmp_path: Path, form: bytes) -> None:
    """``通知\\u202efdp.exe`` shows as “通知exe.pdf”; ``_x000B_`` is how OOXML writes a control character."""
    rows = {
        4: {**GOOD, "G": "通知\u202efdp.exe", "H": "https://example.org/1"},
        5: {**GOOD, "F": "第一段_x000B_第二段"},
        6: {**GOOD, "F": "零宽\u200b空格"},
    }
    path = _write(tmp_path, FORM, _filled(form, rows))
    stderr = _refused(tmp_path, path)
    assert _where(4, "G", "佐证材料标题") + "第 3 个字符是看不见的文字方向控制符 U+202E" in stderr
    assert _where(5, "F", "落实情况") + "第 4 个字符是看不见的控制字符 U+000B" in stderr
    assert _where(6, "F", "落实情况") + "第 3 个字符是看不见的零宽空格 U+200B" in stderr
    assert "共发现 3 个问题" in stderr


def test_an_escaped_underscore_stays_the_text_it_was(plan: Plan, form: bytes) -> None:
    """``_x005F_x000B_`` is the OOXML for the literal text ``_x000B_``: read back as that, not as U+000B."""
    filled = _filled(form, {4: {**GOOD, "F": "编号_x005F_x000B_"}})
    result = read_workbook(filled, FORM, plan, "2024-h1")
    assert result.problems == ()
    assert [entry.text for _, entry in result.entries] == ["编号_x000B_"]


# -- 4. what a returned form may not decide ---------------------------------------------------------


def test_a_returned_form_cannot_mark_a_report_as_an_example(tmp_path: Path, form: bytes) -> None:
    path = _write(tmp_path, FORM, _filled(form, {4: {**GOOD, "I": "示例"}}))
    round_file = _round(tmp_path)
    run = _import(tmp_path, path)
    assert run.returncode == 0, run.stderr
    text = round_file.read_text(encoding="utf-8")
    assert "已开展培训。" in text and "example" not in text


def _meta(form: bytes, cell: str, value: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(form))
    book["填报信息"][cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_hidden_sheet_is_checked_strictly(tmp_path: Path, form: bytes) -> None:
    names = {
        "id.xlsx": _meta(form, "B2", "2024-h1\n"),
        "name.xlsx": _meta(form, "B3", "2024年上半年\u202e（示例）"),
        "date.xlsx": _meta(form, "B4", "20240630"),
        "unit.xlsx": _meta(form, "B5", "市委"),
    }
    for name, data in names.items():
        _write(tmp_path, name, data)
    stderr = _refused(tmp_path, *names)
    hidden = "工作表“填报信息”: "
    tampered = "“填报信息”工作表已被改动或版本不符，无法确认轮次和责任单位"
    assert f"id.xlsx: {hidden}{tampered}" in stderr
    assert f"name.xlsx: {hidden}{tampered}" in stderr
    assert f"date.xlsx: {hidden}“填报信息”工作表中的截至日期已被改动" in stderr
    assert f"unit.xlsx: {hidden}填报表记录的责任单位“市委”不是计划中任何任务的责任单位" in stderr
    assert "共发现 4 个问题" in stderr


def test_forms_are_protected_with_a_password_and_reproducible(plan: Plan, form: bytes) -> None:
    from openpyxl.utils.protection import hash_password

    again = template_workbook(plan, parse_round(ROUND, "2024-h1.yaml", "2024-h1", plan), UNIT)
    assert again == form
    with zipfile.ZipFile(io.BytesIO(form)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        sheets = [archive.read(f"xl/worksheets/sheet{i}.xml").decode() for i in (1, 2, 3)]
    digest = hash_password(PROTECTION_PASSWORD)
    assert f'<workbookProtection workbookPassword="{digest}" lockStructure="1"/>' in workbook
    for xml in sheets:
        assert re.search(rf'<sheetProtection [^>]*sheet="1"[^>]*password="{digest}"', xml)
    instructions = openpyxl.load_workbook(io.BytesIO(form))["填写说明"]
    assert any("不是保密或防篡改措施" in str(c.value) for c in instructions["A"])


# -- 5. what openpyxl and spreadsheet programs leave in a file ---------------------------------------


def test_openpyxl_notes_about_unsupported_parts_are_not_printed(tmp_path: Path, form: bytes) -> None:
    """Excel and WPS write data validations that refer to other sheets as an extension openpyxl drops."""
    extension = (
        '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="0"/>'
        "</ext></extLst></worksheet>"
    )
    filled = _filled(form, {4: GOOD})
    xml = _sheet_xml(filled).replace("</worksheet>", extension)
    path = _write(tmp_path, FORM, _rezipped(filled, {SHEET_XML: xml.encode()}))
    _round(tmp_path)
    run = _import(tmp_path, path)
    assert run.returncode == 0 and "新增 1 条" in run.stdout
    assert run.stderr == ""


def test_error_values_are_refused_not_imported_as_text(tmp_path: Path, form: bytes) -> None:
    errors = ["#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!"]
    rows = {4 + i: {**GOOD, "F": error} for i, error in enumerate(errors)}
    path = _write(tmp_path, FORM, _filled(form, rows))
    stderr = _refused(tmp_path, path)
    for i, error in enumerate(errors):
        assert _where(4 + i, "F", "落实情况") + f"单元格显示错误值 {error}，不是填写的内容" in stderr
    assert f"共发现 {len(errors)} 个问题" in stderr


def test_dates_with_a_time_or_in_full_width_digits_are_dates(plan: Plan, form: bytes) -> None:
    dates = ["2024-06-20 10:30:00", dt.datetime(2024, 6, 20, 10, 30), "２０２４－０６－２０", "2024年6月20日"]
    rows = {4 + i: {**GOOD, "E": date} for i, date in enumerate(dates)}
    result = read_workbook(_filled(form, rows), FORM, plan, "2024-h1")
    assert result.problems == ()
    assert [entry.date for _, entry in result.entries] == [dt.date(2024, 6, 20)] * len(dates)
    bad = read_workbook(_filled(form, {4: {**GOOD, "E": "2024-06-20 25:00"}}), FORM, plan, "2024-h1")
    assert [p.message for p in bad.problems] == ["“2024-06-20 25:00”不是日期。请写成 2024-06-20 的形式。"]


def test_a_renamed_ods_and_a_password_protected_workbook_say_what_they_are(tmp_path: Path) -> None:
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    _write(tmp_path, "ods.xlsx", ods.getvalue())
    # A password-protected .xlsx is an OLE compound file whose directory names these streams.
    directory = b"".join(
        name.encode("utf-16-le").ljust(64, b"\0") + (2 * len(name) + 2).to_bytes(2, "little") + b"\2" * 62
        for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")
    )
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\0")
    _write(tmp_path, "encrypted.xlsx", header + directory + b"\0" * 2048)
    _write(tmp_path, "old.xlsx", header + b"\0" * 2048)
    stderr = _refused(tmp_path, "ods.xlsx", "encrypted.xlsx", "old.xlsx")
    assert "ods.xlsx: 这是 OpenDocument 电子表格（.ods），不是 .xlsx（可能只改了扩展名）。" in stderr
    assert "另存为“Excel 工作簿 (*.xlsx)”后重新导入" in stderr
    assert "encrypted.xlsx: 工作簿设置了打开密码（已加密），无法读取。" in stderr
    assert "取消文件密码后另存，再导入" in stderr
    assert "old.xlsx: 这是旧版 Excel 97-2003（.xls）或 WPS（.et）格式的文件" in stderr
    assert "可能已损坏" not in stderr
