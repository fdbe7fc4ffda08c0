"""落实情况 fill-in workbooks: one per responsible body and round, and reading them back.

A workbook has a fill-in sheet (a row per task the body answers for; task, title and body locked,
status from a drop-down, date, text and evidence to fill in), an instructions sheet in Chinese and
a hidden sheet recording the round and the body, so that a returned file cannot be imported under
another round or body. Cells are always written as values: text starting with ``=``, ``+``, ``-``
or ``@`` stays text and never becomes a formula.

:func:`read_workbook` turns a returned file into entries, reporting every problem with the file,
sheet, row and column; :mod:`generator.progress_cli` merges them into the round's YAML.
A returned file is untrusted: its size, its zip members and the rows read are capped before and
while openpyxl parses it (:func:`_open`), every cell's text passes the plan's character rules, and
only the round, the body and the 截至 date are taken from the hidden sheet (and checked).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from typing import Any

from generator.errors import Problem
from generator.plan.model import Plan, TaskRef
from generator.progress.checks import is_web_address
from generator.progress.model import ROUND_ID, STATUSES, Entry, Evidence, Round
from generator.reproducible import FORMULA_START, office_bytes
from generator.textcheck import invisible_name

FORMAT = "weinan-progress-workbook/1"
SHEET = "落实情况填报"
INSTRUCTIONS = "填写说明"
META = "填报信息"
HEADER_ROW = 3
FIRST_ROW = 4
#: Column letter, heading, width, whether the body fills it in.
COLUMNS = [
    ("A", "序号", 6, False),
    ("B", "任务", 30, False),
    ("C", "责任单位", 16, False),
    ("D", "落实状态", 11, True),
    ("E", "日期", 12, True),
    ("F", "落实情况", 60, True),
    ("G", "佐证材料标题", 24, True),
    ("H", "佐证材料网址", 30, True),
    ("I", "示例", 6, False),
]
HEADINGS = {letter: heading for letter, heading, _, _ in COLUMNS}
META_KEYS = ("格式", "轮次标识", "轮次名称", "截至日期", "责任单位", "计划")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Stream names in the OLE directory (UTF-16LE) of a password-protected .xlsx (ECMA-376 encryption).
ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
#: Not a security boundary: the protection only keeps a body from changing the locked cells or the
#: sheets by mistake. Anyone can remove it (the legacy hash is 16 bits), and the import re-checks
#: every locked cell and the hidden sheet anyway. Editors use it to unprotect a form (see README).
PROTECTION_PASSWORD = "weinan2024"

# Limits on a returned file, checked before openpyxl parses it. A real form is 10–40 KB: 11 members,
# the largest (the fill-in sheet) about 13 KB unpacked, and about 250 KB if every cell of a body with
# two dozen tasks were answered at length. openpyxl builds objects for whole members (styles,
# workbook, relationships) and for whole rows: 1 MB of such XML costs it 15–70 MB of memory, so the
# limits below keep the import of any file under about 150 MB (measured) and a few seconds.
#: Unpacked size of all members together.
MAX_UNPACKED_BYTES = 4 * 1024 * 1024
#: Compressed size: a zip is hardly bigger than what it unpacks to, so a bigger file cannot pass the
#: limit above; it is refused before it is read (a zip bomb of 44 MB is refused here).
MAX_WORKBOOK_BYTES = 5 * 1024 * 1024
#: Unpacked size of one member.
MAX_MEMBER_BYTES = 1024 * 1024
#: Zip members: Excel, WPS and LibreOffice write 10–20.
MAX_MEMBERS = 100
#: Unpacked : compressed, for members over 64 KB. Spreadsheet XML compresses 5–20 : 1; a zip bomb 1000 : 1.
MAX_RATIO = 100
RATIO_FROM = 64 * 1024
#: Rows read past the body's last task: the form has one row per task and the rows cannot be moved,
#: so a row further down is never a report (reading stops there, however far the sheet claims to go).
ROW_MARGIN = 50
#: Excel's own limit on the characters in a cell.
MAX_CELL_CHARS = 32767
#: What a cell shows when a formula failed; never a report.
ERROR_VALUES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")
#: The columns read back; column I (示例) is editorial and never taken from a returned form.
READ_COLUMNS = "ABCDEFGH"


@dataclass(frozen=True)
class WorkbookInfo:
    """What the hidden sheet records."""

    round_id: str
    round_name: str
    as_of: dt.date
    unit: str


@dataclass(frozen=True)
class ReadResult:
    """One returned workbook: what it records, its entries (with their row), its problems."""

    info: WorkbookInfo | None
    entries: tuple[tuple[int, Entry], ...]
    problems: tuple[Problem, ...]


def workbook_name(round_id: str, unit: str) -> str:
    """File name of a body's workbook, e.g. ``2024-h1-市司法局.xlsx`` (safe on every system)."""
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", unit)
    return f"{round_id}-{safe}.xlsx"


