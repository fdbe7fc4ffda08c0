"""A record the public can trust: read against the source, nothing is stated that it does not say.

Every target is checked against the published article itself (data/source/), on every page and
download that shows it; every element showing our own reading is marked 本站整理, and verbatim
text never is.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from openpyxl import load_workbook

from generator.plan.load import load_plan
from generator.plan.model import TARGET_WORDS, plan_fields
from tests.helpers import PLAN, SOURCE

PLAN_OBJ = load_plan(PLAN)
SOURCE_TEXT = SOURCE.read_text(encoding="utf-8")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TARGETS = [(ref, t) for ref in PLAN_OBJ.tasks for t in ref.task.targets]


def _doc(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def _main(site: Path, url: str) -> Tag:
    main = _doc(site, url).select_one("article.md-content__inner")
    assert main is not None
    return main


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


# -- targets, against the source ----------------------------------------------------------


@pytest.mark.parametrize("ref,target", TARGETS, ids=[f"{ref.number}-{t.phrase[:8]}" for ref, t in TARGETS])
def test_every_target_reading_uses_the_sources_own_words(ref, target) -> None:  # type: ignore[no-untyped-def]
    task_line = next(
        line for line in SOURCE_TEXT.splitlines() if line.startswith(f"{ref.label}{ref.task.title}")
    )
    assert target.phrase in task_line, "the phrase is a quotation of the published task"
    for key in TARGET_WORDS:
        words = getattr(target, key)
        assert words is None or words in target.phrase, key
    assert target.due is None, "the source gives no calendar date for any target"
    if target.kind == "deadline":
        assert target.period and target.period in target.phrase


def test_qualifiers_and_scopes_the_source_states_are_kept() -> None:
    by_phrase = {t.phrase: t for _, t in TARGETS}
    assert by_phrase["每人每年接受不少于60学时"].qualifier == "不少于"
    assert by_phrase["任期内至少接受1次"].scope == "任期内"
    periods = {t.period for _, t in TARGETS if t.kind == "deadline"}
    assert periods == {"6月底前", "第一季度"}


def _reading_rows(main: Tag) -> list[tuple[str, Tag, Tag]]:
    for label in main.select(".plan-cell-label"):  # column names repeated in each cell for phones
        label.decompose()
    rows = []
    for tr in main.select("table.plan-targets tbody tr"):
        phrase = tr.select_one("td.plan-phrase")
        reading = tr.select_one('td[data-provenance="editorial"]')
        assert phrase is not None and reading is not None
        rows.append((phrase.get_text(), phrase, reading))
    return rows


def test_targets_page_shows_each_phrase_verbatim_and_marks_the_reading(site: Path) -> None:
    main = _main(site, "targets/")
    rows = _reading_rows(main)
    assert [text for text, _, _ in rows] == [t.phrase for _, t in TARGETS]
    header = main.select_one('table.plan-targets thead th[data-provenance="editorial"]')
    assert header is not None and header.select_one(".plan-badge").get_text() == "本站整理"
    for (_, phrase_cell, reading), (_, target) in zip(rows, TARGETS, strict=True):
        assert not phrase_cell.has_attr("data-provenance")
        shown = reading.get_text(" ", strip=True)
        for key in TARGET_WORDS:
            words = getattr(target, key)
            if words:
                assert words in shown, (target.phrase, key)
        assert not DATE.search(shown), f"an invented date: {shown}"


@pytest.mark.parametrize("number", sorted({ref.number for ref, _ in TARGETS}))
def test_task_pages_show_targets_as_the_source_words_them(site: Path, number: int) -> None:
    main = _main(site, f"tasks/{number}/")
    ref = PLAN_OBJ.tasks[number - 1]
    rows = _reading_rows(main)
    assert [text for text, _, _ in rows] == [t.phrase for t in ref.task.targets]
    assert [m.get_text() for m in main.select(".plan-text mark.plan-target")] == [
        t.phrase for t in ref.task.targets
    ]
    for _, _, reading in rows:
        assert not DATE.search(reading.get_text())


def test_the_requirement_of_task_ten_keeps_its_minimum(site: Path) -> None:
    reading = _reading_rows(_main(site, "tasks/10/"))[0][2].get_text(" ", strip=True)
    assert "不少于" in reading and "60学时" in reading and "每人" in reading
    reading = " ".join(r[2].get_text(" ", strip=True) for r in _reading_rows(_main(site, "tasks/23/")))
    assert "任期内" in reading and "至少" in reading


def test_no_date_the_source_does_not_give_appears_anywhere(site: Path) -> None:
    """The only dates the source gives are 2024-04-20 (时间) and 4月18日 (印发)."""
    allowed = {"2024-04-20"}
    for page in _pages(site):
        main = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
        if main is None or page.parent.name == "about":
            continue
        found = set(DATE.findall(main.get_text())) - allowed
        assert not found, f"{page.relative_to(site)}: {found}"


# -- downloads -----------------------------------------------------------------------------


def test_open_data_says_which_fields_are_ours(site: Path) -> None:
    data = json.loads((site / "downloads" / "plan.json").read_text(encoding="utf-8"))
    editorial = {f.path for f in plan_fields() if f.provenance == "editorial"}
    assert set(data["provenance"]["editorial"]) == editorial
    assert "sections[].tasks[].text" in data["provenance"]["source"]
    targets = [t for s in data["sections"] for task in s["tasks"] for t in task.get("targets", [])]
    ten = next(t for t in targets if t["phrase"] == "每人每年接受不少于60学时")
    assert ten["qualifier"] == "不少于" and ten["due"] is None
    schema = json.loads((site / "downloads" / "plan.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["Unit"]["properties"]["category"]["x-provenance"] == "editorial"
    assert schema["$defs"]["Task"]["properties"]["text"]["x-provenance"] == "source"


def test_workbook_marks_editorial_columns_and_keeps_source_words(site: Path) -> None:
    wb = load_workbook(site / "downloads" / "matrix.xlsx")
    units = [c.value for c in wb["责任单位"][1]]
    assert units[0] == "单位" and "类别（本站整理）" in units and "说明（本站整理）" in units
    targets = list(wb["量化指标"].iter_rows(values_only=True))
    assert targets[0][2] == "原文措辞" and all(h.endswith("（本站整理）") for h in targets[0][3:])
    ten = next(row for row in targets if row[2] == "每人每年接受不少于60学时")
    assert "不少于" in ten and not any(isinstance(v, str) and DATE.fullmatch(v) for v in ten)


def test_csv_matrix_is_the_sources_assignments(site: Path) -> None:
    rows = list(csv.reader(io.StringIO((site / "downloads" / "matrix.csv").read_text(encoding="utf-8-sig"))))
    assert sum(row.count("●") for row in rows[1:]) == 112


# -- markers -------------------------------------------------------------------------------


def _column_header(cell: Tag) -> Tag | None:
    """The header cell above a table cell (same column index)."""
    row = cell.find_parent("tr")
    table = cell.find_parent("table")
    if row is None or table is None or table.thead is None:
        return None
    index = row.find_all(["td", "th"], recursive=False).index(cell)
    headers = table.thead.find_all("tr")[-1].find_all(["td", "th"], recursive=False)
    return headers[index] if index < len(headers) else None


def test_every_editorial_element_is_visibly_marked_and_explained(site: Path) -> None:
    marked_pages = 0
    for page in _pages(site):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        where = page.relative_to(site).as_posix()
        elements = doc.select('[data-provenance="editorial"]')
        for el in elements:
            if el.select_one(".plan-badge"):
                continue
            header = _column_header(el) if el.name in {"td", "th"} else None
            tfoot_label = el.find_parent("tfoot") and el.find_parent("tr").select_one("th .plan-badge")
            assert (header is not None and header.select_one(".plan-badge")) or tfoot_label, (
                f"{where}: unmarked editorial {el.name}: {el.get_text()[:40]}"
            )
        if elements:
            marked_pages += 1
            note = doc.select_one("#provenance-note")
            assert note is not None and "不是原文的内容" in note.get_text(), where
        for badge in doc.select(".plan-badge"):
            assert badge.get_text() == "本站整理" and not badge.get("aria-hidden"), where
    assert marked_pages > 30


def test_verbatim_text_never_carries_the_marker(site: Path) -> None:
    for ref in PLAN_OBJ.tasks:
        main = _main(site, f"tasks/{ref.number}/")
        for verbatim in (main.select_one(".plan-text"), main.select_one(".plan-line"), main.h1):
            assert verbatim is not None
            assert verbatim.find_parent(attrs={"data-provenance": True}) is None
            assert not verbatim.select('[data-provenance="editorial"]')
        texts = [ref.task.text, *(t.phrase for t in ref.task.targets)]
        for el in main.select('[data-provenance="editorial"]'):
            assert not [t for t in texts if t in el.get_text()], el.get_text()[:40]
    full = _main(site, "fulltext/")
    assert not full.select(".plan-official [data-provenance]:not(.plan-facts *)")


def test_unit_categories_notes_and_counts_are_marked(site: Path) -> None:
    for unit in PLAN_OBJ.units:
        main = _main(site, f"units/{unit.slug}/")
        editorial = " ".join(el.get_text() for el in main.select('[data-provenance="editorial"]'))
        assert unit.category in editorial
        if unit.note:
            assert unit.note in editorial
    home = _main(site, "")
    counts = home.select_one(".plan-counts")
    assert counts is not None and counts.find_parent(attrs={"data-provenance": "editorial"}) is not None


def test_info_box_separates_issuer_source_and_dates(site: Path) -> None:
    facts = _main(site, "").select_one(".plan-facts")
    assert facts is not None
    pairs = [
        (dt.get_text(), dt.find_next_sibling("dd").get_text(" ", strip=True)) for dt in facts.select("dt")
    ]
    assert pairs == [
        ("文件", "渭南市2024年法治政府建设工作要点"),
        ("印发机关", "渭南市"),
        ("印发时间", "4月18日"),
        ("文章来源", "渭南市司法局"),
        ("发布时间", "2024-04-20"),
    ]
    assert "渭南市" in SOURCE_TEXT and "来源:渭南市司法局" in SOURCE_TEXT and "4月18日" in SOURCE_TEXT


def test_no_claims_on_the_publishers_behalf(site: Path) -> None:
    text = " ".join(_main(site, url).get_text() for url in ("downloads/", "about/", ""))
    for claim in ("可自由使用", "未作任何改动", "请与发布机构联系", "主办单位"):
        assert claim not in text, claim
    footer = _doc(site, "").select_one("footer.plan-footer")
    assert footer is not None and not footer.select("dt")


def test_about_page_accounts_for_every_editorial_field(site: Path) -> None:
    main = _main(site, "about/")
    listed = {code.get_text() for code in main.select("table code")}
    assert listed == {f.path for f in plan_fields() if f.provenance == "editorial"}
    assert main.select_one("#provenance") is not None and main.select_one("#contact") is not None
    assert "联系" not in main.select_one("#contact").find_next("p").get_text()  # no contact configured


def test_about_page_gives_the_contact_only_when_configured(configured_site: Path) -> None:
    contact = _main(configured_site, "about/").select_one("#contact").find_next("p").get_text()
    assert "电话：0000-0000000" in contact


# -- no invented address -------------------------------------------------------------------


def _absolute_self_references(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in {".html", ".xml", ".json", ".txt"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        where = path.relative_to(folder).as_posix()
        if "127.0.0.1" in text or "localhost" in text:
            found.append(f"{where}: 127.0.0.1")
        if path.suffix == ".html":
            doc = BeautifulSoup(text, "html.parser")
            if doc.select('link[rel="canonical"], meta[name="SiteDomain"], .plan-print-url'):
                found.append(f"{where}: canonical/SiteDomain/本页网址")
        if path.name == "sitemap.xml" and "<loc>" in text:
            found.append(f"{where}: sitemap entries")
    return found


def test_without_site_url_no_absolute_address_is_written(site: Path, offline_site: Path) -> None:
    assert _absolute_self_references(site) == []
    assert _absolute_self_references(offline_site) == []


def test_with_site_url_every_page_has_its_address(addressed_site: tuple[Path, str, int]) -> None:
    site, base, _ = addressed_site
    doc = _doc(site, "tasks/3/")
    assert doc.select_one('link[rel="canonical"]')["href"] == f"{base}tasks/3/"
    assert doc.select_one(".plan-print-url").get_text() == f"本页网址：{base}tasks/3/"
    assert f"<loc>{base}tasks/3/</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert doc.find("meta", attrs={"name": "SiteDomain"})["content"] == base.split("/")[2]
