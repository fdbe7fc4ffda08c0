"""A site of several plans: each plan's year, and ``downloads/plans.json`` listing them.

With several plans, every plan's pages live under its year (``/2024/…``), each with exactly the
paths a one-plan site has, and ``/`` lists the plans, newest first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from generator.plan.model import Plan
from generator.progress.model import Progress
from generator.site.urls import Urls

_YEAR = re.compile(r"(\d{4})年")


def plan_year(plan: Plan) -> int:
    """The plan's year: from its title (渭南市**2025年**…), else the year it was issued."""
    found = _YEAR.search(plan.publication.title)
    return int(found[1]) if found else plan.publication.issued.year


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


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
