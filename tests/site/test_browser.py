"""Smoke tests in headless Chromium: pages load, navigation works, search finds a task."""

from __future__ import annotations

import pytest

from tests.browser import search

pytestmark = pytest.mark.browser


def test_pages_load_and_navigation_works(page, served: str) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(served)
    assert page.locator("article h1").inner_text() == "渭南市2024年法治政府建设工作要点"
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="分工矩阵").first.click()
    page.wait_for_url("**/matrix/")
    assert page.locator("article h1").inner_text() == "分工矩阵"
    page.locator("table.plan-matrix tbody th a").nth(14).click()
    page.wait_for_url("**/tasks/15/")
    assert page.locator("article h1").inner_text() == "(十五)加强行政复议工作"
    page.locator(".plan-pager a[rel=next]").click()
    page.wait_for_url("**/tasks/16/")
    page.locator("a.plan-unit", has_text="市司法局").click()
    page.wait_for_url("**/units/shisifaju/")
    assert page.locator("article h1").inner_text() == "市司法局"
    assert errors == []


def test_search_for_a_task_title_finds_that_task(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served)
    results = search(page, "加强行政复议工作")
    assert results, "no search results"
    assert results[0].endswith("/tasks/15/")
