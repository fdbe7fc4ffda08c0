"""落实情况 on the site: what the task, unit, ``/progress/`` and ``/updates/`` pages show.

Pure functions of the plan and its progress (or ``None``: nothing published, as on the real site).
A target's state is computed as of a round's 截至 date, so two builds of the same files are
byte-identical. Statuses and texts are what the bodies reported; states computed from them (逾期,
到期, counts) are ours and the templates mark them 本站整理.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from generator.plan.model import Plan, Target, TaskRef, Unit
from generator.progress.model import NOT_REPORTED, STATUSES, Progress, Report, Round
from generator.progress.report import round_report
from generator.progress.summary import MET, round_summaries
from generator.progress.workbook import template_workbook, workbook_name
from generator.site.overviews import SPLIT_TASKS
from generator.site.urls import Urls

if TYPE_CHECKING:
    from generator.site.downloads import Download


#: Each status with a symbol and a class: colour is never the only carrier of meaning.
STATUS_LOOK: dict[str, tuple[str, str]] = {
    "未启动": ("○", "not-started"),
    "推进中": ("◐", "in-progress"),
    "已完成": ("●", "done"),
    "持续推进": ("↻", "ongoing"),
    NOT_REPORTED: ("—", "none"),
}


#: The columns of every status count: the reported statuses, then 未报送.
ALL_STATUSES = (*STATUSES, NOT_REPORTED)


#: A target's state as of a round's 截至 date (本站整理), in the order of the legend.
TARGET_STATES: dict[str, tuple[str, str]] = {
    "met": ("已报完成", "全部责任单位报送“已完成”或“持续推进”。"),
    "overdue": ("已逾期", "截止日期在上一轮截至日期之前，仍未全部报完成。"),
    "due": ("本轮到期", "截止日期在本轮内，尚未全部报完成。"),
    "unreported": ("尚未报送", "还没有责任单位报送该任务的落实情况。"),
    "pending": ("未到期", "截止日期在本轮截至日期之后，尚未全部报完成。"),
    "open": ("未报完成", "已有报送，尚未全部报完成；原文未写具体日期，不判断是否到期。"),
}


def status_look(status: str) -> tuple[str, str]:
    """(symbol, CSS modifier) of a status or of :data:`NOT_REPORTED`."""
    return STATUS_LOOK[status]


def target_state(progress: Progress, rnd: Round, ref: TaskRef, target: Target) -> str:
    """A target's state as of ``rnd``'s 截至 date, from the reports and the target's ``due`` only."""
    latest = progress.latest_reports(rnd.id)
    reports = [latest.get((ref.number, unit)) for unit in ref.task.responsible]
    if all(r is not None and r.status in MET for r in reports):
        return "met"
    before = progress.previous(rnd.id)
    start = before.as_of if before else dt.date(rnd.as_of.year, 1, 1) - dt.timedelta(days=1)
    if target.due is not None and target.due <= start:
        return "overdue"
    if target.due is not None and target.due <= rnd.as_of:
        return "due"
    if not any(reports):
        return "unreported"
    return "pending" if target.due is not None else "open"


@dataclass(frozen=True)
class BodyProgress:
    """One responsible body's reports on one task."""

    unit: Unit
    timeline: tuple[Report, ...]
    """Oldest first."""
    missing: bool
    """No report in the latest round."""

    @property
    def latest(self) -> Report | None:
        return self.timeline[-1] if self.timeline else None


@dataclass(frozen=True)
class TaskProgress:
    latest: Round
    bodies: tuple[BodyProgress, ...]
    example: bool

    @property
    def missing(self) -> list[Unit]:
        return [body.unit for body in self.bodies if body.missing]


def task_progress(plan: Plan, progress: Progress | None, ref: TaskRef) -> TaskProgress | None:
    """What a task page shows of 落实情况 (None: nothing published)."""
    if progress is None or progress.latest is None:
        return None
    latest = progress.latest
    bodies = tuple(
        BodyProgress(
            plan.units_by_name[name],
            progress.timeline(ref.number, name),
            (ref.number, name) not in latest.keys,
        )
        for name in ref.task.responsible
    )
    example = any(r.entry.example for body in bodies for r in body.timeline)
    return TaskProgress(latest, bodies, example)


@dataclass(frozen=True)
class UnitProgress:
    latest: Round
    reported: tuple[tuple[TaskRef, tuple[Report, ...]], ...]
    """The body's tasks with reports, each with its reports oldest first."""
    unreported: tuple[TaskRef, ...]
    counts: dict[str, int]
    workbook: str | None
    """Source path of the fill-in workbook, when the latest round is open."""
    workbook_name: str
    example: bool
    latest_only: bool
    """Show each task's latest report only (the full timelines are on the task pages)."""


