"""The page of what changed from the year before, rendered as the site renders a body (no build).

The plans are those of tests/plan/test_compare.py (the real plan, and it edited as a following
year might), plus a task text that carries markup, which must stay text.
"""

from __future__ import annotations

from functools import partial

import pytest
from bs4 import BeautifulSoup, Tag

from generator.plan.load import load_plan, parse_plan
from generator.site.changes import changes_context
from generator.site.pages import Pages
from tests.helpers import PLAN
from tests.plan.test_compare import LINKS, next_year

HOSTILE = "<script>alert(1)</script><b onclick=alert(2)>粗</b>"
SRC = "changes.md"


class OldUrls:
    """Where the earlier plan's pages are (the multi-year site's own placing is not this test's)."""

    @staticmethod
    def task(number: int) -> str:
        return f"2024/tasks/{number}.md"

    @staticmethod
    def unit(slug: str) -> str:
        return f"2024/units/{slug}.md"


@pytest.fixture(scope="module")
def body() -> str:
    new = parse_plan(next_year((("完善配套制度和工作规则。", f"完善配套制度和工作规则{HOSTILE}。"),)))
    old = load_plan(PLAN)
    pages = Pages(new)
    pages.page(
        SRC,
        "changes.html",
        "与上一年相比",
        "changes",
        lambda href: {},
        context=partial(changes_context, new, old, LINKS),
        old_urls=OldUrls(),
    )
    return str(pages.body(SRC))


@pytest.fixture(scope="module")
def page(body: str) -> BeautifulSoup:
    return BeautifulSoup(body, "html.parser")


def one(doc: BeautifulSoup | Tag, selector: str) -> Tag:
    found = doc.select(selector)
    assert len(found) == 1, (selector, len(found))
    return found[0]


def text(tag: Tag) -> str:
    return tag.get_text("", strip=True)


def test_additions_and_removals_carry_visible_markers_not_only_colour(page: BeautifulSoup) -> None:
    task = one(page, "#task-15")
    assert [text(t) for t in task.select("ins")] == [
        f"［增：和工作规则{HOSTILE}］",
        "［增：全面推行］",
        "［增：市数据局］",
    ]
    assert [text(t) for t in task.select("del")] == ["［删：积极探索］"]
    title = one(page, "#task-20")
    assert (
        text(one(title, ".plan-diff-title"))
        == "标题：［删：加强］［增：坚持］党对法治政府建设的［增：全面］领导"
    )
    # The text around the changes is there word for word, in order.
    body = text(one(task, ".plan-diff-text"))
    assert body.startswith("正文：健全建强行政复议委员会,完善配套制度［增：和工作规则")
    assert "加大复议便民力度,［删：积极探索］［增：全面推行］“掌上复议”。健全并落实" in body
    legend = one(page, "dl.plan-diff-legend")
    assert [text(d) for d in legend.select("div")] == [
        "［删：……］上一年有、今年删去的文字",
        "［增：……］今年新增的文字",
    ]


def test_plan_text_with_markup_stays_text(body: str, page: BeautifulSoup) -> None:
    assert page.find("script") is None and page.find("b") is None
    assert not any(tag.has_attr("onclick") for tag in page.find_all(True))
    assert text(page.select("#task-15 .plan-diff-text ins")[0]) == f"［增：和工作规则{HOSTILE}］"
    assert "和工作规则&lt;script&gt;alert(1)&lt;/script&gt;&lt;b onclick=alert(2)&gt;" in body


def test_every_statement_is_marked_as_this_sites_reading(page: BeautifulSoup) -> None:
    wrapper = one(page, "div.plan-changes")
    assert wrapper["data-provenance"] == "editorial"
    assert text(one(wrapper, "p.plan-changes-summary")) == (
        "与《渭南市2024年法治政府建设工作要点》相比：延续 24 项任务（其中 5 项有改动），新增 1 项，不再列出 1 项；"
        "新承担任务的单位 1 个，不再承担任务的单位 1 个；量化指标和时限有变化 2 处，新增 0 处，不再列出 0 处。本站整理"
    )
    assert text(one(wrapper, "p.plan-changes-summary .plan-badge")) == "本站整理"
    # All that is computed sits in the one marked wrapper; the page ends with the note explaining the mark.
    for tag in page.select("h2, ins, del, table, ul"):
        assert wrapper in tag.parents, tag
    assert page.select_one("#provenance-note") is not None


def test_each_task_and_body_links_to_its_years_page(page: BeautifulSoup) -> None:
    task = one(page, "#task-15")
    assert one(task, "h3 a")["href"] == "../tasks/15/"
    assert one(task, "p.plan-muted a")["href"] == "../2024/tasks/15/"
    assert one(task, "ins a")["href"] == "../units/shishujuju/"
    assert one(page, "#task-17 del a")["href"] == "../2024/units/shixinfangju/"
    assert one(page, "#task-20 p.plan-muted a")["href"] == "../2024/tasks/21/"

    def listed(heading: str) -> list[tuple[str, str]]:
        section = one(page, f"section[aria-labelledby={heading}]")
        return [(text(a), str(a["href"])) for a in section.select("li a")]

    assert listed("added") == [("(二十五)推进法治政府建设数字化", "../tasks/25/")]
    assert listed("dropped") == [("(二十)加快推进政务诚信建设", "../2024/tasks/20/")]
    assert listed("unchanged")[:2] == [
        ("(一)推进政府机构职能协调高效", "../tasks/1/"),
        ("(一)推进政府机构职能协调高效", "../2024/tasks/1/"),
    ]
    assert len(listed("unchanged")) == 2 * 19
    bodies = one(page, "section[aria-labelledby=bodies]")
    assert [text(li) for li in bodies.select("li")] == [
        "市数据局：(十五)加强行政复议工作、(二十五)推进法治政府建设数字化",
        "市信访局：上一年承担(十七)预防和化解矛盾纠纷",
    ]
    assert [a["href"] for a in bodies.select("li a")] == [
        "../units/shishujuju/",
        "../tasks/15/",
        "../tasks/25/",
        "../2024/units/shixinfangju/",
        "../2024/tasks/17/",
    ]


def test_changed_targets_show_both_phrases_as_quotes(page: BeautifulSoup) -> None:
    rows = page.select("section[aria-labelledby=targets] tbody tr")
    assert [[text(q) for q in row.select("q")] for row in rows] == [
        [
            "6月底前市、县两级行政规范性文件制定主体清单全部编制完成",
            "5月底前市、县两级行政规范性文件制定主体清单全部编制完成",
        ],
        ["每人每年接受不少于60学时", "每人每年接受不少于80学时"],
    ]
    assert [text(one(row, "td:last-child")) for row in rows] == [
        "时限：6月底前 → 5月底前",
        "数值：60学时 → 80学时",
    ]
    assert [a["href"] for a in rows[1].select("th a")] == ["../tasks/10/", "../2024/tasks/10/"]
