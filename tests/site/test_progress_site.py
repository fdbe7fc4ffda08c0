"""落实情况 on the site: real `mkdocs build --strict` output, read with BeautifulSoup.

The example-progress site (fictional rounds from examples/progress, with a site URL under a
sub-path) is built once per session; the real site (no progress) is the shared ``site`` fixture.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.plan.load import load_plan
from generator.plan.model import Plan
from generator.progress.load import load_progress
from generator.progress.model import NOT_REPORTED, Progress
from generator.site.gov import Gov
from generator.site.pages import Pages
from generator.site.progress_views import target_state
from tests.conftest import EXAMPLE_PROGRESS, EXAMPLE_SITE_URL, build_site
from tests.helpers import PLAN

ATOM = "{http://www.w3.org/2005/Atom}"


@cache
def _plan() -> Plan:
    return load_plan(PLAN)


@cache
def _progress() -> Progress:
    return load_progress(EXAMPLE_PROGRESS, _plan())


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def article(site: Path, path: str) -> BeautifulSoup:
    found = soup(site, path).select_one("article.md-content__inner")
    assert found is not None, path
    return found


def slug(name: str) -> str:
    return _plan().units_by_name[name].slug


# -- task pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [1, 3, 15, 25])
def test_task_page_shows_each_body_status_and_dated_timeline(progress_site: Path, number: int) -> None:
    progress, ref = _progress(), _plan().tasks[number - 1]
    section = article(progress_site, f"tasks/{number}/index.html").select_one("section.plan-progress")
    assert section is not None
    assert "来源：各单位报送" in section.get_text() and section.select(".plan-example")
    rows = section.select("table.plan-progress-current tbody tr")
    assert [row.th.get_text(strip=True) for row in rows] == list(ref.task.responsible)
    for row, name in zip(rows, ref.task.responsible, strict=True):
        latest = progress.latest_report(number, name)
        assert (
            row.select_one(".plan-status")
            .get_text(strip=True)
            .endswith(latest.status if latest else "未报送")
        )
        timeline = progress.timeline(number, name)
        box = section.select_one(f"#progress-{slug(name)}")
        if not timeline:
            assert box is None
            continue
        items = box.find_parent("section").select("ol.plan-timeline > li")
        assert [li.time["datetime"] for li in items] == [r.date.isoformat() for r in timeline]
        for li, report in zip(items, timeline, strict=True):
            assert [p.get_text() for p in li.select(".plan-report-text p")] == list(report.entry.paragraphs)


def test_task_page_names_the_bodies_that_did_not_report_in_the_latest_round(progress_site: Path) -> None:
    progress = _progress()
    number = next(ref.number for ref in _plan().tasks if progress.not_reported_of_task(ref.number))
    missing = progress.not_reported_of_task(number)
    section = article(progress_site, f"tasks/{number}/index.html").select_one("section.plan-progress")
    line = section.select_one("p.plan-missing")
    assert line is not None and line["data-provenance"] == "editorial"
    assert line.get_text(" ", strip=True).startswith(f"{progress.latest.name}未报送：{'、'.join(missing)}。")


def test_task_without_progress_says_so_in_one_line(site: Path) -> None:
    section = article(site, "tasks/3/index.html").select_one("section.plan-progress")
    assert [p.get_text() for p in section.find_all("p")] == ["落实情况尚未发布。"]
    assert section.find("table") is None


# -- unit pages ---------------------------------------------------------------------------------


def test_unit_page_lists_its_reports_and_the_tasks_it_has_not_reported(progress_site: Path) -> None:
    progress, plan = _progress(), _plan()
    unit = next(
        u for u in plan.units if progress.unreported_tasks(u.name) and progress.reports_of_unit(u.name)
    )
    section = article(progress_site, f"units/{unit.slug}/index.html").select_one("section.plan-progress")
    unreported = [a["href"] for a in section.select("ul.plan-unreported a")]
    assert unreported == [f"../../tasks/{ref.number}/" for ref in progress.unreported_tasks(unit.name)]
    reports = progress.reports_of_unit(unit.name)
    texts = [p.get_text() for p in section.select(".plan-report-text p")]
    assert len(section.select("ol.plan-timeline > li")) == len(reports)
    for report in reports:
        assert report.entry.paragraphs[0] in texts
    cells = [td.get_text() for td in section.select("table.plan-progress-counts td")]
    assert cells == [str(v) for v in progress.status_counts(unit=unit.name).values()]
    # The example rounds are closed: no fill-in workbook is offered.
    assert section.select_one(".plan-workbook") is None


def test_unit_with_many_reports_lists_each_tasks_latest_and_links_to_the_timelines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.site import progress_views

    plan, progress = _plan(), _progress()
    unit = max(plan.units, key=lambda u: len(progress.reports_of_unit(u.name)))
    reports = progress.reports_of_unit(unit.name)
    tasks = sorted({r.task for r in reports})
    assert len(reports) > len(tasks)  # some task has more than one report
    monkeypatch.setattr(progress_views, "UNIT_TIMELINE_REPORTS", len(reports) - 1)
    html = BeautifulSoup(Pages(plan, progress=progress).body(f"units/{unit.slug}.md"), "html.parser")
    section = html.select_one("section.plan-progress")
    assert "最近一次报送" in section.select_one("#progress-reports").get_text()
    entries = section.select("ol.plan-timeline > li")
    assert len(entries) == len(tasks)
    for task, entry in zip(tasks, entries, strict=True):
        latest = progress.latest_report(task, unit.name)
        assert latest is not None and latest.entry.paragraphs[0] in entry.get_text()
    links = [a["href"] for a in section.select(".plan-more a")]
    several = [t for t in tasks if len(progress.timeline(t, unit.name)) > 1]
    assert links == [f"../../tasks/{t}/#progress-{unit.slug}" for t in several]
    monkeypatch.setattr(progress_views, "UNIT_TIMELINE_REPORTS", len(reports))
    html = BeautifulSoup(Pages(plan, progress=progress).body(f"units/{unit.slug}.md"), "html.parser")
    assert len(html.select("section.plan-progress ol.plan-timeline > li")) == len(reports)


def test_unit_page_offers_the_fill_in_workbook_while_the_latest_round_is_open() -> None:
    from openpyxl import load_workbook

    from generator.site.progress_views import workbook_files
    from generator.site.urls import Urls

    plan, progress = _plan(), _progress()
    rounds = (*progress.rounds[:-1], dataclasses.replace(progress.rounds[-1], open=True))
    opened = Progress(plan, rounds)
    unit = plan.units_by_name["市司法局"]
    html = BeautifulSoup(Pages(plan, progress=opened).body(f"units/{unit.slug}.md"), "html.parser")
    link = html.select_one(".plan-workbook a")
    assert link["href"] == f"../../downloads/progress/2024-h2/{unit.slug}.xlsx"
    assert link["download"] == "2024-h2-市司法局.xlsx"
    files = workbook_files(plan, opened, Urls())
    assert len(files) == sum(1 for u in plan.units if plan.tasks_of_unit(u.name))
    book = load_workbook(io.BytesIO(files[f"downloads/progress/2024-h2/{unit.slug}.xlsx"]))
    assert len(book.worksheets) >= 2
    assert workbook_files(plan, progress, Urls()) == {}


def test_unit_without_progress_says_so_in_one_line(site: Path) -> None:
    section = article(site, "units/shisifaju/index.html").select_one("section.plan-progress")
    assert [p.get_text() for p in section.find_all("p")] == ["落实情况尚未发布。"]


# -- /progress/ ---------------------------------------------------------------------------------


def test_progress_page_counts_overall_by_section_and_by_body(progress_site: Path) -> None:
    progress, plan = _progress(), _plan()
    page = article(progress_site, "progress/index.html")
    tables = page.select("table.plan-progress-counts")
    overall = [td.get_text() for td in tables[0].select("tbody td")]
    assert overall == [str(v) for v in progress.status_counts().values()]
    sections = tables[1].select("tbody tr")
    assert len(sections) == len(plan.sections)
    for n, row in enumerate(sections, start=1):
        assert [td.get_text() for td in row.select("td")] == [
            str(v) for v in progress.status_counts(section=n).values()
        ]
    bodies = {row.th.get_text(strip=True): row for row in tables[2].select("tbody tr")}
    assert len(bodies) == sum(1 for u in plan.units if plan.tasks_of_unit(u.name))
    counts = progress.status_counts(unit="市司法局")
    assert [td.get_text() for td in bodies["市司法局"].select("td")] == [str(v) for v in counts.values()]


def test_progress_matrix_says_each_status_in_words_not_colour_alone(progress_site: Path) -> None:
    progress, plan = _progress(), _plan()
    matrix = article(progress_site, "progress/index.html").select_one("table.plan-progress-matrix")
    assert len(matrix.select("tbody tr")) == len(plan.tasks)
    marks = matrix.select("td .plan-status")
    assert len(marks) == sum(len(ref.task.responsible) for ref in plan.tasks)
    latest = progress.latest_reports()
    row = matrix.select_one("#row-3")
    for name in plan.tasks[2].task.responsible:
        status = latest[(3, name)].status if (3, name) in latest else NOT_REPORTED
        words = [m.select_one(".plan-sr").get_text() for m in row.select(".plan-status")]
        assert f"{name}：{status}" in words
    # The symbols are explained by a legend in words, on the page itself (no script needed).
    legend = [
        li.get_text(strip=True)
        for li in article(progress_site, "progress/index.html").select(".plan-status-legend li")
    ]
    assert legend == ["○未启动", "◐推进中", "●已完成", "↻持续推进", "—未报送"]


def test_progress_page_gives_each_target_its_state_as_of_the_latest_round(progress_site: Path) -> None:
    progress, plan = _progress(), _plan()
    rows = article(progress_site, "progress/index.html").select("table.plan-target-progress tbody tr")
    expected = [
        target_state(progress, progress.latest, ref, t) for ref in plan.tasks for t in ref.task.targets
    ]
    assert [row["data-state"] for row in rows] == expected
    assert all(row.select_one("td[data-provenance=editorial]") for row in rows)


def test_target_state_is_computed_from_the_dates_in_the_data() -> None:
    import datetime as dt

    from generator.progress.summary import MET

    progress, plan = _progress(), _plan()
    first, second = progress.rounds

    def statuses(ref, rnd):  # type: ignore[no-untyped-def]
        return [progress.latest_report(ref.number, u, rnd.id) for u in ref.task.responsible]

    ref = next(
        r
        for r in plan.tasks
        if r.task.targets
        and any(statuses(r, second))
        and not all(x is not None and x.status in MET for x in statuses(r, second))
    )
    target = ref.task.targets[0]

    def due(day: dt.date | None):  # type: ignore[no-untyped-def]
        return target.model_copy(update={"due": day})

    assert target_state(progress, second, ref, due(dt.date(2024, 3, 31))) == "overdue"
    assert target_state(progress, second, ref, due(dt.date(2024, 9, 30))) == "due"
    assert target_state(progress, first, ref, due(dt.date(2024, 9, 30))) in {"pending", "unreported"}
    assert target_state(progress, second, ref, due(None)) == "open"
    done = next(r for r in plan.tasks if all(x is not None and x.status in MET for x in statuses(r, second)))
    assert target_state(progress, second, done, due(dt.date(2024, 3, 31))) == "met"


# -- /updates/, the round pages and the feed ------------------------------------------------------------


def test_updates_lists_rounds_newest_first_with_changes_and_reports(progress_site: Path) -> None:
    from docx import Document

    progress = _progress()
    page = article(progress_site, "updates/index.html")
    headings = [h.get_text(strip=True) for h in page.select("section.plan-round h2")]
    assert headings == [r.name for r in reversed(progress.rounds)]
    changes = progress.changes("2024-h2")
    status_changes = [c for c in changes if c.kind == "status"]
    newest = page.select("section.plan-round")[0]
    assert f"状态变化 {len(status_changes)} 条" in newest.get_text()
    assert len(newest.select("ul.plan-change-list li")) == len(status_changes)
    for rnd in progress.rounds:
        link = page.select_one(f'a[href="../downloads/progress/{rnd.id}.docx"]')
        assert link is not None
        document = Document(str(progress_site / "downloads" / "progress" / f"{rnd.id}.docx"))
        assert rnd.name in document.paragraphs[0].text


def test_round_page_is_the_printable_report(progress_site: Path) -> None:
    progress = _progress()
    rnd = progress.round("2024-h1")
    page = article(progress_site, "updates/2024-h1/index.html")
    bodies = page.select("ul.plan-report-bodies > li")
    assert len(bodies) == sum(len(ref.task.responsible) for ref in _plan().tasks)
    texts = [p.get_text() for p in page.select(".plan-report-text p")]
    assert texts == [p for e in rnd.entries for p in e.paragraphs]
    assert page.select_one('a[href="../../downloads/progress/2024-h1.docx"]') is not None


def test_feed_is_valid_atom_with_absolute_addresses(progress_site: Path) -> None:
    progress = _progress()
    root = ET.fromstring((progress_site / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.findtext(f"{ATOM}updated") == f"{progress.latest.as_of}T00:00:00Z"
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == EXAMPLE_SITE_URL + "feed.xml"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [r.name for r in reversed(progress.rounds)]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry, rnd in zip(entries, reversed(progress.rounds), strict=True):
        for required in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{required}"), required
        href = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert href == f"{EXAMPLE_SITE_URL}updates/{rnd.id}/"
        assert (progress_site / "updates" / rnd.id / "index.html").exists()
    links = [e.get("href") for e in root.iter(f"{ATOM}link")]
    assert all(link.startswith(EXAMPLE_SITE_URL) for link in links)
    page = article(progress_site, "updates/index.html")
    assert page.select_one('a[type="application/atom+xml"]')["href"] == "../feed.xml"


# -- downloads --------------------------------------------------------------------------------------


def test_downloads_agree_with_the_pages(progress_site: Path) -> None:
    import jsonschema
    from openpyxl import load_workbook

    downloads = progress_site / "downloads"
    data = json.loads((downloads / "progress.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads((downloads / "progress.schema.json").read_text(encoding="utf-8")))
    entries = data["entries"]
    assert len(entries) == len(_progress().reports())
    assert {"task", "unit", "status", "date", "round", "text"} <= set(entries[0])
    pages: dict[int, BeautifulSoup] = {}
    for entry in entries:
        page = pages.setdefault(entry["task"], article(progress_site, f"tasks/{entry['task']}/index.html"))
        box = page.select_one(f"#progress-{slug(entry['unit'])}").find_parent("section")
        item = box.find("time", attrs={"datetime": entry["date"]}).find_parent("li")
        assert entry["status"] in item.select_one(".plan-status").get_text()
        assert [p.get_text() for p in item.select(".plan-report-text p")] == [
            line.strip() for line in entry["text"].splitlines() if line.strip()
        ]
    raw = (downloads / "progress.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
    assert len(rows) == len(entries) + 1
    assert [(int(r[3]), r[6], r[7], r[8]) for r in rows[1:]] == [
        (e["task"], e["unit"], e["status"], e["date"]) for e in entries
    ]
    sheet = load_workbook(downloads / "matrix.xlsx")["落实情况"]
    assert sheet.max_row == len(entries) + 1
    listed = article(progress_site, "downloads/index.html").get_text()
    assert "progress.json" in listed and "progress.csv" in listed


def test_search_finds_reports_labelled_as_progress(progress_site: Path) -> None:
    index = json.loads((progress_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["kind"] == "progress"]
    assert len(docs) == len(_progress().latest_reports())
    report = _progress().latest_report(3, "市司法局")
    doc = next(d for d in docs if d["location"] == "tasks/3/#progress-shisifaju")
    assert doc["text"] == " ".join(report.entry.paragraphs)
    page = soup(progress_site, "tasks/3/index.html")
    assert page.find(id="progress-shisifaju") is not None
    worker = next((progress_site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert 'progress: "落实情况"' in worker.read_text(encoding="utf-8")


# -- with no progress --------------------------------------------------------------------------------


def test_without_progress_no_dashboard_and_no_navigation_entry(site: Path) -> None:
    home = soup(site, "index.html")
    nav = [a.get_text(strip=True) for a in home.select("nav.md-nav--primary a")]
    assert "落实情况" not in nav and "更新动态" not in nav
    assert "落实情况" not in [a.get_text(strip=True) for a in home.select("nav.plan-ways a")]
    for path in ("progress/index.html", "updates/index.html"):
        page = article(site, path)
        assert page.select_one("p.plan-lead").get_text() == "落实情况尚未发布。"
        assert page.find("table") is None
    assert not (site / "feed.xml").exists()
    assert not (site / "downloads" / "progress.json").exists()
    assert not (site / "downloads" / "progress").exists()


def test_with_progress_the_navigation_and_home_page_lead_to_it(progress_site: Path) -> None:
    home = soup(progress_site, "index.html")
    nav = [a.get_text(strip=True) for a in home.select("nav.md-nav--primary a")]
    assert "落实情况" in nav and "更新动态" in nav
    ways = {a.get_text(strip=True): a["href"] for a in home.select("nav.plan-ways a")}
    assert ways["落实情况"] == "progress/" and ways["落实情况更新动态"] == "updates/"


# -- builds ------------------------------------------------------------------------------------------


HOSTILE = """\
name: 2024年第三季度（测试）
as_of: 2024-09-30
entries:
- task: 3
  unit: 市司法局
  status: 推进中
  date: 2024-09-01
  text: |-
    <script>alert("x")</script> **不是粗体** & <b>不是标签</b>
    =HYPERLINK("http://evil.example","点我")
  evidence:
  - title: <img src=x onerror=alert(1)>
    url: https://example.org/"><script>alert(2)</script>
  example: true
