"""落实情况 as open data: progress.json (with its schema) and progress.csv, every report of every
round. Pure functions of the progress: the same files always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json

from pydantic import BaseModel, ConfigDict, Field

from generator.plan.model import Plan
from generator.progress.model import EDITORIAL, REPORTED, Evidence, Progress, Report
from generator.reproducible import excel_csv


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OpenRound(_Out):
    """A reporting round."""

    id: str = Field(description="轮次标识（文件名），如 2024-h1。", json_schema_extra=EDITORIAL)
    name: str = Field(description="本轮名称。", json_schema_extra=EDITORIAL)
    as_of: dt.date = Field(description="截至日期。", json_schema_extra=EDITORIAL)
    open: bool = Field(description="本轮是否正在收集。", json_schema_extra=EDITORIAL)


class OpenEntry(_Out):
    """One body's report on one task in one round."""

    round: str = Field(description="轮次标识，见 rounds。", json_schema_extra=EDITORIAL)
    task: int = Field(description="任务序号（1 起，全文连续编号）。", json_schema_extra=EDITORIAL)
    task_label: str = Field(description="任务编号，如 (十五)。", json_schema_extra=EDITORIAL)
    unit: str = Field(description="报送单位（该任务的责任单位）。", json_schema_extra=EDITORIAL)
    status: str = Field(
        description="落实状态：未启动、推进中、已完成、持续推进。", json_schema_extra=REPORTED
    )
    date: dt.date = Field(description="报告日期。", json_schema_extra=REPORTED)
    text: str = Field(description="落实情况正文（纯文本，每段一行）。", json_schema_extra=REPORTED)
    evidence: tuple[Evidence, ...] = Field(description="佐证材料。", json_schema_extra=REPORTED)
    example: bool = Field(description="虚构的示例条目，不是真实报告。", json_schema_extra=EDITORIAL)


class OpenProgress(_Out):
    """progress.json: every round and every report, oldest round first."""

    provenance: dict[str, str] = Field(description="x-provenance 各取值的含义。")
    rounds: tuple[OpenRound, ...] = Field(description="各报送轮次，按截至日期排列。")
    entries: tuple[OpenEntry, ...] = Field(description="全部报送，按轮次、任务序号和责任单位排列。")


PROVENANCE = {
    "reported": "由责任单位报送的内容（不是计划原文，也不是本站整理）。",
    "editorial": "由汇总单位（司法局）或本站填写的内容。",
}


def _entry(plan: Plan, report: Report) -> OpenEntry:
    e = report.entry
    return OpenEntry(
        round=report.round.id,
        task=e.task,
        task_label=plan.tasks[e.task - 1].label,
        unit=e.unit,
        status=e.status,
        date=e.date,
        text=e.text,
        evidence=e.evidence,
        example=e.example,
    )


def progress_json(progress: Progress) -> bytes:
    """Every report as JSON; validates against :func:`progress_schema_json`."""
    data = OpenProgress(
        provenance=PROVENANCE,
        rounds=tuple(OpenRound(id=r.id, name=r.name, as_of=r.as_of, open=r.open) for r in progress.rounds),
        entries=tuple(_entry(progress.plan, report) for report in progress.reports()),
    )
    return (json.dumps(data.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def progress_schema_json() -> bytes:
    schema = OpenProgress.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "落实情况开放数据（progress.json）"
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


CSV_HEADER = [
    "轮次",
    "轮次名称",
    "截至日期",
    "任务序号",
    "任务编号",
    "任务",
    "责任单位",
    "落实状态",
    "报告日期",
]


CSV_HEADER += ["落实情况", "佐证材料", "示例"]


def progress_rows(progress: Progress) -> list[list[str]]:
    """Every report as rows of text: a header, then one row per report (CSV and workbook)."""
    rows = [list(CSV_HEADER)]
    for report in progress.reports():
        e, rnd, ref = report.entry, report.round, progress.plan.tasks[report.task - 1]
        evidence = "；".join(f"{x.title} {x.url}" for x in e.evidence)
        where = [rnd.id, rnd.name, rnd.as_of.isoformat(), str(e.task), ref.label, ref.title, e.unit]
        rows.append([*where, e.status, e.date.isoformat(), e.text, evidence, "是" if e.example else "否"])
    return rows


def progress_csv(progress: Progress) -> bytes:
    """progress.csv for Excel: UTF-8 with BOM, CRLF, no cell a spreadsheet would evaluate."""

    return excel_csv(progress_rows(progress))
