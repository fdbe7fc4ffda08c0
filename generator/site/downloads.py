"""The files of /downloads/: plan.json, its schema, the matrix (CSV and a formatted workbook), the
official text and, once published, 落实情况; and the timestamp written into them.

Pure functions of the plan, its progress and a fixed timestamp (``SOURCE_DATE_EPOCH`` or the
publication day, never the clock): the same inputs always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.errors import GeneratorError
from generator.plan.model import TARGET_FIELD_LABELS, TARGET_KIND_LABELS, Plan
from generator.plan.opendata import matrix_csv, matrix_rows, plan_json, schema_json
from generator.plan.text import official_text
from generator.progress.model import Progress
from generator.progress.opendata import progress_csv, progress_json, progress_rows, progress_schema_json
from generator.reproducible import normalize_zip

#: Our reading of each target, as columns of the workbook's target sheet (all 本站整理).
TARGET_COLUMNS = TARGET_FIELD_LABELS


def _cell(value: object) -> object:
    """A workbook cell: numbers stay numbers, dates become YYYY-MM-DD, nothing becomes empty."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Download:
    """A file offered on /downloads/."""

    name: str
    """File name under ``downloads/``."""
    label: str
    format: str
    description: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)


def matrix_xlsx(plan: Plan, when: dt.datetime, progress: Progress | None = None) -> bytes:
    """A formatted workbook: the matrix (frozen headers, wrapped titles), units and targets,
    and, once published, every 落实情况 report.

    Written with XlsxWriter, which streams rows (tens of thousands of reports in seconds); every
    value is stored as a value: no text is ever read as a formula, a number or a link.
    """
    import xlsxwriter

    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    with xlsxwriter.Workbook(buffer, options) as wb:
        wb.set_properties(
            {"title": plan.publication.title, "author": plan.publication.source, "created": when}
        )
        _matrix_sheet(wb, plan)
        _table_sheet(wb, "责任单位", _unit_rows(plan), [22, 28, 16, 10, 12, 40, 50])
        widths = [12, 30, 36, 10, 10, 10, 10, 10, 10, 12, 14]
        _table_sheet(wb, "量化指标", _target_rows(plan), widths)
        if progress is not None and progress.rounds:
            widths = [10, 18, 12, 8, 10, 24, 18, 10, 12, 60, 30, 6]
            _table_sheet(wb, "落实情况", progress_rows(progress), widths)
    return normalize_zip(buffer.getvalue(), when)


#: The header row of every sheet.
HEADER = {"bold": True, "bg_color": "#F2DCDB", "pattern": 1}


def _matrix_sheet(wb: Any, plan: Plan) -> None:
    ws = wb.add_worksheet("分工矩阵")
    rows = matrix_rows(plan)
    header = wb.add_format({**HEADER, "text_wrap": True, "valign": "vcenter", "align": "center"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    center = wb.add_format({"align": "center", "valign": "vcenter"})
    ws.write_row(0, 0, rows[0], header)
    # Only marked cells are written: the matrix is sparse, and empty cells would cost tasks × units.
    for r, row in enumerate(rows[1:], start=1):
        ws.write_number(r, 0, int(row[0]), wrap)
        ws.write_row(r, 1, row[1:4], wrap)
        for c, value in enumerate(row[4:], start=4):
            if value:
                ws.write_string(r, c, value, center)
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 10)
    ws.set_column(2, 2, 32)
    ws.set_column(3, 3, 24)
    ws.set_column(4, 3 + len(plan.units), 6)
    ws.set_row(0, 96)
    ws.freeze_panes(1, 4)


def _table_sheet(wb: Any, name: str, rows: list[list[Any]], widths: list[int]) -> None:
    ws = wb.add_worksheet(name)
    ws.write_row(0, 0, rows[0], wb.add_format(HEADER))
    for r, row in enumerate(rows[1:], start=1):
        ws.write_row(r, 0, row)
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    ws.freeze_panes(1, 0)


def _unit_rows(plan: Plan) -> list[list[Any]]:
    header = ["单位", "网址标识", "类别", "是否统称", "承担任务数", "任务编号", "说明"]
    editorial = {"网址标识", "类别", "是否统称", "承担任务数", "说明"}
    rows: list[list[Any]] = [[f"{h}（本站整理）" if h in editorial else h for h in header]]
    for unit in plan.units:
        refs = plan.tasks_of_unit(unit.name)
        collective = "是" if unit.collective else "否"
        labels = "、".join(ref.label for ref in refs)
        rows.append([unit.name, unit.slug, unit.category, collective, len(refs), labels, unit.note or ""])
    return rows


def _target_rows(plan: Plan) -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["任务编号", "任务", "原文措辞", *(f"{label}（本站整理）" for label in TARGET_COLUMNS.values())]
    ]
    for ref in plan.tasks:
        for t in ref.task.targets:
            reading = [_cell(getattr(t, key)) for key in TARGET_COLUMNS]
            reading[0] = TARGET_KIND_LABELS[t.kind]
            rows.append([ref.label, ref.task.title, t.phrase, *reading])
    return rows


