"""The reading experience on phones, with large text and in 长者模式, in headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import serve
from tests.helpers import PAGE_TYPES

pytestmark = pytest.mark.browser

#: (长者模式, 字号) combinations a reader can choose.
MODES = [
    (False, "small"),
    (False, "medium"),
    (False, "large"),
    (True, "small"),
    (True, "medium"),
    (True, "large"),
]


def _context(browser, width: int, elder: bool = False, size: str = "medium", **options):  # type: ignore[no-untyped-def]
    mobile = width < 1000
    context = browser.new_context(
        viewport={"width": width, "height": 800},
        is_mobile=mobile,
        has_touch=mobile,
        locale="zh-CN",
        **options,
    )
    context.add_init_script(
        f"localStorage.setItem('plan-elder', '{'on' if elder else 'off'}');"
        f"localStorage.setItem('plan-size', '{size}');"
    )
    return context


@pytest.mark.parametrize("width", [320, 390, 768])
@pytest.mark.parametrize(("elder", "size"), MODES)
def test_no_page_scrolls_sideways(browser, served: str, width: int, elder: bool, size: str) -> None:  # type: ignore[no-untyped-def]
    context = _context(browser, width, elder, size)
    page = context.new_page()
    wide = {}
    for name, path in PAGE_TYPES.items():
        page.goto(served + path)
        scroll = page.evaluate("() => document.scrollingElement.scrollWidth")
        if scroll > width:
            wide[name] = scroll
    context.close()
    assert wide == {}, f"{width}px，长者模式={elder}，字号={size}：页面宽于屏幕 {wide}"


#: Short things that must stay whole: a label, a date, a task number, a file name, a unit's name.
WHOLE = {
    "": [".plan-facts dt", ".plan-facts time"],
    "targets/": ["dl.plan-reading dt", ".plan-num", "td .plan-cell-label"],
    "downloads/": [".plan-file", "td .plan-cell-label"],
    "units/": ["tbody th a", "td .plan-cell-label"],
    "tasks/8/": [".plan-facts dt", ".plan-crumbs a", "dl.plan-reading dt"],
}
_LINES = """els => els.map(el => {
  const range = document.createRange(); range.selectNodeContents(el);
  const rects = [...range.getClientRects()].filter(r => r.width > 0).sort((a, b) => a.top - b.top);
  let lines = 0, bottom = -Infinity;  // a rect starting below the current line's bottom starts a line
  for (const r of rects) { if (r.top >= bottom - 2) { lines += 1; bottom = r.bottom; } else bottom = Math.max(bottom, r.bottom); }
  return [el.textContent.trim(), lines];
})"""


@pytest.mark.parametrize("width", [320, 390])
def test_labels_dates_and_names_are_never_broken_inside(browser, served: str, width: int) -> None:  # type: ignore[no-untyped-def]
    context = _context(browser, width, elder=True, size="large")
    page = context.new_page()
    broken = []
    for path, selectors in WHOLE.items():
        page.goto(served + path)
        for selector in selectors:
            found = page.eval_on_selector_all(selector, _LINES)
            assert found, (path, selector)
            # A unit's name may only wrap where it is longer than a whole line of the screen.
            broken += [(path, text, lines) for text, lines in found if lines > 1 and len(text) <= 8]
    context.close()
    assert broken == []


def test_file_names_break_only_where_they_must(browser, served: str) -> None:  # type: ignore[no-untyped-def]
    context = _context(browser, 390, elder=True, size="large")
    page = context.new_page()
    page.goto(served + "downloads/")
    style = page.eval_on_selector(".plan-file", "el => getComputedStyle(el).overflowWrap")
    assert style == "anywhere"
    context.close()


def test_footer_text_keeps_away_from_the_screen_edge(browser, configured_site: Path) -> None:  # type: ignore[no-untyped-def]
    context = _context(browser, 390)
    page = context.new_page()
    with serve(configured_site) as base:
        page.goto(base)
        box = page.locator(".plan-footer__facts").bounding_box()
    context.close()
    assert box is not None and box["x"] >= 12 and box["x"] + box["width"] <= 390 - 12


CHROME = {
    "header": ".md-header__topic",
    "menu": ".md-nav--primary .md-nav__link",
    "controls": ".plan-tools__button",
    "search": ".md-search__input",
}


@pytest.mark.parametrize("width", [390, 1366])
def test_elder_mode_enlarges_the_chrome_too(browser, served: str, width: int) -> None:  # type: ignore[no-untyped-def]
    sizes = {}
    for elder in (False, True):
        context = _context(browser, width, elder=elder)
        page = context.new_page()
        page.goto(served + "tasks/7/")
        sizes[elder] = {
            name: page.eval_on_selector(selector, "el => parseFloat(getComputedStyle(el).fontSize)")
            for name, selector in CHROME.items()
        }
        context.close()
    small = [name for name in CHROME if sizes[True][name] < sizes[False][name] * 1.15]
    assert small == [], (sizes, small)


def test_controls_that_need_scripts_are_hidden_without_them(browser, served: str) -> None:  # type: ignore[no-untyped-def]
    for scripts in (True, False):
        context = browser.new_context(java_script_enabled=scripts)
        page = context.new_page()
        for path in ("", "tasks/7/", "help/"):
            page.goto(served + path)
            for name in ("大", "长者模式", "打印"):
                assert page.get_by_role("button", name=name, exact=True).is_visible() is scripts, (path, name)
        context.close()


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=list(PAGE_TYPES))
def test_every_page_starts_with_one_skip_link(page, served: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + path)
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.textContent.trim(), document.activeElement.hash]")
    assert focused == ["跳到正文", "#plan-content"]
    assert page.locator("a:visible", has_text="跳到正文").count() == 1
    skip = page.get_by_role("link", name="跳到正文")
    assert skip.is_visible()
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'plan-content'", timeout=5000)
    # The next stop is in the page's own content, past the header and the menu.
    page.keyboard.press("Tab")
    inside = page.evaluate("() => !!document.activeElement.closest('article.md-content__inner')")
    assert inside


@pytest.mark.parametrize("path", [p for p in PAGE_TYPES.values() if p != "404.html"])
def test_the_facts_box_is_at_the_top_of_every_page(page, served: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(served + path)
    facts = page.locator("article .plan-facts")
    assert facts.count() == 1
    heading = page.locator("article h1").first.bounding_box()
    box = facts.bounding_box()
    assert box is not None and heading is not None
    content = page.evaluate(
        """() => [...document.querySelectorAll('article > p, article > section, article > table, article h2')]
                 .filter(el => !el.closest('.plan-facts, .plan-toc, .plan-crumbs'))
                 .map(el => el.getBoundingClientRect().top)"""
    )
    assert box["y"] < 450 and abs(box["y"] - heading["y"]) < 200
    assert all(box["y"] < top for top in content)


def test_the_home_title_is_the_site_name_alone(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served)
    assert page.title() == "渭南市2024年法治政府建设工作要点"
    page.goto(served + "tasks/7/")
    assert page.title() == "(七)严格落实重大行政决策程序 - 渭南市2024年法治政府建设工作要点"


def test_home_tasks_are_numbered_once_and_sections_look_like_headings(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served)
    marker = page.eval_on_selector("ul.plan-tasklist li", "li => getComputedStyle(li).listStyleType")
    assert marker == "none"  # the task's own label "(一)" is its number
    link = page.locator("h3#section-1 a")
    style = link.evaluate("a => [getComputedStyle(a).textDecorationLine, getComputedStyle(a).color]")
    assert style[0] == "none" and style[1] == "rgb(31, 31, 31)"
    assert page.locator("h3#section-1 .plan-go").inner_text() == "›"  # the link affordance
    link.hover()
    assert link.evaluate("a => getComputedStyle(a).textDecorationLine") == "underline"


@pytest.mark.parametrize(
    ("path", "trail"),
    [
        (
            "tasks/7/",
            ["首页", "三、强化行政决策程序制度落实,提升行政决策质量", "(七)严格落实重大行政决策程序"],
        ),
        ("units/shisifaju/", ["首页", "责任单位", "市司法局"]),
    ],
)
def test_breadcrumb_and_the_menu_show_where_you_are(page, served: str, path: str, trail: list[str]) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(served + path)
    crumbs = page.get_by_role("navigation", name="当前位置")
    assert [item.inner_text() for item in crumbs.locator("li").all()] == trail
    assert crumbs.locator("[aria-current=page]").inner_text() == trail[-1]
    here = page.locator(".md-nav--primary a[aria-current=location]")
    assert here.count() == 1 and here.inner_text().strip() == trail[1]
    assert here.is_visible()
    # Still so after instant navigation to the next task or unit.
    if path.startswith("tasks/"):
        page.locator(".plan-pager a[rel=next]").click()
        page.wait_for_url("**/tasks/8/")
        assert page.locator(".md-nav--primary a[aria-current=location]").inner_text().strip() == trail[1]


def test_the_full_text_has_contents_and_ways_back(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(served + "fulltext/")
    contents = page.get_by_role("navigation", name="目录")
    links = contents.get_by_role("link").all()
    assert len(links) == 8
    links[6].click()
    page.wait_for_function("() => location.hash === '#section-7'")
    assert page.evaluate("() => window.scrollY") > 2000
    back = page.locator(".plan-back a").nth(6)
    back.click()
    page.wait_for_function("() => location.hash === '#contents'")
    top = page.evaluate("() => document.getElementById('contents').getBoundingClientRect().top")
    assert 0 <= top < 200
    assert page.locator(".plan-back a").count() == 8


@pytest.mark.parametrize(("width", "elder"), [(390, False), (390, True), (768, True)])
def test_units_can_be_ranked_on_a_phone(browser, served: str, width: int, elder: bool) -> None:  # type: ignore[no-untyped-def]
    context = _context(browser, width, elder=elder, size="large" if elder else "medium")
    page = context.new_page()
    page.goto(served + "units/")
    button = page.get_by_role("button", name="承担任务数")
    assert button.is_visible()
    button.click()
    counts = page.locator("tbody td:nth-of-type(2)").evaluate_all(
        "tds => tds.map(t => Number(t.dataset.sort))"
    )
    assert len(counts) == 28 and counts == sorted(counts, reverse=True)
    context.close()
