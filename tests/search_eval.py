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

_META = ".md-search-result__meta"
_LINKS = ".md-search-result__item > .md-search-result__link"

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
    """Type each query into Material's search box (after the first, without per-key delays)."""
    page.goto(base)
    cases = load_cases(path)
    outcomes = [Outcome(cases[0]["query"], cases[0]["expect"], tuple(search(page, cases[0]["query"])))]
    for case in cases[1:]:
        outcomes.append(Outcome(case["query"], case["expect"], tuple(retype(page, case["query"]))))
    return outcomes


def retype(page: Any, query: str) -> list[str]:
    """Replace the query in the open search box; the result paths once they stop changing.

    Clearing the box first brings back the placeholder, so the count line that follows
    (“… 结果”) belongs to this query.
    """
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")
    page.wait_for_function(f"() => !/结果/.test(document.querySelector('{_META}').textContent)")
    box.fill(query)
    box.press("End")  # Material searches on key events
    page.wait_for_function(f"() => /结果/.test(document.querySelector('{_META}').textContent)")
    previous = None
    for _ in range(40):
        hrefs = page.eval_on_selector_all(_LINKS, "els => els.map(e => new URL(e.href).pathname)")
        if hrefs == previous:
            return hrefs
        previous = hrefs
        page.wait_for_timeout(60)
    return previous or []


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
