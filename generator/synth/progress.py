"""Fictional 落实情况 for a plan (benchmarks, examples): every entry marked as an example."""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.plan.model import Plan, TaskRef
from generator.progress.model import STATUSES, Entry, Evidence
from generator.progress.write import dump_round
from generator.synth.plan import CLAUSES, OBJECTS, VERBS


def round_calendar(year: int, count: int) -> list[tuple[str, str, dt.date]]:
    """``count`` rounds splitting the year evenly: (id, name, 截至 date) each, at month ends."""
    names = {
        1: ["全年"],
        2: ["上半年", "下半年"],
        4: ["第一季度", "第二季度", "第三季度", "第四季度"],
    }
    prefix = {1: "y", 2: "h", 4: "q"}.get(count, "r")
    calendar = []
    for k in range(1, count + 1):
        month = max(1, round(12 * k / count))
        end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        label = names[count][k - 1] if count in names else f"第{k}轮"
        calendar.append((f"{year}-{prefix}{k}", f"{year}年{label}（示例）", end))
    return calendar


def synth_progress(plan: Plan, *, rounds: int = 4, seed: int = 0, coverage: float = 1.0) -> dict[str, str]:
    """Fictional progress for a plan: ``rounds`` round files (id → YAML text), every entry marked
    as an example. Each responsible (task, body) pair reports in a round with chance ``coverage``;
    statuses only move forward. The same plan and seed give the same files."""
    import random

    rng = random.Random(seed)
    year = plan.publication.issued.year
    state: dict[tuple[int, str], int] = {}
    files: dict[str, str] = {}
    start = dt.date(year, 1, 1)
    for round_id, name, as_of in round_calendar(year, rounds):
        entries = []
        for ref in plan.tasks:
            for unit in ref.task.responsible:
                if rng.random() < coverage:
                    entries.append(_synth_entry(rng, ref, unit, state, (start, as_of)))
        files[round_id] = dump_round(name, as_of, entries)
        start = as_of + dt.timedelta(days=1)
    return files


def _synth_entry(
    rng: Any, ref: TaskRef, unit: str, state: dict[tuple[int, str], int], period: tuple[dt.date, dt.date]
) -> Entry:

    statuses = list(STATUSES)
    step = min(3, state.get((ref.number, unit), 0) + rng.choice([0, 1, 1, 2]))
    state[(ref.number, unit)] = step
    status = statuses[step] if step < 3 else rng.choice(["已完成", "持续推进"])
    date = period[0] + dt.timedelta(days=rng.randrange((period[1] - period[0]).days + 1))
    paragraphs = [
        f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}，"
        + "，".join(rng.choice(CLAUSES).format(o=rng.choice(OBJECTS)) for _ in range(rng.randint(2, 3)))
        + "。"
        for _ in range(rng.randint(1, 3))
    ]
    evidence: tuple[Evidence, ...] = ()
    if rng.random() < 0.2:
        link = f"https://example.org/progress/{ref.number}-{rng.randrange(10**6)}"
        evidence = (Evidence(title=f"{ref.task.title}工作动态（示例）", url=link),)
    text = "\n".join(paragraphs)
    return Entry(
        task=ref.number, unit=unit, status=status, date=date, text=text, evidence=evidence, example=True
    )
