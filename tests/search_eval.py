"""Search evaluation: run every query of a case file in a real browser, report top-1 and top-3.

``cases/search.yml`` holds terms taken from the plan; ``cases/search-citizen.yml`` holds what
citizens type (questions, traditional characters, everyday words, spaces, unit questions).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.browser import search

CASES = Path(__file__).parent / "cases" / "search.yml"
CITIZEN_CASES = Path(__file__).parent / "cases" / "search-citizen.yml"


@dataclass(frozen=True)
class Outcome:
    query: str
    expect: str
    results: tuple[str, ...]

    @property
    def rank(self) -> int | None:
        for i, path in enumerate(self.results, 1):
            if path.endswith("/" + self.expect) or path.endswith("/" + self.expect.rstrip("/") + ".html"):
                return i
        return None


def load_cases(path: Path = CASES) -> list[dict[str, str]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def evaluate(page: Any, base: str, path: Path = CASES) -> list[Outcome]:
    page.goto(base)
    outcomes = []
    for case in load_cases(path):
        results = search(page, case["query"])
        outcomes.append(Outcome(case["query"], case["expect"], tuple(results)))
    return outcomes


def rates(outcomes: list[Outcome]) -> tuple[float, float]:
    top1 = sum(1 for o in outcomes if o.rank == 1) / len(outcomes)
    top3 = sum(1 for o in outcomes if o.rank is not None and o.rank <= 3) / len(outcomes)
    return top1, top3


def report(outcomes: list[Outcome]) -> str:
    top1, top3 = rates(outcomes)
    lines = [f"{len(outcomes)} 个查询：首位命中 {top1:.1%}，前三命中 {top3:.1%}"]
    lines += [
        f"  {o.query} → 期望 {o.expect}，排名 {o.rank}，前三 {list(o.results[:3])}"
        for o in outcomes
        if o.rank != 1
    ]
    return "\n".join(lines)
