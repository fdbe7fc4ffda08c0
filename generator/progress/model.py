"""落实情况 as data: a round file's schema and the loaded progress with the questions pages ask.

A round file (``data/progress/2024-h1.yaml``) names the round, its 截至 date and the entries: which
body reports on which task, with a status from :data:`STATUSES`, a date, the text and optional
evidence. Each field says whether the body reported it or the editors set it (``x-provenance``).
:class:`Progress` is immutable and answers what the pages ask: the rounds in order, reports by task
and by body, the latest status of each (task, body) pair, who has not reported, status counts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from generator.plan.model import Plan, TaskRef

SCHEMA_FILE = "progress.schema.json"


DEFAULT_HEADER = f"# yaml-language-server: $schema=../{SCHEMA_FILE}\n"


#: The status vocabulary, in the order a task moves through it, with what each one means.
STATUSES: dict[str, str] = {
    "未启动": "尚未开展实质性工作。",
    "推进中": "已着手落实，正在推进，尚未全部完成。",
    "已完成": "任务要求已全部落实（有明确完成标志的任务）。",
    "持续推进": "常态化、长期性工作已按要求开展并将持续进行（没有终点的任务用此状态，而不是“已完成”）。",
}


Status = Literal["未启动", "推进中", "已完成", "持续推进"]


#: Shown where a responsible body has no report (not a status anyone can report).
NOT_REPORTED = "未报送"


#: A round's id is its file name: it appears in web addresses.
ROUND_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


#: Round ids whose page would be another generated page: a round's page is ``updates/<id>.md``
#: (generator.urls.Urls.update) and ``updates/index.md`` is the list of rounds (/updates/). Its other
#: files, ``downloads/progress/<id>.docx`` and ``downloads/progress/<id>/<body>.xlsx``, share their
#: folders with nothing else.
RESERVED_ROUND_IDS = frozenset({"index"})


#: Excel's own limit on the text of one cell: no longer text fits the workbook a body corrects it
#: in, and text far longer breaks the Word report ("Text node too long") and the site.
MAX_TEXT_LENGTH = 32_767


#: Non-empty text; white space around it is not part of it.
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


def _provenance(kind: str) -> dict[str, Any]:
    return {"x-provenance": kind}


REPORTED = _provenance("reported")


"""Supplied by the responsible body in its report."""


EDITORIAL = _provenance("editorial")


"""Set by the site's editors (the 司法局), not by the reporting body."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Frozen):
    """A published document that shows the work (title and web address)."""

    title: Text = Field(description="佐证材料标题，如发布的文件或新闻的标题。", json_schema_extra=REPORTED)
    url: Text = Field(description="佐证材料网址，须以 http:// 或 https:// 开头。", json_schema_extra=REPORTED)


class Entry(_Frozen):
    """One body's report on one task in one round."""

    task: Annotated[int, Field(strict=True)] = Field(
        description="任务序号（1 起，全文连续编号，如第十五项写 15）。", json_schema_extra=EDITORIAL
    )
    unit: Text = Field(
        description="报送单位：须是该项任务的责任单位，名称与计划 units 中登记的完全一致。",
        json_schema_extra=EDITORIAL,
    )
    status: Status = Field(
        description="落实状态：" + "；".join(f"{k}——{v}" for k, v in STATUSES.items()),
        json_schema_extra=REPORTED,
    )
    date: dt.date = Field(
        description="报告日期，格式 YYYY-MM-DD；在计划年度内，且不晚于本轮截至日期。",
        json_schema_extra=REPORTED,
    )
    text: Text = Field(
        description="落实情况正文（纯文本，每段一行；不解释为 Markdown 或 HTML）。",
        json_schema_extra=REPORTED,
    )
    evidence: tuple[Evidence, ...] = Field(
        default=(), description="佐证材料（可选）。", json_schema_extra=REPORTED
    )
    example: bool = Field(
        default=False,
        description="虚构的示例条目（网站显示“示例”）。真实报告不填写此项。",
        json_schema_extra=EDITORIAL,
    )

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The text's paragraphs: its non-blank lines, stripped."""
        return tuple(line.strip() for line in self.text.splitlines() if line.strip())


