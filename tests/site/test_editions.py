"""Every year's plan on one site: each plan under its year with the paths of a one-plan site.

The other years' plans here are test plans made from the real 2024 plan by changing its year
(the 2025 and 2026 texts are not in the project); they stand for any plan of another year.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from generator.plan.load import load_plan
from generator.plan.numerals import chinese_numeral
from generator.site.editions import plans_schema
from tests.conftest import EPOCH, EXAMPLE_PROGRESS
from tests.helpers import CASES, PLAN, ROOT, tree_state

pytestmark = pytest.mark.slow


def _project(folder: Path, years: tuple[int, ...]) -> Path:
    """A copy of the project whose ``plan:`` lists one plan per year (2024 is the real one)."""
    root = folder / "project"
    root.mkdir(parents=True)
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, root / name)
    plans = root / "data" / "plans"
    plans.mkdir(parents=True)
    text = PLAN.read_text(encoding="utf-8")
    for year in years:
        (plans / f"{year}.yaml").write_text(text.replace("2024", str(year)), encoding="utf-8")
    listed = ", ".join(f"data/plans/{year}.yaml" for year in years)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      plan: data/plan.yaml\n" in config
    (root / "mkdocs.yml").write_text(
        config.replace("      plan: data/plan.yaml\n", f"      plan: [{listed}]\n")
    )
    return root


def _build(root: Path, dest: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {
        **os.environ,
        "SOURCE_DATE_EPOCH": EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": str(ROOT),
        **env,
    }
    for key in ("PLAN_FILE", "SITE_URL", "OFFLINE"):
        full.pop(key, None)
    if "PROGRESS_DIR" not in env:
        full.pop("PROGRESS_DIR", None)
    command = [sys.executable, "-m", "generator", "build", "--no-offline", "-d", str(dest)]
    return subprocess.run(command, cwd=root, env=full, capture_output=True, text=True, timeout=600)


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real 2024 plan with 2025 and 2026 plans, the examples as 2024's 落实情况."""
    folder = tmp_path_factory.mktemp("three")
    root = _project(folder, (2024, 2025, 2026))
    progress = folder / "progress"
    shutil.copytree(EXAMPLE_PROGRESS, progress / "2024")
    result = _build(root, folder / "site", PROGRESS_DIR=str(progress))
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "site"


def test_each_plan_has_the_one_plan_sites_pages_under_its_year(site: Path, three: Path) -> None:
    alone = {p for p in _pages(site) if not p.startswith(("help/",)) and p != "index.html"}
    alone = {p for p in alone if not p.startswith(("progress/", "updates/"))}  # 2024 has rounds here
    several = _pages(three)
    for year in (2024, 2025, 2026):
        assert {f"{year}/index.html"} | {f"{year}/{p}" for p in alone} <= several, year
    assert "help/index.html" in several and "index.html" in several
    for name in ("plan.json", "matrix.csv", "matrix.xlsx", "plan.txt"):
        assert (three / "2025" / "downloads" / name).is_file()


