"""Synthetic plans and the page set at scale (sizes only; timings live in benchmarks/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.plan.load import load_plan, parse_plan
from generator.site.nav import NAV_SECTIONS, site_nav
from generator.site.overviews import SPLIT_TASKS
from generator.site.pages import Pages
from generator.site.urls import Urls
from generator.synth.plan import synth_plan
from generator.yamlio import dump_plan_data
from tests.helpers import PLAN, run_cli


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
