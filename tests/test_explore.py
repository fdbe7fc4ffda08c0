"""Exploring the plan: the interactive matrix, connected units and tasks, targets and cited documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.loader import load_plan
from generator.references import cited_documents
from tests.helpers import PLAN

PLAN_OBJ = load_plan(PLAN)


def _content(site: Path, url: str):  # type: ignore[no-untyped-def]
    html = (site / url / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")


def _cell_text(cell) -> str:  # type: ignore[no-untyped-def]
    """A cell's text without the column name shown only on narrow screens."""
    for label in cell.select(".plan-cell-label"):
        label.extract()
    return cell.get_text()


def _visible_rows(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all(
        "table.plan-matrix tbody tr:not([hidden])", "rows => rows.map(r => r.id)"
    )


def _visible_units(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all(
        "table.plan-matrix thead th[data-name]:not([hidden])", "ths => ths.map(t => t.dataset.name)"
    )


@pytest.mark.browser
def test_matrix_filters_by_unit_task_section_and_category(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + "matrix/")
    status = page.locator("[data-matrix-status]")
    assert status.inner_text() == "显示 25 项任务、28 个责任主体。"
    page.get_by_label("关键词").fill("市信访局")
    assert _visible_units(page) == ["市信访局"]
    assert _visible_rows(page) == ["row-17"]
    page.get_by_label("关键词").fill("行政复议")
    assert _visible_rows(page) == ["row-15"]
    assert "市司法局" in _visible_units(page) and "市信访局" not in _visible_units(page)
    page.get_by_label("关键词").fill("")
    page.get_by_label("方面", exact=True).select_option("5")
    assert _visible_rows(page) == ["row-13", "row-14"]
    page.get_by_label("单位类别").select_option("司法机关")
    assert _visible_units(page) == ["市中级人民法院", "市人民检察院"]
    assert status.inner_text() == "显示 2 项任务、2 个责任主体。"


@pytest.mark.browser
def test_matrix_highlights_the_focused_row_and_column(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + "matrix/")
    mark = page.locator("#row-17 td.plan-mark a[title^='市信访局']")
    mark.focus()
    assert "plan-hl" in (page.locator("#row-17").get_attribute("class") or "")
    column = page.eval_on_selector_all(
        "table.plan-matrix thead th.plan-hl[data-name]", "ths => ths.map(t => t.dataset.name)"
    )
    assert column == ["市信访局"]
    mark.press("Enter")
    page.wait_for_url("**/tasks/17/")


@pytest.mark.browser
def test_matrix_works_without_javascript(browser, served: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "matrix/")
    assert page.locator("table.plan-matrix td.plan-mark").count() == 112
    assert not page.locator("[data-matrix-filter]").is_visible()  # controls that cannot work are not shown
    context.close()


@pytest.mark.browser
def test_matrix_is_usable_on_a_phone(browser, served: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(served + "matrix/")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390  # the page itself does not scroll sideways; the table scrolls in its box
    wrap = page.locator(".plan-matrix-wrap")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
    wrap.evaluate("el => el.scrollLeft = 400")
    left = page.eval_on_selector("#row-1 th", "th => th.getBoundingClientRect().left")
    wrap_left = wrap.evaluate("el => el.getBoundingClientRect().left")
    assert abs(left - wrap_left) < 3  # the task column stays in view
    context.close()


@pytest.mark.browser
def test_units_sortable_by_task_count(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + "units/")
    table = page.locator("table.plan-sortable").nth(3)  # 市政府工作部门
    table.get_by_role("button", name="承担任务数").click()
    counts = table.locator("tbody td[data-sort]").evaluate_all("tds => tds.map(t => Number(t.dataset.sort))")
    assert counts == sorted(counts, reverse=True) and counts[0] == 18
    assert table.locator("thead th[aria-sort]").get_attribute("aria-sort") == "descending"
    table.get_by_role("button", name="承担任务数").click()
    counts = table.locator("tbody td[data-sort]").evaluate_all("tds => tds.map(t => Number(t.dataset.sort))")
    assert counts == sorted(counts)


def test_units_page_explains_collective_groups(site: Path) -> None:
    main = _content(site, "units/")
    assert "统称不是一个具体单位" in main.get_text()
    rows = main.select("table.plan-units-table tbody tr")
    groups = [tr for tr in rows if tr["data-category"] == "统称"]
    notes = [_cell_text(tr.find_all("td")[-1]) for tr in groups]
    assert len(notes) == 5 and all("本站理解为" in note for note in notes)
    assert all(_cell_text(tr.find_all("td")[-1]) == "" for tr in rows if tr not in groups)


def test_unit_page_shows_who_shares_each_task(site: Path) -> None:
    main = _content(site, "units/shixinfangju/")
    item = main.select_one(".plan-tasklist li")
    assert item.a.get_text() == "(十七)预防和化解矛盾纠纷"
    assert item.select_one(".plan-muted").get_text() == "共同承担：市司法局、市政府有关部门、各县(市、区)政府"


def test_task_page_links_related_tasks_and_its_matrix_row(site: Path) -> None:
    main = _content(site, "tasks/7/")
    related = [a["href"] for a in main.select(".plan-related a")]
    assert related[:2] == ["../8/", "../23/"]  # both share 市政府办公室 and 市司法局
    assert main.select_one(".plan-more a")["href"] == "../../matrix/#row-7"


def test_targets_page_lists_every_target_with_its_task(site: Path) -> None:
    main = _content(site, "targets/")
    rows = main.select("tbody tr")
    expected = [(ref.number, t) for ref in PLAN_OBJ.tasks for t in ref.task.targets]
    assert len(rows) == len(expected) >= 12
    for row, (number, target) in zip(rows, expected, strict=True):
        assert row.th.a["href"] == f"../tasks/{number}/"
        assert _cell_text(row.select_one("td.plan-phrase")) == target.phrase
    kinds = {row["data-kind"] for row in rows}
    assert kinds == {"ratio", "count", "deadline", "frequency"}
    deadline = next(r for r in rows if _cell_text(r.select_one("td.plan-phrase")).startswith("6月底前"))
    reading = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in deadline.select("dl dt")}
    assert reading == {"类型": "时限", "时限": "6月底前"}  # the source's period, not a made-up date


def test_targets_are_highlighted_in_the_task_text(site: Path) -> None:
    main = _content(site, "tasks/12/")
    marks = [m.get_text() for m in main.select(".plan-text mark.plan-target")]
    assert marks == ["至少开展2次", "每季度至少开展1次"]


def test_references_page_lists_every_cited_document(site: Path) -> None:
    main = _content(site, "references/")
    rows = main.select("tbody tr")
    titles = [row.th.get_text() for row in rows]
    assert len(titles) == 11
    assert "《渭南市贯彻落实〈陕西省关于进一步推进法治政府建设若干措施〉的实施意见》" in titles
    assert titles[0] == "《法治政府建设实施纲要(2021—2025年)》"
    first = rows[0].select("a")
    assert [a.get_text() for a in first] == ["序言"]
    documents = cited_documents(PLAN_OBJ)
    for row, doc in zip(rows, documents, strict=True):
        hrefs = [a["href"] for a in row.select("a")]
        assert hrefs == ["../fulltext/" if n == 0 else f"../tasks/{n}/" for n in doc.locations]