- task: 4
  unit: 市司法局
  status: 推进中
  date: 2024-09-02
  text: '=HYPERLINK("http://evil.example","点我")'
  example: true
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The example rounds plus one with hostile text, built without a site URL."""
    folder = tmp_path_factory.mktemp("hostile-progress")
    for path in EXAMPLE_PROGRESS.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    (folder / "2024-q3.yaml").write_text(HOSTILE, encoding="utf-8")
    dest = tmp_path_factory.mktemp("hostile-site")
    result = build_site(dest, env={"PROGRESS_DIR": str(folder)})
    assert result.returncode == 0, result.stderr
    return dest, result.stderr


def test_report_text_stays_text(hostile_site: tuple[Path, str]) -> None:
    site, _ = hostile_site
    for path in ("tasks/3/index.html", "units/shisifaju/index.html", "updates/2024-q3/index.html"):
        html = (site / path).read_text(encoding="utf-8")
        page = BeautifulSoup(html, "html.parser")
        texts = [p.get_text() for p in page.select(".plan-report-text p")]
        assert '<script>alert("x")</script> **不是粗体** & <b>不是标签</b>' in texts, path
        assert 'alert("x")' not in "".join(s.get_text() for s in page.find_all("script"))
        assert not page.select(".plan-report-text b, .plan-report-text strong, .plan-evidence img")
        evidence = page.select_one(".plan-evidence a")
        assert evidence.get_text() == "<img src=x onerror=alert(1)>"
        assert evidence["href"] == 'https://example.org/"><script>alert(2)</script>'
    raw = (site / "downloads" / "progress.csv").read_bytes()[3:].decode("utf-8")
    cells = [cell for row in csv.reader(io.StringIO(raw)) for cell in row]
    assert '\'=HYPERLINK("http://evil.example","点我")' in cells
    assert not any(c.startswith("=") for c in cells)
    from openpyxl import load_workbook

    sheet = load_workbook(site / "downloads" / "matrix.xlsx")["落实情况"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_no_feed_without_a_site_url_and_the_build_says_why(hostile_site: tuple[Path, str]) -> None:
    site, log = hostile_site
    assert not (site / "feed.xml").exists()
    assert "INFO" in log and "未设置 SITE_URL" in log and "feed.xml" in log
    assert article(site, "updates/index.html").select_one('a[type="application/atom+xml"]') is None


def _one_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the bodies are made is a setting, not a guess from the machine: one core changes nothing."""
    import os

    monkeypatch.setattr(os, "cpu_count", lambda: 1)


