"""The built site of the real plan: every page exists, with verbatim text and exact assignments.

Structure is asserted with BeautifulSoup on the output of a real ``mkdocs build --strict``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.plan.load import load_plan
from generator.plan.text import task_line
from tests.helpers import PLAN, source_plan_lines

PLAN_OBJ = load_plan(PLAN)


def soup(site: Path, url: str) -> BeautifulSoup:
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    assert path.exists(), f"missing page /{url}"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def content(doc: BeautifulSoup):  # type: ignore[no-untyped-def]
    return doc.select_one("article.md-content__inner")


def test_all_contract_urls_exist(site: Path) -> None:
    urls = ["", "units/", "matrix/", "fulltext/", "targets/", "references/", "about/", "help/"]
    urls += [f"sections/{n}/" for n in range(1, 9)]
    urls += [f"tasks/{n}/" for n in range(1, 26)]
    urls += [f"units/{u.slug}/" for u in PLAN_OBJ.units]
    for url in urls:
        soup(site, url)
    assert not (site / "tasks" / "26").exists()


def test_nothing_generated_is_written_into_docs() -> None:
    docs = Path(PLAN).parent.parent / "docs"
    generated = {"index.md", "sections", "tasks", "units", "matrix.md", "fulltext.md"}
    assert not generated & {p.name for p in docs.iterdir()}


def test_home_page(site: Path) -> None:
    doc = soup(site, "")
    main = content(doc)
    assert main.h1.get_text() == "渭南市2024年法治政府建设工作要点"
    counts = main.select_one(".plan-counts").get_text(" ", strip=True)
    assert "8 个方面" in counts and "25 项任务" in counts and "112 处分工" in counts
    assert len(main.select(".plan-section")) == 8
    assert len(main.select(".plan-tasklist a")) == 25
    text = main.get_text()
    assert "渭南市司法局" in text and "2024-04-20" in text and "4月18日" in text
    for paragraph in PLAN_OBJ.publication.summary:
        assert paragraph in text


@pytest.mark.parametrize("number", range(1, 26))
def test_task_page(site: Path, number: int) -> None:
    ref = PLAN_OBJ.tasks[number - 1]
    main = content(soup(site, f"tasks/{number}/"))
    assert main.h1.get_text() == f"{ref.label}{ref.task.title}"
    assert main.select_one(".plan-text").get_text() == ref.task.text
    unit_links = main.select("a.plan-unit")
    assert [a.get_text() for a in unit_links] == [
        *[n for n in ref.task.responsible if not PLAN_OBJ.units_by_name[n].collective],
        *[n for n in ref.task.responsible if PLAN_OBJ.units_by_name[n].collective],
    ]
    for a in unit_links:
        unit = PLAN_OBJ.units_by_name[a.get_text()]
        assert a["href"] == f"../../units/{unit.slug}/"
        assert ("plan-unit--group" in a["class"]) == unit.collective
    line = main.select_one(".plan-line").get_text()
    assert line.endswith(task_line(PLAN_OBJ, number)[task_line(PLAN_OBJ, number).index("[责任单位:") :])
    crumbs = main.select_one("nav.plan-crumbs")
    assert [a["href"] for a in crumbs.select("a")] == ["../../", f"../../sections/{ref.section}/"]
    assert crumbs.select_one("[aria-current=page]").get_text() == f"{ref.label}{ref.task.title}"
    pager = {a["rel"][0]: a["href"] for a in main.select(".plan-pager a")}
    assert pager.get("prev") == (f"../{number - 1}/" if number > 1 else None)
    assert pager.get("next") == (f"../{number + 1}/" if number < 25 else None)
    for target in ref.task.targets:
        assert target.phrase in [m.get_text() for m in main.select("mark.plan-target")]


def test_section_pages_list_their_tasks(site: Path) -> None:
    for number, section in enumerate(PLAN_OBJ.sections, 1):
        main = content(soup(site, f"sections/{number}/"))
        assert section.title in main.h1.get_text()
        links = [a["href"] for a in main.select(".plan-card h2 a")]
        assert links == [f"../../tasks/{ref.number}/" for ref in PLAN_OBJ.tasks_of_section(number)]


def test_unit_pages_list_exactly_their_tasks(site: Path) -> None:
    total = 0
    for unit in PLAN_OBJ.units:
        main = content(soup(site, f"units/{unit.slug}/"))
        assert main.h1.get_text() == unit.name
        numbers = [int(a["href"].split("/")[-2]) for a in main.select(".plan-tasklist li > a")]
        assert numbers == [ref.number for ref in PLAN_OBJ.tasks if unit.name in ref.task.responsible]
        total += len(numbers)
    assert total == 112


def test_units_index_lists_all_28_in_one_table_by_category(site: Path) -> None:
    main = content(soup(site, "units/"))
    tables = main.select("table")
    assert len(tables) == 1  # one table, so that all bodies can be ranked together
    links = main.select("tbody th a")
    assert len(links) == 28
    rows = [a.find_parent("tr") for a in links]
    assert list(dict.fromkeys(tr["data-category"] for tr in rows)) == list(PLAN_OBJ.categories)
    counts = {a.get_text(): int(a.find_parent("tr").select("td")[1]["data-sort"]) for a in links}
    assert counts["市司法局"] == len(PLAN_OBJ.tasks_of_unit("市司法局")) == 18


def test_matrix_marks_exactly_the_112_assignments(site: Path) -> None:
    main = content(soup(site, "matrix/"))
    table = main.select_one("table.plan-matrix")
    units = [th.get_text(strip=True) for th in table.select("thead th.plan-matrix__unit")]
    assert units == [u.name for u in PLAN_OBJ.units]
    marked = set()
    for row in table.select("tbody tr"):
        number = int(row["id"].removeprefix("row-"))
        assert row.th["scope"] == "row"
        assert row.th.a["href"] == f"../tasks/{number}/"
        for unit, cell in zip(units, row.find_all("td")[: len(units)], strict=True):
            if cell.get_text(strip=True):
                assert cell.select_one(".plan-sr").get_text() == f"{unit}负责"
                marked.add((unit, number))
    expected = {(u.name, ref.number) for u, ref in PLAN_OBJ.assignments()}
    assert marked == expected and len(marked) == 112


def test_fulltext_is_the_official_text(site: Path) -> None:
    main = content(soup(site, "fulltext/"))
    blocks = [main.h1.get_text()] + [
        el.get_text() for el in main.select("article.plan-official > p, article.plan-official > h2")
    ]
    assert blocks == source_plan_lines()


def test_navigation_is_hierarchical_and_small(site: Path) -> None:
    doc = soup(site, "tasks/1/")
    nav_links = doc.select("nav.md-nav--primary a.md-nav__link")
    assert len(nav_links) < 30  # sections and overview pages only, not every task and unit
    assert not any("/tasks/" in (a.get("href") or "") for a in nav_links)


def test_a_plan_in_a_year_folder_has_the_paths_of_a_one_plan_site_under_it() -> None:
    """Stable addresses: a plan's pages and files in ``2024/`` are the one-plan site's, moved down."""
    from generator.plan.load import load_plan
    from generator.site.pages import Pages
    from generator.site.urls import Urls
    from tests.helpers import PLAN

    plan = load_plan(PLAN)
    alone, under = Urls(), Urls(prefix="2024/")
    assert under.task(15) == "2024/" + alone.task(15) and under.units == "2024/units/index.md"
    assert under.download("plan.json") == "2024/downloads/plan.json"
    assert under.workbook("2024-h1", "shisifaju") == "2024/" + alone.workbook("2024-h1", "shisifaju")
    listed, moved = Pages(plan, alone), Pages(plan, under)
    assert list(moved.listed) == ["2024/" + src for src in listed.listed]
    # Links between pages are relative, so the bodies are the same wherever the folder is.
    for src in ("tasks/15.md", "units/shisifaju.md", "matrix.md", "downloads.md", "index.md"):
        assert moved.body("2024/" + src) == listed.body(src)
