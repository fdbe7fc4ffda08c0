"""落实情况 fill-in workbooks: one per responsible body and round, and reading them back.

A workbook has a fill-in sheet (a row per task the body answers for; task, title and body locked,
status from a drop-down, date, text and evidence to fill in), an instructions sheet in Chinese and
a hidden sheet recording the round and the body, so that a returned file cannot be imported under
another round or body. Cells are always written as values: text starting with ``=``, ``+``, ``-``
or ``@`` stays text and never becomes a formula.

:func:`read_workbook` turns a returned file into entries, reporting every problem with the file,
sheet, row and column; :mod:`generator.progress_cli` merges them into the round's YAML.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from generator.errors import Problem
from generator.model import Plan, TaskRef
from generator.progress import STATUSES, Entry, Evidence, Round, is_web_address

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
#: Values a spreadsheet would take for a formula if typed into a cell.
FORMULA_START = ("=", "+", "-", "@")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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

    from generator.exports import office_bytes

    when = when or dt.datetime.combine(rnd.as_of, dt.time())
    wb = Workbook()
    wb.properties.creator = plan.publication.source
    wb.properties.title = f"{rnd.name}落实情况填报表（{unit}）"
    wb.properties.created = when
    wb.properties.modified = when
    _fill_sheet(wb.active, plan, rnd, unit)
    _instructions_sheet(wb.create_sheet(INSTRUCTIONS), plan, rnd, unit)
    _meta_sheet(wb.create_sheet(META), plan, rnd, unit)
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
    ws.protection.sheet = True
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
    ]
    for row, line in enumerate(lines, start=1):
        if line:
            set_text(ws.cell(row, 1), line)
        ws.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 110
    ws.protection.sheet = True


def _meta_sheet(ws: Any, plan: Plan, rnd: Round, unit: str) -> None:
    values = (FORMAT, rnd.id, rnd.name, rnd.as_of.isoformat(), unit, plan.publication.title)
    for row, (key, value) in enumerate(zip(META_KEYS, values, strict=True), start=1):
        set_text(ws.cell(row, 1), key)
        set_text(ws.cell(row, 2), value)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


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


def read_workbook(raw: bytes, filename: str, plan: Plan, round_id: str) -> ReadResult:
    """A returned workbook's entries for round ``round_id``, or every problem found in it."""
    problems: list[Problem] = []
    wb = _open(raw, filename, problems)
    if wb is None:
        return ReadResult(None, (), tuple(problems))
    info = _read_meta(wb, filename, plan, round_id, problems)
    if info is None or problems:
        return ReadResult(info, (), tuple(problems))
    if SHEET not in wb.sheetnames:
        message = f"找不到工作表“{SHEET}”。请不要改动工作表名称；如已改动，请用原始填报表重新填写。"
        return ReadResult(info, (), (Problem(filename, None, None, "", message),))
    sheet = _Sheet(filename, SHEET)
    entries = _read_rows(wb[SHEET], sheet, plan, info)
    return ReadResult(info, tuple(entries), tuple(sheet.problems))