def test_the_landing_page_lists_every_plan_newest_first(three: Path) -> None:
    main = BeautifulSoup((three / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = main.select_one("article.md-content__inner")
    assert article.h1.get_text() == "渭南市法治政府建设工作要点"
    links = [(a.get_text(), a["href"]) for a in article.select(".plan-editions h2 a")]
    assert links == [(f"渭南市{y}年法治政府建设工作要点", f"{y}/") for y in (2026, 2025, 2024)]
    items = article.select(".plan-editions > li")
    assert "2024年下半年" in items[2].get_text() and "尚未发布" in items[0].get_text()
    counts = items[0].select_one("[data-provenance=editorial]")
    assert "25 项任务" in counts.get_text() and "本站整理" in counts.get_text()


def test_plans_json_lists_the_plans_and_validates(three: Path) -> None:
    data = json.loads((three / "downloads" / "plans.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, plans_schema())
    assert [(p["year"], p["url"], p["tasks"], p["rounds"]) for p in data["plans"]] == [
        (2026, "2026/", 25, 0),
        (2025, "2025/", 25, 0),
        (2024, "2024/", 25, 2),
    ]
    for plan in data["plans"]:
        assert (three / plan["data"]).is_file()
        assert plan["continues"] == []  # these test plans name no earlier task


def test_each_plans_progress_is_its_own(three: Path) -> None:
    def text(path: str) -> str:
        return BeautifulSoup((three / path).read_text(encoding="utf-8"), "html.parser").get_text()

    assert "2024年下半年" in text("2024/progress/index.html")
    assert (three / "2024" / "updates" / "2024-h2" / "index.html").is_file()
    assert not (three / "2025" / "updates" / "2024-h2").exists()


def test_search_results_say_their_year(three: Path) -> None:
    index = json.loads((three / "search" / "search_index.json").read_text(encoding="utf-8"))
    tasks = [d for d in index["docs"] if d.get("kind") == "task"]
    assert len(tasks) == 3 * 25
    assert {d["title"].split(" · ")[0] for d in tasks} == {"2024年", "2025年", "2026年"}
    assert {d["location"].split("/")[0] for d in tasks} == {"2024", "2025", "2026"}
    assert "2025年 · (十五)加强行政复议工作" in [d["title"] for d in tasks]


def test_two_plans_of_one_year_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    root = _project(tmp_path, (2024, 2025))
    shutil.copy(root / "data" / "plans" / "2025.yaml", root / "data" / "plans" / "again.yaml")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("data/plans/2025.yaml]", "data/plans/2025.yaml, data/plans/again.yaml]")
    )
    before = tree_state(root)
    result = _build(root, tmp_path / "site")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "都是2025年的计划。一个网站每年只能有一份计划" in output and "again.yaml" in output
    assert "Traceback" not in output
    assert not (tmp_path / "site").exists() and tree_state(root) == before


def test_commands_work_on_each_years_plan_and_its_progress(tmp_path: Path) -> None:
    from tests.helpers import run_cli

    root = _project(tmp_path, (2024, 2025))
    shutil.copytree(EXAMPLE_PROGRESS, root / "data" / "progress" / "2024")
    result = run_cli("validate", cwd=root)
    assert result.returncode == 0, result.stderr
    assert [line.split("：")[0] for line in result.stdout.splitlines()] == [
        "data/plans/2024.yaml",
        "data/plans/2025.yaml",
    ]
    result = run_cli("progress", "validate", "--plan", "data/plans/2024.yaml", cwd=root)
    assert result.returncode == 0 and result.stdout.startswith("data/progress/2024/2024-h1.yaml：校验通过")
    result = run_cli("progress", "validate", cwd=root)  # the current year's plan
    assert result.returncode == 0 and result.stdout.startswith("data/progress/2025：没有轮次文件")


def test_task_pages_show_what_each_task_continues_and_what_continues_it(tmp_path: Path) -> None:
    """``continues`` (本站整理) shown both ways with links: 延续自 2024年第（十五）项 on the 2025 task,
    2025年延续为第（…）项 on the 2024 task; a ``continues`` naming a task the plan lacks is refused."""
    root = _project(tmp_path, (2024,))
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("data/plans/2024.yaml]", "data/plans/2024.yaml, data/plans/2025.yaml]")
    )
    shutil.copy(CASES / "continuity" / "plan-2025.yaml", root / "data" / "plans" / "2025.yaml")
    newer = load_plan(root / "data" / "plans" / "2025.yaml")
    (number,) = [r.number for r in newer.tasks if r.task.continues == "2024-15"]
    result = _build(root, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr

    def lineage(path: str) -> BeautifulSoup:
        page = BeautifulSoup((tmp_path / "site" / path).read_text(encoding="utf-8"), "html.parser")
        section = page.select_one("section[aria-labelledby=lineage]")
        assert section.h2["data-provenance"] == "editorial" and "本站整理" in section.h2.get_text()
        return section

    back = lineage(f"2025/tasks/{number}/index.html").select_one("li")
    assert back.get_text() == "延续自 2024年第（十五）项" and back.a["href"] == "../../../2024/tasks/15/"
    listed = json.loads((tmp_path / "site" / "downloads" / "plans.json").read_text(encoding="utf-8"))
    assert {"task": number, "continues": "2024-15"} in listed["plans"][0]["continues"]
    forward = lineage("2024/tasks/15/index.html").select_one("li")
    assert forward.get_text() == f"2025年延续为第（{chinese_numeral(number)}）项"
    assert forward.a["href"] == f"../../../2025/tasks/{number}/"

    broken = (
        (root / "data" / "plans" / "2025.yaml")
        .read_text(encoding="utf-8")
        .replace("continues: 2024-15", "continues: 2024-99")
    )
    (root / "data" / "plans" / "2025.yaml").write_text(broken, encoding="utf-8")
    result = _build(root, tmp_path / "again")
    assert (
        result.returncode == 1
        and "continues: 2024-99 指向2024年计划的第 99 项任务，但该计划共 25 项任务"
        in result.stdout + result.stderr
    )
    assert not (tmp_path / "again").exists()


def test_a_bodys_page_lists_its_tasks_in_the_other_years(three: Path) -> None:
    page = BeautifulSoup(
        (three / "2024/units/shisifaju/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    section = page.select_one("section[aria-labelledby=other-years]")
    assert section.h2["data-provenance"] == "editorial"
    years = [(h3.a.get_text(), h3.a["href"]) for h3 in section.select("h3")]
    count = len(load_plan(PLAN).tasks_of_unit("市司法局"))
    assert years == [
        (f"2026年：{count} 项任务", "../../../2026/units/shisifaju/"),
        (f"2025年：{count} 项任务", "../../../2025/units/shisifaju/"),
    ]
    first = section.select_one("ul.plan-tasklist li a")
    assert first["href"].startswith("../../../2026/tasks/")


def test_each_year_has_a_page_of_what_changed_from_the_year_before(tmp_path: Path) -> None:
    """/2025/changes/ says, from the two plans' own words (本站整理), what the comparison finds;
    the earliest year has no such page."""
    from generator.plan.compare import compare
    from generator.plan.model import parse_continues
    from generator.site.changes import summary_line

    root = _project(tmp_path, (2024,))
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("data/plans/2024.yaml]", "data/plans/2024.yaml, data/plans/2025.yaml]")
    )
    shutil.copy(CASES / "continuity" / "plan-2025.yaml", root / "data" / "plans" / "2025.yaml")
    result = _build(root, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    old, new = load_plan(PLAN), load_plan(root / "data" / "plans" / "2025.yaml")
    links = {r.number: parse_continues(r.task.continues)[1] for r in new.tasks if r.task.continues}
    changes = compare(new, old, links)
    page = BeautifulSoup(
        (tmp_path / "site" / "2025/changes/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    article = page.select_one("article.md-content__inner")
    assert article.h1.get_text() == "与2024年相比"
    assert summary_line(changes, old) in article.get_text()
    assert article.select_one("[data-provenance=editorial]") is not None
    assert article.select("ins") and article.select("del")
    assert not (tmp_path / "site" / "2024" / "changes").exists()
    nav = [a["href"] for a in page.select("nav.md-nav a")]
    assert any(href.endswith("2025/changes/") or href == "./" for href in nav)
