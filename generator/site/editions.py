"""A site of several plans: each plan's year, and ``downloads/plans.json`` listing them.

With several plans, every plan's pages live under its year (``/2024/…``), each with exactly the
paths a one-plan site has, and ``/`` lists the plans, newest first.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from generator.errors import Problem
from generator.plan.model import Plan, parse_continues
from generator.plan.numerals import chinese_numeral
from generator.progress.model import Progress
from generator.site.urls import Urls


def plan_year(plan: Plan) -> int:
    """The plan's year (from its title, else ``publication.year``; the loader made sure it has one)."""
    return plan.year


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Continues(_Out):
    """A task of the plan and the earlier task it continues."""

    task: int = Field(description="本计划的任务序号。")
    continues: str = Field(description="延续的往年任务，写成“年份-任务序号”，如 2024-15。")


class ListedPlan(_Out):
    """One plan of the site."""

    year: int = Field(description="计划年度（取自标题）。", json_schema_extra={"x-provenance": "editorial"})
    title: str = Field(description="计划标题（原文）。", json_schema_extra={"x-provenance": "source"})
    url: str = Field(description="该计划首页的相对地址。", json_schema_extra={"x-provenance": "editorial"})
    data: str = Field(
        description="该计划 plan.json 的相对地址。", json_schema_extra={"x-provenance": "editorial"}
    )
    sections: int = Field(description="方面数（本站统计）。", json_schema_extra={"x-provenance": "editorial"})
    tasks: int = Field(description="任务数（本站统计）。", json_schema_extra={"x-provenance": "editorial"})
    units: int = Field(
        description="责任主体数（本站统计）。", json_schema_extra={"x-provenance": "editorial"}
    )
    rounds: int = Field(
        description="已发布的落实情况轮次数。", json_schema_extra={"x-provenance": "editorial"}
    )
    continues: tuple[Continues, ...] = Field(
        default=(),
        description="本计划各项任务延续的往年任务（本站整理，取自计划的 continues）。",
        json_schema_extra={"x-provenance": "editorial"},
    )


class ListedPlans(_Out):
    """``downloads/plans.json``: every plan of the site, newest first."""

    plans: tuple[ListedPlan, ...]


def plans_json(editions: Sequence[tuple[int, Plan, Urls, Progress | None]], root: Urls) -> bytes:
    """The list of plans, newest first (addresses relative to the site's root)."""
    listed = ListedPlans(
        plans=tuple(
            ListedPlan(
                year=year,
                title=plan.publication.title,
                url=root.url(urls.home),
                data=urls.download("plan.json"),
                sections=len(plan.sections),
                tasks=len(plan.tasks),
                units=len(plan.units),
                rounds=len(progress.rounds) if progress else 0,
                continues=tuple(
                    Continues(task=ref.number, continues=ref.task.continues)
                    for ref in plan.tasks
                    if ref.task.continues
                ),
            )
            for year, plan, urls, progress in editions
        )
    )
    return (json.dumps(listed.model_dump(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def plans_schema() -> dict[str, object]:
    """The JSON Schema of ``plans.json``, from the model."""
    schema = ListedPlans.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


@dataclass(frozen=True)
class Link:
    """A task of another year's plan, as a task page names it (本站整理: from ``continues``)."""

    year: int
    number: int
    src: str | None
    """Its page, when that plan is on the site."""

    @property
    def item(self) -> str:
        """As officials cite a task: 第（十五）项."""
        return f"第（{chinese_numeral(self.number)}）项"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.item}"


@dataclass(frozen=True)
class Line:
    """Where a task comes from and where it goes: the task it continues, and those continuing it."""

    earlier: Link | None = None
    later: tuple[Link, ...] = ()


Lineage = dict[int, Line]
"""Each task's line by its number (only tasks that have one)."""


def lineages(
    editions: Sequence[tuple[Path, Plan, Urls]],
) -> tuple[dict[int, Lineage], list[Problem]]:
    """Each plan's lines, by year, from the tasks' ``continues``; a ``continues`` naming a task that
    the named year's plan (on this site) does not have is a problem."""
    by_year = {plan.year: (path, plan, urls) for path, plan, urls in editions}
    earlier: dict[int, dict[int, Link]] = {year: {} for year in by_year}
    later: dict[int, dict[int, list[Link]]] = {year: {} for year in by_year}
    problems = []
    for path, plan, urls in editions:
        for ref in plan.tasks:
            if ref.task.continues is None:
                continue
            year, number = parse_continues(ref.task.continues)
            old = by_year.get(year)
            if old is not None and not 1 <= number <= len(old[1].tasks):
                message = (
                    f"continues: {ref.task.continues} 指向{year}年计划的第 {number} 项任务，"
                    f"但该计划共 {len(old[1].tasks)} 项任务。请核对任务序号。"
                )
                problems.append(Problem(str(path), None, None, f"第{ref.label}项任务", message))
                continue
            earlier[plan.year][ref.number] = Link(year, number, old[2].task(number) if old else None)
            if old is not None:
                later[year].setdefault(number, []).append(Link(plan.year, ref.number, urls.task(ref.number)))
    lines = {
        year: {
            n: Line(earlier[year].get(n), tuple(sorted(later[year].get(n, []), key=lambda k: k.year)))
            for n in {*earlier[year], *later[year]}
        }
        for year in by_year
    }
    return lines, problems


@dataclass(frozen=True)
class OtherYear:
    """The same body in another year's plan: its page there and its tasks (本站整理: matched by name)."""

    year: int
    src: str
    tasks: tuple[tuple[str, str, str], ...]
    """(label, title, page) of each of its tasks that year."""


Bodies = dict[str, tuple[OtherYear, ...]]
"""For each body of a plan, the same body in the site's other plans, newest first."""


def bodies_across_years(editions: Sequence[tuple[Plan, Urls]]) -> dict[int, Bodies]:
    """Each plan's bodies as the other plans of the site name them (the same name)."""
    years = {
        plan.year: {
            unit.name: OtherYear(
                plan.year,
                urls.unit(unit.slug),
                tuple(
                    (ref.label, ref.task.title, urls.task(ref.number))
                    for ref in plan.tasks_of_unit(unit.name)
                ),
            )
            for unit in plan.units
        }
        for plan, urls in editions
    }
    return {
        year: {
            name: tuple(
                years[other][name]
                for other in sorted(years, reverse=True)
                if other != year and name in years[other]
            )
            for name in names
        }
        for year, names in years.items()
    }