def _open(raw: bytes, filename: str, problems: list[Problem]) -> Any:
    from openpyxl import load_workbook

    def fail(message: str) -> None:
        problems.append(Problem(filename, None, None, "", message))

    if raw.startswith(OLE_MAGIC):
        fail(
            "这是旧版 Excel 97-2003（.xls）或 WPS（.et）格式的文件。请用 Excel 或 WPS 打开，另存为“Excel 工作簿 (*.xlsx)”后重新导入。"
        )
        return None
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        fail("不是 Excel 工作簿（.xlsx）。请确认发来的是本工具生成的填报表，并以 .xlsx 格式保存。")
        return None
    try:
        return load_workbook(io.BytesIO(raw), data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on damaged or foreign zip files
        fail("无法作为 .xlsx 工作簿打开：文件可能已损坏，或是其他格式改了扩展名。请重新另存为 .xlsx 后导入。")
        return None


def _read_meta(
    wb: Any, filename: str, plan: Plan, round_id: str, problems: list[Problem]
) -> WorkbookInfo | None:
    def fail(message: str) -> None:
        problems.append(Problem(filename, None, None, f"工作表“{META}”", message))

    if META not in wb.sheetnames:
        fail(
            "工作簿中没有隐藏的“填报信息”工作表，无法确认轮次和责任单位。可能不是本工具生成的填报表，"
            "或另存时被删除（部分 WPS 版本另存为其他格式时会这样）。请用原始填报表重新填写，并保存为 .xlsx。"
        )
        return None
    ws = wb[META]
    values = {str(ws.cell(r, 1).value or ""): ws.cell(r, 2).value for r in range(1, len(META_KEYS) + 1)}
    if values.get("格式") != FORMAT or any(key not in values for key in META_KEYS):
        fail("“填报信息”工作表已被改动或版本不符，无法确认轮次和责任单位。请用本轮的原始填报表重新填写。")
        return None
    try:
        as_of = dt.date.fromisoformat(str(values["截至日期"]))
    except ValueError:
        fail("“填报信息”工作表中的截至日期已被改动。请用本轮的原始填报表重新填写。")
        return None
    info = WorkbookInfo(str(values["轮次标识"]), str(values["轮次名称"]), as_of, str(values["责任单位"]))
    if info.round_id != round_id:
        fail(
            f"这是轮次“{info.round_id}”（{info.round_name}）的填报表，不能导入轮次“{round_id}”。请核对文件或 -o 指定的轮次文件。"
        )
    if values["计划"] != plan.publication.title:
        fail(f"这是“{values['计划']}”的填报表，不是“{plan.publication.title}”的。")
    elif not plan.tasks_of_unit(info.unit):
        fail(
            f"填报表记录的责任单位“{info.unit}”不是计划中任何任务的责任单位。请用本单位的原始填报表重新填写。"
        )
    return info


def _read_rows(ws: Any, sheet: _Sheet, plan: Plan, info: WorkbookInfo) -> list[tuple[int, Entry]]:
    expected = {ref.number: ref for ref in plan.tasks_of_unit(info.unit)}
    seen: set[int] = set()
    entries: list[tuple[int, Entry]] = []
    for row in range(FIRST_ROW, ws.max_row + 1):
        cells = {letter: ws[f"{letter}{row}"] for letter, *_ in COLUMNS}
        if all(_blank(cell.value) for cell in cells.values()):
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
    cells: dict[str, Any],
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
    cells: dict[str, Any], row: int, ref: TaskRef, sheet: _Sheet, info: WorkbookInfo, plan: Plan
) -> Entry | None:
    """The row's report, or None when the row is left empty or has problems (which are added)."""
    before = len(sheet.problems)
    for letter in "DEFGH":
        if cells[letter].data_type == "f":
            sheet.add(
                row, letter, "此单元格是公式。请直接填写文字（如需以“=”开头，请在前面加英文单引号 '）。"
            )
    if len(sheet.problems) > before:
        return None
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
    example = _text(cells["I"].value) == "示例"
    return Entry(
        task=ref.number,
        unit=info.unit,
        status=status,
        date=date,
        text=text,
        evidence=evidence,
        example=example,
    )


def _status(value: Any, row: int, sheet: _Sheet) -> str | None:
    status = _text(value)
    if not status:
        sheet.add(row, "D", "请从下拉列表中选择落实状态。")
        return None
    if status not in STATUSES:
        sheet.add(row, "D", f"“{status}”不是可选的落实状态。请从下拉列表中选择：{'、'.join(STATUSES)}。")
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


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    match = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", value)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
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
            sheet.add(row, "H", f"“{url}”不是网址。佐证材料网址须以 http:// 或 https:// 开头。")
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
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _shown(value: Any) -> str:
    return "（空）" if _blank(value) else _text(value)