class RoundFile(_Frozen):
    """A reporting round file: ``data/progress/<id>.yaml`` (the id is the file name)."""

    name: Text = Field(description="本轮名称，如“2024年上半年”。", json_schema_extra=EDITORIAL)
    as_of: dt.date = Field(description="截至日期，格式 YYYY-MM-DD。", json_schema_extra=EDITORIAL)
    open: bool = Field(
        default=False,
        description="本轮是否正在收集（为 true 时网站在单位页面提供填报表下载）。",
        json_schema_extra=EDITORIAL,
    )
    entries: tuple[Entry, ...] = Field(default=(), description="各责任单位报送的落实情况。")


@dataclass(frozen=True, eq=False)
class Round:
    """One reporting round as loaded."""

    id: str
    """The file name without ``.yaml``, e.g. ``2024-h1``; used in web addresses."""
    name: str
    as_of: dt.date
    open: bool
    entries: tuple[Entry, ...]
    """In canonical order: by task number, then by the body's place in the task's list."""
    source: str
    """The file it was read from (for edit links and messages)."""

    @property
    def example(self) -> bool:
        """Whether any entry of the round is a fictional example."""
        return any(entry.example for entry in self.entries)

    @cached_property
    def reports(self) -> tuple[Report, ...]:
        return tuple(Report(self, entry) for entry in self.entries)

    @cached_property
    def keys(self) -> frozenset[tuple[int, str]]:
        """The (task, body) pairs reported in this round."""
        return frozenset((e.task, e.unit) for e in self.entries)


@dataclass(frozen=True, eq=False)
class Report:
    """An entry placed in its round."""

    round: Round
    entry: Entry

    @property
    def task(self) -> int:
        return self.entry.task

    @property
    def unit(self) -> str:
        return self.entry.unit

    @property
    def status(self) -> str:
        return self.entry.status

    @property
    def date(self) -> dt.date:
        return self.entry.date

    @property
    def key(self) -> tuple[int, str]:
        return (self.entry.task, self.entry.unit)


@dataclass(frozen=True, eq=False)
class Change:
    """What a round's report changed compared with the latest earlier report of the same pair."""

    report: Report
    previous: Report | None

    @property
    def kind(self) -> Literal["new", "status", "text"]:
        """``new``: first report of the pair; ``status``: the status changed; ``text``: only the text."""
        if self.previous is None:
            return "new"
        return "status" if self.previous.status != self.report.status else "text"