def downloads(
    plan: Plan, when: dt.datetime, extra: Iterable[Download] = (), progress: Progress | None = None
) -> list[Download]:
    """Every file offered on /downloads/, in a stable order (落实情况 once published)."""
    title = plan.publication.title
    files = [
        Download(
            "plan.json",
            "完整数据",
            "JSON",
            f"{title}的全部内容：原文、责任单位、分工和量化指标。",
            plan_json(plan),
        ),
        Download(
            "plan.schema.json",
            "数据结构说明",
            "JSON Schema",
            "plan.json 的结构定义，可用于校验。",
            schema_json(),
        ),
        Download(
            "matrix.csv",
            "分工矩阵",
            "CSV",
            "任务为行、责任单位为列，“●”表示承担。UTF-8 编码，可直接用 Excel 打开。",
            matrix_csv(plan),
        ),
        Download(
            "matrix.xlsx",
            "分工矩阵（Excel 工作簿）",
            "XLSX",
            "含分工矩阵、责任单位和量化指标三个工作表"
            + ("，以及各单位报送的落实情况。" if progress and progress.rounds else "。"),
            matrix_xlsx(plan, when, progress),
        ),
        Download(
            "plan.txt",
            "正式文本",
            "TXT",
            f"{title}全文，与发布原文一致。",
            official_text(plan).encode("utf-8"),
        ),
    ]
    if progress is not None and progress.rounds:
        files.extend(progress_downloads(progress))
    files.extend(extra)
    return files


def progress_downloads(progress: Progress) -> list[Download]:
    """落实情况 as open data: every report of every round (reported by the bodies)."""

    example = "（示例数据，虚构）" if any(r.example for r in progress.rounds) else ""
    return [
        Download(
            "progress.json",
            "落实情况" + example,
            "JSON",
            "各轮次各责任单位报送的落实情况：任务、单位、状态、日期、轮次和正文。",
            progress_json(progress),
        ),
        Download(
            "progress.schema.json",
            "落实情况数据结构说明",
            "JSON Schema",
            "progress.json 的结构定义，可用于校验。",
            progress_schema_json(),
        ),
        Download(
            "progress.csv",
            "落实情况（表格）" + example,
            "CSV",
            "每行一条报送。UTF-8 编码，可直接用 Excel 打开。",
            progress_csv(progress),
        ),
    ]


def build_time(plan: Plan, epoch: str | None) -> dt.datetime:
    """The timestamp written into files: SOURCE_DATE_EPOCH when given, else the publication day.

    Never the wall clock, so that rebuilding the same plan gives the same bytes.
    """
    if epoch:
        try:
            if not re.fullmatch(r"-?[0-9]+", epoch.strip()):  # int() would also take "1_000" or "１２"
                raise ValueError(epoch)
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError):
            raise GeneratorError(
                f"环境变量 SOURCE_DATE_EPOCH 的值“{epoch}”无效，未生成任何文件。它应为自 1970-01-01 00:00（UTC）"
                "起的整数秒数，如 1713571200（即 2024-04-20）；不需要固定构建时间时，请不要设置它。"
            ) from None
    return dt.datetime.combine(plan.publication.published, dt.time())


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
