"""Synthetic plans and the page set at scale (sizes only; timings live in benchmarks/)."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest

from generator.plan.load import load_plan, parse_plan
from generator.plan.model import Plan, Task, parse_continues
from generator.plan.text import official_text
from generator.site.nav import NAV_SECTIONS, site_nav
from generator.site.overviews import SPLIT_TASKS
from generator.site.pages import Pages
from generator.site.urls import Urls
from generator.synth.plan import CARRIED_SHARE, NEW_SHARE, next_year_plan, synth_plan
from generator.yamlio import dump_plan_data
from tests.helpers import MINI, PLAN, run_cli


def test_same_seed_same_file_and_another_seed_another(tmp_path: Path) -> None:
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        result = run_cli(
            "synth", "--tasks", "60", "--units", "20", "--seed", seed, "-o", str(tmp_path / f"{name}.yaml")
        )
        assert result.returncode == 0, result.stderr
    a, b, c = ((tmp_path / f"{n}.yaml").read_bytes() for n in "abc")
    assert a == b and a != c
    plan = load_plan(tmp_path / "a.yaml")
    assert len(plan.tasks) == 60 and len(plan.units) == 20


def test_synthetic_plans_look_like_real_ones() -> None:
    plan = parse_plan(dump_plan_data(synth_plan(tasks=400, units=80, seed=3)), "synth.yaml")
    sizes = [len(s.tasks) for s in plan.sections]
    assert len(set(sizes)) > 3  # sections of varying size
    lengths = sorted(len(r.task.text) for r in plan.tasks)
    real = sorted(len(r.task.text) for r in load_plan(PLAN).tasks)
    assert real[len(real) // 4] / 3 < lengths[len(lengths) // 2] < real[-1] * 2  # realistic length
    loads = sorted((len(plan.tasks_of_unit(u.name)) for u in plan.units if not u.collective), reverse=True)
    assert loads[0] > 10 * loads[len(loads) // 2] and loads[-1] >= 1  # a few lead units, every unit used
    assert any(u.collective for u in plan.units)
    assert sum(1 for r in plan.tasks if r.task.targets) > 100


def test_synth_refuses_nonsense_sizes(tmp_path: Path) -> None:
    result = run_cli("synth", "--tasks", "0", "--units", "5", "-o", str(tmp_path / "x.yaml"))
    assert result.returncode == 2 and "正整数" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


@pytest.mark.slow  # seconds of waiting, a large input or LibreOffice
def test_large_plans_split_overview_pages_and_keep_pages_small() -> None:
    plan = parse_plan(dump_plan_data(synth_plan(tasks=600, units=120, seed=1)), "synth.yaml")
    assert len(plan.tasks) > SPLIT_TASKS and len(plan.sections) > NAV_SECTIONS
    made = Pages(plan, Urls())
    pages = made.listed
    for kind in ("matrix", "fulltext", "targets"):
        assert (
            f"{kind}.md" in pages and f"{kind}/1.md" in pages and f"{kind}/{len(plan.sections)}.md" in pages
        )
    assert "<table" not in made.body("matrix.md")  # the index, not a 600 × 120 table
    assert "plan-tasklist" not in made.body("index.md")
    largest = max(len(made.body(src).encode("utf-8")) for src in pages)
    assert largest < 120 * 1024
    nav = site_nav(plan, Urls(), [])
    assert nav[1] == {"各方面任务": "sections/index.md"}


def test_the_real_plan_keeps_single_overview_pages() -> None:
    made = Pages(load_plan(PLAN), Urls())
    assert "matrix/1.md" not in made.listed and "<table" in made.body("matrix.md")


# -- the next year's plan --------------------------------------------------------------------------


def _next(old: Plan, seed: int = 0) -> Plan:
    return parse_plan(dump_plan_data(next_year_plan(old, seed=seed)), "next.yaml")


def _pairs(new: Plan, old: Plan) -> list[tuple[Task, Task]]:
    """Each carried task with the task it continues."""
    return [
        (ref.task, old.tasks[parse_continues(ref.task.continues)[1] - 1].task)
        for ref in new.tasks
        if ref.task.continues
    ]


def test_next_year_plan_is_a_valid_plan_a_year_later() -> None:
    old = load_plan(PLAN)
    new = _next(old)
    assert new.year == 2025 and new.publication.title.startswith("渭南市2025年法治政府建设工作要点")
    assert "合成数据" in new.publication.title and "不是真实文件" in new.publication.summary[0]
    assert new.publication.issued == dt.date(2025, 4, 18) and new.publication.published == dt.date(
        2025, 4, 20
    )
    assert new.publication.source_url is None and new.publication.editor is None  # facts of the real one
    again = _next(new, seed=5)  # and the year after: continues name the 2025 plan's tasks
    assert again.year == 2026 and all(
        r.task.continues.startswith("2025-") for r in again.tasks if r.task.continues
    )


def test_next_year_plan_carries_most_tasks_with_small_edits_drops_some_and_adds_a_few() -> None:
    old = load_plan(PLAN)
    new = _next(old)
    pairs = _pairs(new, old)
    assert len(pairs) == round(CARRIED_SHARE * len(old.tasks)) == 15  # 10 dropped
    assert len(new.tasks) - len(pairs) == round(NEW_SHARE * len(old.tasks)) == 4
    continued = [ref.task.continues for ref in new.tasks if ref.task.continues]
    assert len(set(continued)) == len(continued)
    for task, earlier in pairs:
        assert task.text != earlier.text  # every carried task is edited ...
        assert difflib.SequenceMatcher(None, task.text, earlier.text).ratio() > 0.5  # ... a little
    old_titles = {r.task.title for r in old.tasks}
    assert all(r.task.title not in old_titles for r in new.tasks if not r.task.continues)
    assert any(task.responsible != earlier.responsible for task, earlier in pairs)
    assert "科学编制2025年度立法计划" in official_text(new) or all(
        "2024年度" not in r.task.text for r in new.tasks
    )


@pytest.mark.parametrize("seed", range(6))
def test_next_year_plan_raises_a_quantified_target(seed: int) -> None:
    old = load_plan(PLAN)
    new = _next(old, seed)
    raised = [
        (a, b)
        for task, earlier in _pairs(new, old)
        for a, b in zip(earlier.targets, task.targets, strict=True)
        if a.value != b.value
    ]
    assert raised
    for before, after in raised:
        assert after.value is not None and before.value is not None and after.value > before.value
        assert after.phrase == before.phrase.replace(str(int(before.value)), str(int(after.value)))
        assert (after.kind, after.unit, after.qualifier, after.frequency) == (
            before.kind,
            before.unit,
            before.qualifier,
            before.frequency,
        )
    # 60学时 → 80学时 when the 学时 target is raised; a 100% target never goes above 100.
    for before, after in raised:
        if before.unit == "学时":
            assert after.phrase == "每人每年接受不少于80学时"
        if before.unit == "%":
            assert after.value is not None and after.value <= 100


def test_next_year_plan_is_deterministic_and_works_on_synthetic_plans() -> None:
    old = load_plan(PLAN)
    assert next_year_plan(old, seed=3) == next_year_plan(old, seed=3) != next_year_plan(old, seed=4)
    data = synth_plan(tasks=120, units=30, seed=2)
    assert next_year_plan(data, seed=1) == next_year_plan(parse_plan(dump_plan_data(data)), seed=1)
    new = parse_plan(dump_plan_data(next_year_plan(data, seed=1)), "next.yaml")
    assert new.year == 2025 and len(_pairs(new, parse_plan(dump_plan_data(data)))) == 72


def test_next_year_plan_of_a_plan_whose_title_gives_no_year_sets_the_year() -> None:
    text = MINI.read_text(encoding="utf-8").replace("示例市2024年法治", "示例市法治")
    old = parse_plan(text.replace("  issuer: 示例市\n", "  issuer: 示例市\n  year: 2024\n"))
    new = _next(old)
    assert new.publication.title == "示例市法治政府建设工作要点（合成数据）"
    assert new.publication.year == 2025 == new.year


def test_synth_next_command(tmp_path: Path) -> None:
    out = tmp_path / "next.yaml"
    result = run_cli("synth", "--next", str(PLAN), "--seed", "2", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"已生成 {out}：")
    assert load_plan(out).year == 2025
    assert out.read_text(encoding="utf-8") == dump_plan_data(next_year_plan(load_plan(PLAN), seed=2))


def test_synth_next_refuses_sizes_its_own_source_and_a_bad_plan(tmp_path: Path) -> None:
    out = tmp_path / "next.yaml"
    both = run_cli("synth", "--next", str(PLAN), "--tasks", "3", "-o", str(out))
    assert both.returncode == 2 and "--next 不能与 --tasks、--units 同用" in both.stderr
    neither = run_cli("synth", "-o", str(out))
    assert neither.returncode == 2 and "缺少必需的参数: --tasks, --units" in neither.stderr
    source = tmp_path / "plan.yaml"
    source.write_bytes(PLAN.read_bytes())
    itself = run_cli("synth", "--next", str(source), "-o", str(source), "--force")
    assert itself.returncode == 1 and "输出文件就是输入文件" in itself.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        PLAN.read_text(encoding="utf-8").replace("渭南市2024年法治政府", "渭南市法治政府"), "utf-8"
    )
    refused = run_cli("synth", "--next", str(bad), "-o", str(out))
    assert refused.returncode == 1 and "无法确定计划所属的年份" in refused.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "plan.yaml"]
    assert source.read_bytes() == PLAN.read_bytes()