@dataclass(frozen=True, eq=False)
class Progress:
    """Every round of a plan's progress, oldest first. Pure: nothing reads the clock."""

    plan: Plan
    rounds: tuple[Round, ...]
    """Ordered by 截至 date, then id."""

    @property
    def latest(self) -> Round | None:
        return self.rounds[-1] if self.rounds else None

    def without_caches(self) -> Progress:
        """The same progress with nothing computed yet (what is sent to another process)."""
        return Progress(self.plan, tuple(dataclasses.replace(rnd) for rnd in self.rounds))

    def round(self, round_id: str) -> Round:
        """The round with this id (``KeyError`` if there is none)."""
        for candidate in self.rounds:
            if candidate.id == round_id:
                return candidate
        raise KeyError(round_id)

    def previous(self, round_id: str) -> Round | None:
        """The round before this one, if any."""
        index = self.rounds.index(self.round(round_id))
        return self.rounds[index - 1] if index else None

    def reports(self, round_id: str | None = None) -> tuple[Report, ...]:
        """Every report of one round, or of all rounds (oldest round first)."""
        if round_id is not None:
            return self.round(round_id).reports
        return tuple(r for rnd in self.rounds for r in rnd.reports)

    def reports_of_task(self, number: int) -> tuple[Report, ...]:
        """The task's reports, oldest round first, bodies in the task's order within a round."""
        return self._by_task.get(number, ())

    def reports_of_unit(self, name: str) -> tuple[Report, ...]:
        """The body's reports, oldest round first, by task number within a round."""
        return self._by_unit.get(name, ())

    def timeline(self, number: int, unit: str) -> tuple[Report, ...]:
        """One body's reports on one task, oldest first (the task page's dated timeline)."""
        return tuple(r for r in self.reports_of_task(number) if r.unit == unit)

    def latest_reports(self, upto: str | None = None) -> Mapping[tuple[int, str], Report]:
        """The most recent report of each (task, body) pair, in rounds up to ``upto`` (default: all)."""
        if upto not in self._latest_cache:
            latest: dict[tuple[int, str], Report] = {}
            for rnd in self._rounds_upto(upto):
                for report in rnd.reports:
                    latest[report.key] = report
            self._latest_cache[upto] = MappingProxyType(latest)
        return self._latest_cache[upto]

    def latest_report(self, number: int, unit: str, upto: str | None = None) -> Report | None:
        """The current status of a pair is ``latest_report(...).status`` (None: never reported)."""
        reports = [r for r in self.timeline(number, unit) if r.round in self._rounds_upto(upto)]
        return reports[-1] if reports else None

    def not_reported(self, round_id: str | None = None) -> tuple[tuple[TaskRef, str], ...]:
        """(task, body) pairs with no report in the round (default: the latest). Empty without rounds."""
        rnd = self.round(round_id) if round_id else self.latest
        if rnd is None:
            return ()
        return tuple(
            (ref, name)
            for ref in self.plan.tasks
            for name in ref.task.responsible
            if (ref.number, name) not in rnd.keys
        )

    def not_reported_of_task(self, number: int, round_id: str | None = None) -> tuple[str, ...]:
        """Responsible bodies of the task with no report in the round (default: the latest)."""
        rnd = self.round(round_id) if round_id else self.latest
        if rnd is None:
            return ()
        responsible = self.plan.tasks[number - 1].task.responsible
        return tuple(name for name in responsible if (number, name) not in rnd.keys)

    def unreported_tasks(self, unit: str) -> tuple[TaskRef, ...]:
        """The body's tasks on which it has never reported in any round."""
        reported = {r.task for r in self.reports_of_unit(unit)}
        return tuple(ref for ref in self.plan.tasks_of_unit(unit) if ref.number not in reported)

    def status_counts(
        self, upto: str | None = None, *, section: int | None = None, unit: str | None = None
    ) -> dict[str, int]:
        """Latest status of every responsible (task, body) pair, counted: each status in
        :data:`STATUSES` order, then :data:`NOT_REPORTED`. Filter by section number or body."""
        latest = self.latest_reports(upto)
        refs = self.plan.tasks_of_unit(unit) if unit is not None else self.plan.tasks
        if section is not None:
            refs = tuple(ref for ref in refs if ref.section == section)
        pairs = ((ref.number, name) for ref in refs for name in ref.task.responsible if unit in (None, name))
        return count_statuses(latest[key].status if key in latest else NOT_REPORTED for key in pairs)

    def changes(self, round_id: str) -> tuple[Change, ...]:
        """Each report of the round with the pair's latest report before it (``/updates/``)."""
        before = self.previous(round_id)
        earlier = self.latest_reports(before.id) if before else {}
        return tuple(Change(r, earlier.get(r.key)) for r in self.round(round_id).reports)

    def _rounds_upto(self, upto: str | None) -> tuple[Round, ...]:
        if upto is None:
            return self.rounds
        return self.rounds[: self.rounds.index(self.round(upto)) + 1]

    @cached_property
    def _latest_cache(self) -> dict[str | None, Mapping[tuple[int, str], Report]]:
        return {}

    @cached_property
    def _by_task(self) -> dict[int, tuple[Report, ...]]:
        return _group(self.reports(), lambda r: r.task)

    @cached_property
    def _by_unit(self) -> dict[str, tuple[Report, ...]]:
        return _group(self.reports(), lambda r: r.unit)


def count_statuses(statuses: Iterable[str]) -> dict[str, int]:
    """Count statuses in a fixed order: every status of :data:`STATUSES`, then :data:`NOT_REPORTED`."""
    counts = dict.fromkeys([*STATUSES, NOT_REPORTED], 0)
    for status in statuses:
        counts[status] += 1
    return counts


def _group(reports: Iterable[Report], key: Any) -> dict[Any, tuple[Report, ...]]:
    index: dict[Any, list[Report]] = {}
    for report in reports:
        index.setdefault(key(report), []).append(report)
    return {k: tuple(v) for k, v in index.items()}


def progress_schema() -> dict[str, Any]:
    """The JSON Schema of a round file, generated from the model."""
    schema = RoundFile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "落实情况轮次文件（data/progress/<轮次标识>.yaml）"
    schema["x-statuses"] = [{"status": k, "description": v} for k, v in STATUSES.items()]
    return schema