WORKER_ALWAYS = """
plugins:
  - search:
      lang: zh
  - plan:
      worker: always
  - offline:
      enabled: false
"""


@pytest.mark.slow
def test_rebuild_with_pages_rendered_by_the_worker_is_byte_identical(
    progress_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``worker: always``: the pages that show reports come from the second process, in parts, the
    downloads and the reports after the pages; the site is the one built in one process, byte for byte."""
    from mkdocs.commands.build import build

    from generator.publish.build import load_site_config
    from generator.site import worker
    from tests.helpers import ROOT

    _one_core(monkeypatch)
    monkeypatch.setattr(worker, "PART_PAGES", 7)  # several parts of each kind
    taken: list[str] = []
    body = worker.WorkerMade.body
    monkeypatch.setattr(
        worker.WorkerMade,
        "body",
        lambda self, src: (src in self._parts and taken.append(src)) or body(self, src),
    )
    monkeypatch.setenv("PROGRESS_DIR", str(EXAMPLE_PROGRESS))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1713571200")
    monkeypatch.delenv("PLAN_FILE", raising=False)
    config_file = ROOT / f".test-worker-{tmp_path.name}.yml"
    config_file.write_text(
        f"INHERIT: mkdocs.yml\nsite_url: {EXAMPLE_SITE_URL}\n{WORKER_ALWAYS}", encoding="utf-8"
    )
    try:
        config = load_site_config(config_file, site_dir=tmp_path / "site")
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
    finally:
        config_file.unlink()
    # Every task and unit page, /progress/ and each round's page came from the second process.
    shown = len(_plan().tasks) + len(_plan().units) + 1 + len(_progress().rounds)
    assert len(taken) == shown == len(set(taken))
    first = {p.relative_to(progress_site): p.read_bytes() for p in progress_site.rglob("*") if p.is_file()}
    second = {
        p.relative_to(tmp_path / "site"): p.read_bytes()
        for p in (tmp_path / "site").rglob("*")
        if p.is_file()
    }
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def _build(extra: tuple = ()) -> object:
    from generator.site.downloads import build_time
    from generator.site.urls import Urls
    from generator.site.worker import Build

    when = build_time(_plan(), "1713571200")
    return Build(_plan(), _progress(), Urls(), when, (), Gov(), False, extra)


def test_the_worker_setting_chooses_where_bodies_are_made(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.site import worker

    _one_core(monkeypatch)
    build = _build()
    assert isinstance(worker.made(build, "never"), worker.HereMade)
    assert isinstance(worker.made(build, "auto"), worker.HereMade)  # the examples are small
    monkeypatch.setattr(worker, "LARGE_PROGRESS", len(_progress().reports()))
    chosen = worker.made(build, "auto")
    try:
        assert isinstance(chosen, worker.WorkerMade)
    finally:
        chosen.stop()
    nothing = dataclasses.replace(build, progress=None)
    assert isinstance(worker.made(nothing, "always"), worker.HereMade)  # nothing to hand over


def test_worker_makes_bodies_downloads_and_reports_as_this_process_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.site import worker
    from generator.site.downloads import Download

    _one_core(monkeypatch)
    monkeypatch.setattr(worker, "PART_PAGES", 10)
    extra = Download("offline.zip", "离线版", "ZIP", "整站离线副本。", b"zip")
    here = worker.HereMade(_build((extra,)))
    elsewhere = worker.made(_build((extra,)), "always")
    try:
        assert isinstance(elsewhere, worker.WorkerMade)
        assert list(elsewhere.pages.listed) == list(here.pages.listed)
        kinds = {p.src for p in here.pages.listed.values() if p.kind in worker.pages.ELSEWHERE}
        # Every task and unit page, /progress/ and each round's page, from the second process.
        assert len(kinds) == len(_plan().tasks) + len(_plan().units) + 1 + len(_progress().rounds)
        assert set(elsewhere._parts) == kinds
        assert [src for src in here.pages.listed if elsewhere.body(src) != here.body(src)] == []
        assert list(elsewhere.downloads()) == list(here.downloads())
        assert list(elsewhere.downloads())[-1] == extra
        assert elsewhere.reports() == here.reports() and here.reports()
    finally:
        elsewhere.stop()


def test_rebuild_is_byte_identical(progress_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = build_site(
        again, env={"PROGRESS_DIR": str(EXAMPLE_PROGRESS)}, extra_config=f"site_url: {EXAMPLE_SITE_URL}\n"
    )
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(progress_site): p.read_bytes() for p in progress_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.slow
def test_a_broken_round_file_stops_the_build_naming_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "progress"
    folder.mkdir()
    (folder / "2024-h1.yaml").write_text(
        "name: 上半年\nas_of: 2024-06-30\nentries:\n- task: 99\n  unit: 市司法局\n  status: 推进中\n"
        "  date: 2024-06-01\n  text: 内容\n- task: 3\n  unit: 市司法局\n  status: 进行中\n"
        "  date: 2024-06-01\n  text: 内容\n",
        encoding="utf-8",
    )
    dest = tmp_path / "site"
    result = build_site(dest, env={"PROGRESS_DIR": str(folder)})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "计划文件或落实情况文件有误，未构建网站" in output
    assert f"{folder / '2024-h1.yaml'}:4:9: entries[0].task: 没有第 99 项任务" in output
    assert f"{folder / '2024-h1.yaml'}:11:11: entries[1].status: 未知的落实状态“进行中”" in output
    assert "Traceback" not in output
    assert not dest.exists() or not any(dest.iterdir())


@pytest.mark.browser
def test_search_box_finds_a_report_labelled_as_progress(page, progress_site: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.browser import search
    from tests.conftest import serve

    # The report's first sentence, as someone who read it would type it.
    report = _progress().latest_report(3, "市司法局")
    assert report is not None
    phrase = report.entry.paragraphs[0].split("，")[0] + " " + report.entry.paragraphs[0].split("，")[1]
    with serve(progress_site) as url:
        page.goto(url)
        results = search(page, phrase)
        assert results[0] == "/tasks/3/", (phrase, results[:5])
        first = page.locator(".md-search-result__item").first
        assert first.locator(".plan-search-kind").inner_text() == "落实情况"
        assert first.locator("h1").first.inner_text() == "(三)持续优化营商环境"
        report_result = first.locator("a", has=page.locator("h2"))
        assert report_result.get_attribute("href").endswith("/tasks/3/#progress-shisifaju")
        assert report_result.locator("h2").inner_text() == "(三)持续优化营商环境：市司法局"


@pytest.mark.browser
@pytest.mark.parametrize("elder", [False, True])
def test_progress_pages_do_not_scroll_sideways_on_a_phone(page, progress_site: Path, elder: bool) -> None:  # type: ignore[no-untyped-def]
    """At 390 px, also with 长者模式 and 大: wide count tables scroll inside themselves, not the page."""
    from tests.conftest import serve

    page.set_viewport_size({"width": 390, "height": 800})
    with serve(progress_site) as base:
        page.goto(base)
        if elder:
            page.evaluate(
                "localStorage.setItem('plan-size', 'large'); localStorage.setItem('plan-elder', 'on')"
            )
        wide = {}
        for path in ("progress/", "updates/", "updates/2024-h2/", "tasks/15/", "units/shisifaju/"):
            page.goto(base + path)
            width = page.evaluate("document.scrollingElement.scrollWidth")
            if width > 390:
                wide[path] = width
    assert wide == {}


def test_the_built_files_are_those_the_functions_make(progress_site: Path) -> None:
    """The downloads and the reports, written after the pages, are what their functions make."""
    from generator.site.downloads import build_time, downloads
    from generator.site.progress_views import report_files
    from generator.site.urls import Urls

    progress = _progress()
    for download in downloads(_plan(), build_time(_plan(), "1713571200"), (), progress):
        assert (progress_site / "downloads" / download.name).read_bytes() == download.content, download.name
    reports = report_files(progress, Urls())
    assert reports
    for path, content in reports.items():
        assert (progress_site / path).read_bytes() == content, path