#: A unit page lists every report of the body up to this many; beyond, only each task's latest
#: (a body with a hundred tasks and four rounds made a 390 KiB page).
UNIT_TIMELINE_REPORTS = 120


def unit_progress(plan: Plan, progress: Progress | None, unit: Unit, urls: Urls) -> UnitProgress | None:
    """What a unit page shows of 落实情况 (None: nothing published)."""
    if progress is None or progress.latest is None:
        return None

    latest = progress.latest
    reports = progress.reports_of_unit(unit.name)
    by_task: dict[int, list[Report]] = {}
    for report in reports:
        by_task.setdefault(report.task, []).append(report)
    reported = tuple((plan.tasks[n - 1], tuple(rs)) for n, rs in sorted(by_task.items()))
    return UnitProgress(
        latest,
        reported,
        progress.unreported_tasks(unit.name),
        progress.status_counts(unit=unit.name),
        urls.workbook(latest.id, unit.slug) if latest.open else None,
        workbook_name(latest.id, unit.name),
        any(r.entry.example for r in reports),
        len(reports) > UNIT_TIMELINE_REPORTS,
    )


def workbook_files(plan: Plan, progress: Progress | None, urls: Urls) -> dict[str, bytes]:
    """The fill-in workbooks offered on unit pages while the latest round is open."""
    if progress is None or progress.latest is None or not progress.latest.open:
        return {}

    rnd = progress.latest
    return {
        urls.workbook(rnd.id, unit.slug): template_workbook(plan, rnd, unit.name)
        for unit in plan.units
        if plan.tasks_of_unit(unit.name)
    }


def report_files(progress: Progress | None, urls: Urls) -> dict[str, bytes]:
    """Each round's compiled report (.docx), offered on /updates/."""
    if progress is None:
        return {}

    return {urls.round_report(rnd.id): round_report(progress, rnd.id) for rnd in progress.rounds}


def progress_context(
    progress: Progress | None, plan: Plan, part: int | None, files: Sequence[Download]
) -> dict[str, Any]:
    """Context of /progress/ (and, in large plans, of its per-section parts)."""
    if progress is None or progress.latest is None:
        return {"latest": None}

    latest = progress.latest
    index = part is None and len(plan.tasks) > SPLIT_TASKS
    shown = [part] if part else list(range(1, len(plan.sections) + 1))
    context: dict[str, Any] = {
        "latest": latest,
        "example": latest.example,
        "overall": progress.status_counts(section=part),
        "by_section": [] if part else [(n, progress.status_counts(section=n)) for n in shown],
        "by_unit": [] if part else _unit_counts(plan, progress),
        "rows": [],
        "columns": [],
        "targets": [],
    }
    if not index:
        context.update(_matrix(plan, progress, shown))
        context["targets"] = [
            (ref, t, target_state(progress, latest, ref, t))
            for n in shown
            for ref in plan.tasks_of_section(n)
            for t in ref.task.targets
        ]
    return context


def _unit_counts(plan: Plan, progress: Progress) -> list[tuple[Unit, dict[str, int]]]:
    return [
        (unit, progress.status_counts(unit=unit.name)) for unit in plan.units if plan.tasks_of_unit(unit.name)
    ]


def _matrix(plan: Plan, progress: Progress, shown: list[int]) -> dict[str, Any]:
    rows = [ref for n in shown for ref in plan.tasks_of_section(n)]
    involved = {name for ref in rows for name in ref.task.responsible}
    columns = [u for u in plan.units if u.name in involved]
    latest = progress.latest_reports()
    cells = {
        (ref.number, name): latest[(ref.number, name)].status
        if (ref.number, name) in latest
        else NOT_REPORTED
        for ref in rows
        for name in ref.task.responsible
    }
    return {"rows": rows, "columns": columns, "cells": cells}


def updates_context(
    progress: Progress | None, feed: bool, plan: Plan, part: int | None, files: Sequence[Download]
) -> dict[str, Any]:

    rounds = round_summaries(progress)
    return {"rounds": rounds, "details": len(plan.tasks) <= SPLIT_TASKS, "feed": feed and bool(rounds)}


def overview_contexts(progress: Progress | None, feed: bool) -> dict[str, Callable[..., dict[str, Any]]]:
    """The context functions of the 落实情况 overview pages (see ``generator.pages``).

    ``feed``: whether the site has an Atom feed (only with a site URL).
    """
    return {
        "progress": partial(progress_context, progress),
        "updates": partial(updates_context, progress, feed),
    }
