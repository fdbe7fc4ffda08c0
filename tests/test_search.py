"""Chinese search that finds the right task: the evaluation set in a real browser, and its parts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.loader import load_plan
from generator.search import augment_index, pair_code, user_dictionary
from tests.browser import search
from tests.helpers import PLAN
from tests.search_eval import evaluate, load_cases, rates, report


@pytest.mark.browser
def test_search_finds_the_right_page(page, served: str) -> None:  # type: ignore[no-untyped-def]
    outcomes = evaluate(page, served)
    top1, top3 = rates(outcomes)
    print("\n" + report(outcomes))
    assert len(outcomes) >= 40
    assert top1 >= 0.95, report(outcomes)
    assert top3 == 1.0, report(outcomes)


@pytest.mark.browser
def test_result_titles_are_clean(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served)
    search(page, "掌上复议")
    first = page.locator(".md-search-result__item").first
    title = first.locator("h1").inner_text()
    assert title == "(十五)加强行政复议工作"
    assert "\u200b" not in first.inner_text()
    assert "掌上复议" in first.locator("mark").all_inner_texts()


def test_evaluation_set_is_realistic_and_points_at_real_pages(site: Path) -> None:
    cases = load_cases()
    assert len(cases) >= 40
    assert len({c["query"] for c in cases}) == len(cases)
    for case in cases:
        assert (site / case["expect"] / "index.html").exists(), case


def test_user_dictionary_comes_from_the_plan() -> None:
    words = user_dictionary(load_plan(PLAN))
    for word in ("掌上复议", "首违不罚", "双随机", "一公开", "信访局", "消防救援支队", "行政执法监督条例"):
        assert word in words
    assert len(words) == len(set(words))


def test_index_keeps_text_to_show_and_adds_pairs(site: Path) -> None:
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    doc = next(d for d in data["docs"] if d["location"] == "tasks/15/")
    assert doc["title"].startswith("(\u200b十五\u200b)\u200b加强")
    assert "掌上复议" in doc["text"].replace("\u200b", "")
    assert pair_code("复议") in doc["text"].split("\u200b")
    sample = {"docs": [{"location": "x/", "title": "一刀切", "text": "<p>“双随机、一公开”</p>"}]}
    augmented = augment_index(sample)["docs"][0]
    terms = augmented["text"].split("\u200b")
    assert pair_code("机一") in terms  # the quoted slogan is also indexed without its punctuation
    assert augmented["text"].startswith("<p>“双随机、一公开”</p>\u200bzh")