def template_workbook(plan: Plan, rnd: Round, unit: str, when: dt.datetime | None = None) -> bytes:
    """The fill-in workbook of one body for one round, pre-filled with the round's entries.

    The same inputs give the same bytes (``when`` defaults to the round's 截至 date).
    """
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    when = when or dt.datetime.combine(rnd.as_of, dt.time())
    wb = Workbook()
    wb.properties.creator = plan.publication.source
    wb.properties.title = f"{rnd.name}落实情况填报表（{unit}）"
    wb.properties.created = when
    wb.properties.modified = when
    _fill_sheet(wb.active, plan, rnd, unit)
    _instructions_sheet(wb.create_sheet(INSTRUCTIONS), plan, rnd, unit)
    _meta_sheet(wb.create_sheet(META), plan, rnd, unit)
    wb.security = WorkbookProtection(workbookPassword=PROTECTION_PASSWORD, lockStructure=True)
    return office_bytes(wb, when)


def set_text(cell: Any, value: str) -> None:
    """Put text in a cell as text: never a formula, even when it starts with = + - @."""
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True


def _fill_sheet(ws: Any, plan: Plan, rnd: Round, unit: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    ws.title = SHEET
    set_text(ws["A1"], f"{plan.publication.title}落实情况填报表（{rnd.name}）")
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:H1")
    set_text(
        ws["A2"],
        f"责任单位：{unit}　截至日期：{rnd.as_of.isoformat()}　请只填写白色单元格（填写说明见第二个工作表）。",
    )
    ws.merge_cells("A2:H2")
    locked_fill = PatternFill("solid", fgColor="EDEDED")
    for letter, heading, width, _ in COLUMNS:
        cell = ws[f"{letter}{HEADER_ROW}"]
        set_text(cell, heading)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2DCDB")
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["I"].hidden = True
    existing = {e.task: e for e in rnd.entries if e.unit == unit}
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, ref in enumerate(plan.tasks_of_unit(unit), start=FIRST_ROW):
        values = _row_values(ref, unit, existing.get(ref.number))
        for (letter, _, _, fill_in), value in zip(COLUMNS, values, strict=True):
            cell = ws[f"{letter}{row}"]
            if isinstance(value, str):
                set_text(cell, value)
            else:
                cell.value = value
            cell.alignment = wrap
            cell.protection = Protection(locked=not fill_in)
            if not fill_in:
                cell.fill = locked_fill
        ws[f"E{row}"].number_format = "yyyy-mm-dd"
    last = FIRST_ROW + len(plan.tasks_of_unit(unit)) - 1
    _validations(ws, plan, last)
    ws.freeze_panes = f"D{FIRST_ROW}"
    _protect(ws)
    ws.protection.formatRows = False  # let the body make rows taller for long text
    ws.protection.formatColumns = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _row_values(ref: TaskRef, unit: str, entry: Entry | None) -> list[Any]:
    fixed: list[Any] = [ref.number, ref.task.title, unit]
    if entry is None:
        return [*fixed, None, None, None, None, None, None]
    titles = "\n".join(e.title for e in entry.evidence) or None
    urls = "\n".join(e.url for e in entry.evidence) or None
    return [*fixed, entry.status, entry.date, entry.text, titles, urls, "示例" if entry.example else None]


def _validations(ws: Any, plan: Plan, last: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if last < FIRST_ROW:
        return
    status = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="落实状态",
        error="请从下拉列表中选择：" + "、".join(STATUSES),
        promptTitle="落实状态",
        prompt="请从下拉列表中选择",
        showInputMessage=True,
    )
    status.add(f"D{FIRST_ROW}:D{last}")
    year = plan.publication.issued.year
    date = DataValidation(
        type="date",
        operator="between",
        formula1=f"DATE({year},1,1)",
        formula2=f"DATE({year},12,31)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="日期",
        error=f"请填写{year}年内的日期，格式如 {year}-06-20。",
    )
    date.add(f"E{FIRST_ROW}:E{last}")
    ws.add_data_validation(status)
    ws.add_data_validation(date)


def _instructions_sheet(ws: Any, plan: Plan, rnd: Round, unit: str) -> None:
    from openpyxl.styles import Alignment, Font

    lines = [
        f"{rnd.name}落实情况填报说明",
        "",
        f"1. 本表由{plan.publication.source}发给{unit}，只用于报送“{rnd.name}”（截至 {rnd.as_of.isoformat()}）的落实情况。"
        "请不要把本表转给其他单位填写，也不要另存为其他格式。",
        "2. 每一行是本单位承担的一项任务。序号、任务和责任单位已锁定，请勿改动、增删行或调整顺序。",
        "3. 落实状态：请从下拉列表中选择，含义如下：",
        *[f"　　{name}：{description}" for name, description in STATUSES.items()],
        f"4. 日期：报告日期，写成 {rnd.as_of.year}-06-20 的形式，须在{plan.publication.issued.year}年内，"
        f"且不晚于截至日期 {rnd.as_of.isoformat()}。",
        "5. 落实情况：填写纯文本，可分段（单元格内换行：Excel 按 Alt+Enter，WPS 按 Alt+Enter）。"
        "状态为“已完成”的任务必须填写落实情况。",
        "6. 佐证材料（可选）：已公开发布的文件或新闻的标题和网址（以 http:// 或 https:// 开头）。"
        "有多份材料时，标题和网址各占一行，顺序一一对应。",
        "7. 暂无进展的任务可整行留空；留空的行不会导入。",
        "8. 填好后保存为 .xlsx 格式（WPS 用户请选择“Excel 工作簿 (*.xlsx)”），发回汇总单位。",
        "9. 工作表和工作簿结构设有保护密码，只为防止误改，不是保密或防篡改措施；"
        "导入时会逐一核对锁定的单元格和隐藏的“填报信息”工作表，改动过的表会被退回重填。",
    ]
    for row, line in enumerate(lines, start=1):
        if line:
            set_text(ws.cell(row, 1), line)
        ws.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 110
    _protect(ws)


def _meta_sheet(ws: Any, plan: Plan, rnd: Round, unit: str) -> None:
    values = (FORMAT, rnd.id, rnd.name, rnd.as_of.isoformat(), unit, plan.publication.title)
    for row, (key, value) in enumerate(zip(META_KEYS, values, strict=True), start=1):
        set_text(ws.cell(row, 1), key)
        set_text(ws.cell(row, 2), value)
    ws.sheet_state = "hidden"
    _protect(ws)


def _protect(ws: Any) -> None:
    """Lock a sheet with :data:`PROTECTION_PASSWORD` (against mistakes, not against anyone)."""
    ws.protection.sheet = True
    ws.protection.password = PROTECTION_PASSWORD


# -- reading a returned workbook -----------------------------------------------------------------


class _Sheet:
    """Problems found in one sheet of one file, each with its row and column."""

    def __init__(self, filename: str, sheet: str) -> None:
        self.filename = filename
        self.sheet = sheet
        self.problems: list[Problem] = []

    def add(self, row: int | None, letter: str | None, message: str) -> None:
        column = ord(letter) - ord("A") + 1 if letter else None
        where = f"工作表“{self.sheet}”"
        if row is not None:
            where += f"第 {row} 行"
        if letter:
            where += f" {letter} 列（{HEADINGS.get(letter, '')}）" if self.sheet == SHEET else f" {letter} 列"
        self.problems.append(Problem(self.filename, row, column, where, message))


@dataclass(frozen=True)
class _Cell:
    """A cell as read: its value (text with the OOXML ``_xHHHH_`` escapes decoded) and its type."""

    value: Any
    data_type: str


def read_workbook(raw: bytes, filename: str, plan: Plan, round_id: str) -> ReadResult:
    """A returned workbook's entries for round ``round_id``, or every problem found in it."""
    problems: list[Problem] = []
    if not _sound_archive(raw, filename, problems):
        return ReadResult(None, (), tuple(problems))
    with warnings.catch_warnings():
        # openpyxl explains in English what it drops (data validation extensions, drawings…); the
        # import needs none of it, and a clerk cannot act on it.
        warnings.simplefilter("ignore")
        wb = _load(raw, filename, problems)
        if wb is None:
            return ReadResult(None, (), tuple(problems))
        try:
            return _read(wb, filename, plan, round_id, problems)
        finally:
            wb.close()


def _read(wb: Any, filename: str, plan: Plan, round_id: str, problems: list[Problem]) -> ReadResult:
    info = _read_meta(wb, filename, plan, round_id, problems)
    if info is None or problems:
        return ReadResult(info, (), tuple(problems))
    if SHEET not in wb.sheetnames:
        message = f"找不到工作表“{SHEET}”。请不要改动工作表名称；如已改动，请用原始填报表重新填写。"
        return ReadResult(info, (), (Problem(filename, None, None, "", message),))
    last = FIRST_ROW + len(plan.tasks_of_unit(info.unit)) + ROW_MARGIN - 1
    rows = _rows(wb[SHEET], FIRST_ROW, last, len(READ_COLUMNS), filename, problems)
    if rows is None:
        return ReadResult(info, (), tuple(problems))
    sheet = _Sheet(filename, SHEET)
    entries = _read_rows(rows, sheet, plan, info)
    return ReadResult(info, tuple(entries), tuple(sheet.problems))


def _sound_archive(raw: bytes, filename: str, problems: list[Problem]) -> bool:
    """Whether ``raw`` is a zip that openpyxl may parse: its kind, size and members within bounds."""

    def fail(message: str) -> bool:
        problems.append(Problem(filename, None, None, "", message))
        return False

    if len(raw) > MAX_WORKBOOK_BYTES:
        return fail(
            f"文件过大（{_size(len(raw))}，上限 {_size(MAX_WORKBOOK_BYTES)}）。填报表通常只有几十 KB："
            "请确认选择了正确的文件，或用原始填报表重新填写。"
        )
    if raw.startswith(OLE_MAGIC):
        if any(name in raw for name in ENCRYPTED_STREAMS):
            return fail(
                "工作簿设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中打开，取消文件密码后另存，再导入。"
            )
        return fail(
            "这是旧版 Excel 97-2003（.xls）或 WPS（.et）格式的文件。请用 Excel 或 WPS 打开，另存为“Excel 工作簿 (*.xlsx)”后重新导入。"
        )
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        return fail("不是 Excel 工作簿（.xlsx）。请确认发来的是本工具生成的填报表，并以 .xlsx 格式保存。")
    # Each entry of the zip directory starts with this signature: counting them bounds what zipfile
    # would build before it builds anything.
    members = raw.count(b"PK\x01\x02")
    if members > MAX_MEMBERS:
        return fail(
            f"工作簿由 {members} 个部件组成，远多于填报表应有的（上限 {MAX_MEMBERS} 个）。"
            "这不是本工具生成的填报表：请用原始填报表重新填写。"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            message = _archive_problem(archive)
    except Exception:  # zipfile raises many kinds of errors on damaged archives (CRC, deflate, EOF…)
        message = _DAMAGED
    return fail(message) if message else True


_DAMAGED = "无法作为 .xlsx 工作簿打开：文件可能已损坏，或是其他格式改了扩展名。请重新另存为 .xlsx 后导入。"


def _archive_problem(archive: zipfile.ZipFile) -> str | None:
    """Why the archive is not a workbook to parse, or ``None``; every member is unpacked with a cap."""
    infos = archive.infolist()
    mimetype = next((i for i in infos if i.filename == "mimetype"), None)
    if mimetype and mimetype.file_size <= 100 and archive.read(mimetype).startswith(ODS_MIMETYPE):
        return (
            "这是 OpenDocument 电子表格（.ods），不是 .xlsx（可能只改了扩展名）。"
            "请用 WPS、Excel 或 LibreOffice 打开，另存为“Excel 工作簿 (*.xlsx)”后重新导入。"
        )
    again = (
        "填报表只需填写文字，解压后只有几十 KB：如在表中插入了图片或其他对象，请删除后另存再导入；"
        "否则这不是本工具生成的填报表，或文件已损坏，请用原始填报表重新填写。"
    )
    for info in infos:
        name = _visible(info.filename)
        if info.file_size > MAX_MEMBER_BYTES:
            return (
                f"工作簿中的 {name} 解压后有 {_size(info.file_size)}，超过单个部件的上限 "
                f"{_size(MAX_MEMBER_BYTES)}。{again}"
            )
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            return (
                f"工作簿中的 {name} 压缩比异常（{ratio}∶1，上限 {MAX_RATIO}∶1），"
                f"像是为耗尽内存而构造的压缩包。{again}"
            )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        return f"工作簿解压后共有 {_size(total)}，超过上限 {_size(MAX_UNPACKED_BYTES)}。{again}"
    # The directory's sizes may lie: unpack every member in chunks, never more than it declares
    # (zipfile stops there and then checks the CRC, which fails if there was more).
    for info in infos:
        unpacked = 0
        with archive.open(info) as stream:
            while chunk := stream.read(64 * 1024):
                unpacked += len(chunk)
                if unpacked > info.file_size:
                    return f"工作簿中的 {_visible(info.filename)} 解压后比记录的大小更大。{again}"
    return None


def _load(raw: bytes, filename: str, problems: list[Problem]) -> Any:
    from openpyxl import load_workbook

    try:
        # read_only: rows are parsed as they are asked for, so only the rows of the form are read.
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds of errors on damaged or foreign zip files
        problems.append(Problem(filename, None, None, "", _DAMAGED))
        return None


def _rows(
    ws: Any, first: int, last: int, columns: int, filename: str, problems: list[Problem]
) -> list[tuple[_Cell, ...]] | None:
    """Rows ``first``–``last`` of a sheet (however many more it claims to have), or ``None`` if damaged."""
    from openpyxl.utils.escape import unescape

    try:
        return [
            tuple(_Cell(unescape(c.value) if isinstance(c.value, str) else c.value, c.data_type) for c in row)
            for row in ws.iter_rows(min_row=first, max_row=last, max_col=columns)
        ]
    except Exception:  # a damaged sheet fails only when its rows are parsed
        title = _visible(str(getattr(ws, "title", "")))
        problems.append(Problem(filename, None, None, f"工作表“{title}”", _DAMAGED))
        return None


def _cell_problem(cell: _Cell) -> str | None:
    """Why a cell's content cannot be a report, whatever its column; ``None`` if it can."""
    value = cell.value
    if cell.data_type == "f":
        return "此单元格是公式。请直接填写文字（如需以“=”开头，请在前面加英文单引号 '）。"
    if cell.data_type == "e" or (isinstance(value, str) and value.strip() in ERROR_VALUES):
        return (
            f"单元格显示错误值 {_visible(str(value).strip())}，不是填写的内容（多是粘贴了公式的结果）。"
            "请删除它，直接填写文字。"
        )
    if not isinstance(value, str):
        return None
    if len(value) > MAX_CELL_CHARS:
        return (
            f"单元格有 {len(value)} 个字符，超过 Excel 单元格的上限 {MAX_CELL_CHARS} 个字符。"
            "请删去多余的内容（落实情况写要点即可），或检查是否粘贴错了内容。"
        )
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    found = [(i, name) for i, ch in enumerate(text) if (name := invisible_name(ch)) is not None]
    if not found:
        return None
    index, name = found[0]
    more = f"（共 {len(found)} 处）" if len(found) > 1 else ""
    return (
        f"第 {index + 1} 个字符是看不见的{name}{more}。这类字符会让文字显示得与实际内容不同："
        "请删除它（可整段重新输入）。"
    )


def _read_meta(
    wb: Any, filename: str, plan: Plan, round_id: str, problems: list[Problem]
) -> WorkbookInfo | None:
    """What the hidden sheet records; only the round, the body and the 截至 date are taken from it."""

    def fail(message: str) -> None:
        problems.append(Problem(filename, None, None, f"工作表“{META}”", message))

    if META not in wb.sheetnames:
        fail(
            "工作簿中没有隐藏的“填报信息”工作表，无法确认轮次和责任单位。可能不是本工具生成的填报表，"
            "或另存时被删除（部分 WPS 版本另存为其他格式时会这样）。请用原始填报表重新填写，并保存为 .xlsx。"
        )
        return None
    rows = _rows(wb[META], 1, len(META_KEYS), 2, filename, problems)
    if rows is None:
        return None
    tampered = "“填报信息”工作表已被改动或版本不符，无法确认轮次和责任单位。请用本轮的原始填报表重新填写。"
    if any(_cell_problem(cell) for row in rows for cell in row):
        fail(tampered)
        return None
    values = {_text(key.value): value.value for key, value in rows}
    if values.get("格式") != FORMAT or not all(isinstance(values.get(key), str) for key in META_KEYS):
        fail(tampered)
        return None
    round_name, unit = values["轮次名称"], values["责任单位"]
    if not ROUND_ID.fullmatch(values["轮次标识"]) or len(values["轮次标识"]) > 64 or len(round_name) > 100:
        fail(tampered)
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", values["截至日期"]):
            raise ValueError
        as_of = dt.date.fromisoformat(values["截至日期"])
    except ValueError:
        fail("“填报信息”工作表中的截至日期已被改动。请用本轮的原始填报表重新填写。")
        return None
    info = WorkbookInfo(values["轮次标识"], round_name, as_of, unit)
    if info.round_id != round_id:
        fail(
            f"这是轮次“{info.round_id}”（{info.round_name}）的填报表，不能导入轮次“{round_id}”。请核对文件或 -o 指定的轮次文件。"
        )
    if values["计划"] != plan.publication.title:
        fail(f"这是“{_shown(values['计划'])}”的填报表，不是“{plan.publication.title}”的。")
    elif unit not in plan.units_by_name or not plan.tasks_of_unit(unit):
        fail(
            f"填报表记录的责任单位“{_shown(unit)}”不是计划中任何任务的责任单位。请用本单位的原始填报表重新填写。"
        )
    return info


def _read_rows(
    rows: list[tuple[_Cell, ...]], sheet: _Sheet, plan: Plan, info: WorkbookInfo
) -> list[tuple[int, Entry]]:
    expected = {ref.number: ref for ref in plan.tasks_of_unit(info.unit)}
    seen: set[int] = set()
    entries: list[tuple[int, Entry]] = []
    for row, values in enumerate(rows, start=FIRST_ROW):
        cells = dict(zip(READ_COLUMNS, values, strict=True))
        if all(_blank(cell.value) for cell in cells.values()):
            continue
        bad = [letter for letter, cell in cells.items() if _cell_problem(cell)]
        for letter in bad:
            sheet.add(row, letter, _cell_problem(cells[letter]) or "")
        if bad:
            number = None if "A" in bad else _integer(cells["A"].value)
            if number in expected:
                seen.add(number)  # its row is there; the problems above say what is wrong with it
            continue
        ref = _task_of_row(cells, row, expected, seen, sheet, info)
        if ref is None:
            continue
        seen.add(ref.number)
        entry = _read_entry(cells, row, ref, sheet, info, plan)
        if entry is not None:
            entries.append((row, entry))
    for number, ref in expected.items():
        if number not in seen:
            sheet.add(
                None,
                None,
                f"缺少第 {number} 项任务（{ref.title}）所在的行。请不要删除行；请用原始填报表重新填写。",
            )
    return entries


def _task_of_row(
    cells: dict[str, _Cell],
    row: int,
    expected: dict[int, TaskRef],
    seen: set[int],
    sheet: _Sheet,
    info: WorkbookInfo,
) -> TaskRef | None:
    """The task a row is about, if its locked cells are as written; else why not."""
    number = _integer(cells["A"].value)
    if number is None or number not in expected:
        sheet.add(
            row, "A", f"序号“{_shown(cells['A'].value)}”不是{info.unit}承担的任务。请不要改动序号或增加行。"
        )
        return None
    ref = expected[number]
    if number in seen:
        sheet.add(row, "A", f"第 {number} 项任务出现了两次。请删除重复的行，只保留一行。")
        return None
    if _text(cells["B"].value) != ref.title:
        sheet.add(row, "B", f"任务标题被改动，应为“{ref.title}”。请恢复原文，不要改动锁定的单元格。")
    if _text(cells["C"].value) != info.unit:
        sheet.add(
            row,
            "C",
            f"责任单位被改为“{_shown(cells['C'].value)}”。本表只能由{info.unit}填写；其他单位请使用各自的填报表。",
        )
    return ref


def _read_entry(
    cells: dict[str, _Cell], row: int, ref: TaskRef, sheet: _Sheet, info: WorkbookInfo, plan: Plan
) -> Entry | None:
    """The row's report, or None when the row is left empty or has problems (which are added).

    Never an example: whether an entry is one is the editors' call, made in the round file.
    """
    before = len(sheet.problems)
    if all(_blank(cells[letter].value) for letter in "DEFGH"):
        return None  # not reported: the row is left as it was sent
    status = _status(cells["D"].value, row, sheet)
    date = _date(cells["E"].value, row, sheet, info.as_of, plan.publication.issued.year)
    text = _text(cells["F"].value)
    if not text:
        done = "状态为“已完成”，" if status == "已完成" else ""
        sheet.add(row, "F", f"{done}落实情况不能为空。请填写本单位的落实情况，或把整行留空。")
    evidence = _evidence(cells["G"].value, cells["H"].value, row, sheet)
    if len(sheet.problems) > before or status is None or date is None:
        return None
    return Entry(task=ref.number, unit=info.unit, status=status, date=date, text=text, evidence=evidence)


def _status(value: Any, row: int, sheet: _Sheet) -> str | None:
    status = _text(value)
    if not status:
        sheet.add(row, "D", "请从下拉列表中选择落实状态。")
        return None
    if status not in STATUSES:
        sheet.add(
            row, "D", f"“{_shown(value)}”不是可选的落实状态。请从下拉列表中选择：{'、'.join(STATUSES)}。"
        )
        return None
    return status


def _date(value: Any, row: int, sheet: _Sheet, as_of: dt.date, year: int) -> dt.date | None:
    if _blank(value):
        sheet.add(row, "E", f"请填写日期，如 {year}-06-20。")
        return None
    date = _as_date(value)
    if date is None:
        sheet.add(row, "E", f"“{_shown(value)}”不是日期。请写成 {year}-06-20 的形式。")
    elif date.year != year:
        sheet.add(row, "E", f"日期 {date} 不在计划年度（{year}年）内。请核对日期。")
    elif date > as_of:
        sheet.add(row, "E", f"日期 {date} 晚于本轮截至日期 {as_of}。请核对日期。")
    else:
        return date
    return None


#: A date as people type it (2024-06-20, 2024/6/20, 2024.6.20, 2024年6月20日), perhaps with a time.
_DATE = re.compile(
    r"\s*([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?"
    r"(?:(?:\s+|T)([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?)?\s*"
)


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()  # a date typed with a time of day is still that day
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    # NFKC: full-width digits and signs (２０２４－０６－２０), as typed with a Chinese input method.
    match = _DATE.fullmatch(unicodedata.normalize("NFKC", value))
    if not match:
        return None
    year, month, day, hour, minute, second = match.groups()
    try:
        if hour is not None:
            dt.time(int(hour), int(minute), int(second or 0))
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _evidence(titles_cell: Any, urls_cell: Any, row: int, sheet: _Sheet) -> tuple[Evidence, ...]:
    titles = [line.strip() for line in _text(titles_cell).splitlines() if line.strip()]
    urls = [line.strip() for line in _text(urls_cell).splitlines() if line.strip()]
    if len(titles) != len(urls):
        sheet.add(
            row,
            "G" if len(titles) < len(urls) else "H",
            f"佐证材料有 {len(titles)} 个标题、{len(urls)} 个网址，数量不一致。请每个标题一行、对应的网址一行。",
        )
        return ()
    for url in urls:
        if not is_web_address(url):
            sheet.add(row, "H", f"“{_shown(url)}”不是网址。佐证材料网址须以 http:// 或 https:// 开头。")
    return tuple(Evidence(title=t, url=u) for t, u in zip(titles, urls, strict=True))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    """A cell's text, with Windows line ends made plain and white space around it removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdecimal():  # isdigit() would let "²" reach int()
        return int(value.strip())
    return None


def _shown(value: Any) -> str:
    """A cell's text for a message: shortened, as a message quotes it in full."""
    if _blank(value):
        return "（空）"
    text = _text(value)
    return text if len(text) <= 60 else text[:60] + "…"


def _visible(text: str, limit: int = 60) -> str:
    """Text from a file (a member name, an error value) with its invisible characters spelled out."""
    text = "".join(f"\\u{ord(ch):04x}" if ch == "\n" or invisible_name(ch) is not None else ch for ch in text)
    return text if len(text) <= limit else text[:limit] + "…"


def _size(n: int) -> str:
    if n >= 1024**3:
        return f"{n / 1024**3:.1f} GB"
    if n >= 1024**2:
        return f"{n / 1024**2:.1f} MB"
    return f"{n / 1024:.0f} KB"
