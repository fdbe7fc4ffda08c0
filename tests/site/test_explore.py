"""Exploring the plan: the interactive matrix, connected units and tasks, targets and cited documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.plan.load import load_plan
from generator.plan.references import cited_documents
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
    assert status.inner_text() == "显示 25 项任务、28 个责任主体、112 处分工。"
    page.get_by_label("关键词").fill("市信访局")
    assert _visible_units(page) == ["市信访局"]
    assert _visible_rows(page) == ["row-17"]
    page.get_by_label("关键词").fill("行政复议")
    assert _visible_rows(page) == ["row-15"]
    assert "市司法局" in _visible_units(page) and "市信访局" not in _visible_units(page)
    page.get_by_label("关键词").fill("")
    page.get_by_label("方面", exact=True).select_option("5")
    assert _visible_rows(page) == ["row-13", "row-14"]
    page.get_by_label("方面", exact=True).select_option("4")
    page.get_by_label("单位类别").select_option("司法机关")
    assert _visible_units(page) == ["市中级人民法院", "市人民检察院"]
    assert _visible_rows(page) == ["row-9"]  # the only task of section 四 they answer for
    assert status.inner_text() == "显示 1 项任务、2 个责任主体、2 处分工。"


_SHOWN = """() => {
  const table = document.querySelector('table.plan-matrix');
  const cols = [...table.tHead.rows[0].cells].map((th, i) => [th, i]).filter(([th]) => th.dataset.name && !th.hidden);
  const rows = [...table.tBodies[0].rows].filter(r => !r.hidden);
  const marks = (r, i) => r.cells[i].classList.contains('plan-mark') ? 1 : 0;
  return {
    cols: cols.map(([th, i]) => [th.dataset.name, rows.reduce((n, r) => n + marks(r, i), 0),
                                 Number(table.tFoot.rows[0].cells[i].textContent)]),
    rows: rows.map(r => [r.id, cols.reduce((n, [, i]) => n + marks(r, i), 0),
                         Number(r.querySelector('[data-matrix-row-total]').textContent)]),
    total: Number(table.querySelector('[data-matrix-total]').textContent),
  };
}"""


@pytest.mark.browser
def test_matrix_filter_shows_only_what_meets_with_its_own_totals_and_url(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + "matrix/")
    page.get_by_label("方面", exact=True).select_option("4")
    page.get_by_label("单位类别").select_option("市委部门")
    shown = page.evaluate(_SHOWN)
    assert shown["rows"] and shown["cols"]
    # No empty row or column, and every total counts what is shown.
    assert all(count > 0 and count == total for _, count, total in shown["rows"] + shown["cols"])
    assert shown["total"] == sum(count for _, count, _ in shown["cols"]) < 112
    assert {row for row, _, _ in shown["rows"]} <= {f"row-{n}" for n in (9, 10, 11, 12)}
    status = page.locator("[data-matrix-status]").inner_text()
    assert (
        status
        == f"显示 {len(shown['rows'])} 项任务、{len(shown['cols'])} 个责任主体、{shown['total']} 处分工。"
    )
    # The address keeps the view: opening it elsewhere shows the same.
    assert "section=4" in page.url and "category=" in page.url
    other = page.context.new_page()
    other.goto(page.url)
    assert other.evaluate(_SHOWN) == shown
    assert other.get_by_label("单位类别").input_value() == "市委部门"
    other.close()
    # Reset shows the whole plan again and clears the address.
    page.get_by_role("button", name="清除筛选").click()
    page.wait_for_function("() => !location.search")
    full = page.evaluate(_SHOWN)
    assert len(full["rows"]) == 25 and len(full["cols"]) == 28 and full["total"] == 112


@pytest.mark.browser
def test_matrix_on_a_desktop_scrolls_with_the_page(browser, served: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(served + "matrix/")
    wrap = page.locator(".plan-matrix-wrap")
    sizes = wrap.evaluate("el => [el.scrollWidth, el.clientWidth, el.scrollHeight, el.clientHeight]")
    assert sizes[0] <= sizes[1] and sizes[2] <= sizes[3] + 1  # no inner scrolling either way
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 1366
    # The 单位数 column is inside the page and the totals row is reached by scrolling the page.
    last = page.locator("table.plan-matrix thead th").last.bounding_box()
    assert last is not None and last["x"] + last["width"] <= 1366
    page.locator("table.plan-matrix tfoot th").scroll_into_view_if_needed()
    assert page.locator("table.plan-matrix tfoot th").is_visible()
    assert wrap.evaluate("el => el.scrollTop") == 0
    context.close()


_HTML_CHANGES = r"""(() => {
  const records = [];
  const observer = new MutationObserver(list => records.push(...list));
  observer.observe(document, {attributes: true, attributeOldValue: true, childList: true, subtree: true});
  window.__htmlChangesAfterBody = () => {
    records.push(...observer.takeRecords());
    const root = document.documentElement;
    let body = false;
    const changes = [];
    records.forEach((r, i) => {
      if (r.type === 'childList' && [...r.addedNodes].some(n => n.nodeName === 'BODY')) body = true;
      if (r.type !== 'attributes' || r.target !== root || !body) return;
      const later = records.slice(i + 1).find(
        s => s.type === 'attributes' && s.target === root && s.attributeName === r.attributeName);
      const after = later ? later.oldValue : root.getAttribute(r.attributeName);
      const sorted = v => (v || '').split(/\s+/).filter(Boolean).sort().join(' ');
      if (r.attributeName === 'class' ? sorted(after) !== sorted(r.oldValue) : after !== r.oldValue) {
        changes.push(`${r.attributeName}: ${r.oldValue} -> ${after}`);
      }
    });
    return changes;
  };
})();"""


@pytest.mark.browser
def test_matrix_start_up_leaves_the_root_element_alone(browser, served: str) -> None:  # type: ignore[no-untyped-def]
    # A class or attribute change on <html> once the body exists restyles every element of the page
    # (the theme has selectors such as `table:not([class])`): a long task on the matrix. plan-early.js
    # sets, in <head>, what the theme's bundle and plan.js would set later (the theme's classes only on
    # pages given to one wide table: on text pages, setting them early made Lighthouse slower).
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
    context.add_init_script(_HTML_CHANGES)
    page = context.new_page()
    page.goto(served + "matrix/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__htmlChangesAfterBody()") == []
    classes = page.evaluate("[...document.documentElement.classList]")
    assert {"js", "js-focus-visible", "plan-js"} <= set(classes) and "no-js" not in classes
    assert page.evaluate("document.documentElement.getAttribute('data-plan-size')") == "medium"
    context.close()


@pytest.mark.browser
def test_matrix_prints_without_the_filter_form(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + "matrix/")
    assert page.locator("[data-matrix-filter]").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("[data-matrix-filter]").is_visible()
    assert page.locator("table.plan-matrix").is_visible()


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
def test_all_units_ranked_in_one_table(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + "units/")
    assert page.locator("table").count() == 1
    table = page.locator("table.plan-sortable")

    def column(n: int) -> list[int]:
        return table.locator(f"tbody tr td:nth-of-type({n})").evaluate_all(
            "tds => tds.map(t => Number(t.dataset.sort))"
        )

    table.get_by_role("button", name="承担任务数").click()
    counts = column(2)
    assert len(counts) == 28 and counts == sorted(counts, reverse=True)
    assert table.locator("tbody th").first.inner_text() == "各县(市、区)政府" and counts[0] == 24
    header = table.locator("thead th", has=page.get_by_role("button", name="承担任务数"))
    assert header.get_attribute("aria-sort") == "descending"
    assert header.locator(".plan-badge").inner_text() == "本站整理"  # still marked as our reading
    table.get_by_role("button", name="承担任务数").click()
    assert column(2) == sorted(counts)
    # Sorting by category brings the groups back together, in the plan's order.
    table.get_by_role("button", name="类别").click()
    assert column(1) == sorted(column(1))
    assert header.get_attribute("aria-sort") == "none"
    category = table.locator("thead th", has=page.get_by_role("button", name="类别"))
    assert category.get_attribute("data-provenance") == "editorial"


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
    assert related[:2] == ["../8/", "../6/"]  # (八) shares all four bodies, (六) three and the section
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


def test_related_tasks_are_ranked_by_what_they_share_and_say_why(site: Path) -> None:
    """(十五) 加强行政复议工作: (十六) and (十七) share all three of its bodies and its section, so they
    lead; each item says why it is listed, and the list is marked 本站整理."""
    main = _content(site, "tasks/15/")
    section = main.select_one("section[aria-labelledby=related]")
    assert section.select_one("h2")["data-provenance"] == "editorial" and "本站整理" in section.get_text()
    items = section.select(".plan-related li")
    assert [li.a["href"] for li in items[:2]] == ["../16/", "../17/"]
    shared = "共同责任单位 3 个：市司法局、市政府有关部门、各县(市、区)政府；同属本方面"
    assert [li.select_one(".plan-muted").get_text() for li in items[:2]] == [f"（{shared}）"] * 2
    assert all("共同责任单位" in li.get_text() or "都提到" in li.get_text() for li in items)
