"""A plan's year, the earlier task a task continues, and ``link``, which proposes those for an editor."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.errors import PlanError
from generator.plan.continuity import THRESHOLD, proposals_yaml, propose_links, score_rows, trigrams
from generator.plan.load import load_plan, parse_plan
from generator.plan.model import Plan, Publication, Task, plan_fields, provenance, title_year
from generator.synth.plan import next_year_plan, synth_plan
from generator.yamlio import dump_plan_data
from tests.helpers import CASES, MINI, PLAN, measured_cli, run_cli, tree_state

NEXT = CASES / "continuity" / "plan-2025.yaml"
REAL = load_plan(PLAN)


def _next(old: Plan, seed: int) -> Plan:
    return parse_plan(dump_plan_data(next_year_plan(old, seed=seed)), f"next-{seed}.yaml")


def _carried(new: Plan) -> dict[int, str]:
    """What next_year_plan says each carried task continues: the truth ``link`` must find."""
    return {ref.number: ref.task.continues for ref in new.tasks if ref.task.continues}


# -- the plan's year ---------------------------------------------------------------------------


def test_the_year_comes_from_the_title() -> None:
    assert REAL.publication.title == "渭南市2024年法治政府建设工作要点"
    assert REAL.publication.year is None and REAL.year == 2024
    assert "year:" not in PLAN.read_text(encoding="utf-8")  # the real plan needs no editorial year
    assert title_year("渭南市２０２５年法治政府建设工作要点") == 2025  # full-width digits as written
    assert title_year("法治政府建设实施纲要(2021—2025年)") == 2025  # the first four digits before 年
    assert title_year("第12024年") is None and title_year("渭南市法治政府建设工作要点") is None


def test_the_year_comes_from_publication_year_when_the_title_gives_none() -> None:
    text = MINI.read_text(encoding="utf-8").replace("示例市2024年法治", "示例市法治")
    plan = parse_plan(text.replace("  issuer: 示例市\n", "  issuer: 示例市\n  year: 2025\n"), "plan.yaml")
    assert plan.year == 2025
    with pytest.raises(PlanError) as err:
        parse_plan(text, "plan.yaml")
    assert "plan.yaml:3:10: publication.title: 无法确定计划所属的年份" in str(err.value)


def test_a_year_that_agrees_with_the_title_is_accepted_one_that_does_not_is_refused() -> None:
    text = MINI.read_text(encoding="utf-8")
    assert parse_plan(text.replace("  issuer: 示例市\n", "  issuer: 示例市\n  year: 2024\n")).year == 2024
    with pytest.raises(PlanError) as err:
        parse_plan(text.replace("  issuer: 示例市\n", "  issuer: 示例市\n  year: 2023\n"), "plan.yaml")
    assert str(err.value).startswith(
        "plan.yaml:5:9: publication.year: year 为 2023，但标题“示例市2024年法治政府建设工作要点”写明的是 2024 年。"
    )


def test_year_and_continues_are_editorial_and_documented() -> None:
    assert provenance(Publication, "year") == "editorial" and provenance(Task, "continues") == "editorial"
    fields = {f.path: f for f in plan_fields()}
    assert fields["publication.year"].provenance == "editorial"
    assert "标题没有写明年份时" in fields["publication.year"].description
    assert fields["sections[].tasks[].continues"].provenance == "editorial"
    assert "2024-15" in fields["sections[].tasks[].continues"].description


# -- continues ---------------------------------------------------------------------------------


def _with_continues(value: str) -> str:
    return MINI.read_text(encoding="utf-8").replace(
        "  - title: 加强法治人才队伍建设\n", f"  - title: 加强法治人才队伍建设\n    continues: {value}\n"
    )


@pytest.mark.parametrize("value", ["2023-015", "2023-0", "23-3", "2023—3", "2023-3-1", "２０２３-3", "2023"])
def test_a_badly_written_continues_is_explained(value: str, tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(_with_continues(value), encoding="utf-8")
    before = tree_state(tmp_path)
    result = run_cli("validate", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(
        f"plan.yaml:36:16: sections[1].tasks[0].continues: “{value}”不是有效的写法。请写成“年份-任务序号”，如 2024-15"
    ), result.stderr
    assert "共发现 1 个问题，未生成任何文件" in result.stderr
    assert tree_state(tmp_path) == before


def test_continues_must_name_an_earlier_year() -> None:
    assert parse_plan(_with_continues("2023-3")).sections[1].tasks[0].continues == "2023-3"
    assert parse_plan(_with_continues("1999-120")).sections[1].tasks[0].continues == "1999-120"
    with pytest.raises(PlanError) as err:
        parse_plan(_with_continues("2024-3"), "plan.yaml")
    assert str(err.value).startswith(
        "plan.yaml:36:16: sections[1].tasks[0].continues: 第 3 项任务的 continues“2024-3”指向 2024 年，"
        "不早于本计划的年份 2024。"
    )


# -- the similarity ----------------------------------------------------------------------------


def test_grams_ignore_punctuation_and_width() -> None:
    assert trigrams("执法,监督。") == trigrams("执法，监督") == {"执法监", "法监督"}
    assert trigrams("ＡＢ") == {"AB"} and trigrams("。") == set()


def test_different_tasks_of_the_real_plan_score_below_the_threshold() -> None:
    """The hardest look-alikes there are: same plan, same drafters, same boilerplate."""
    tasks = [r.task for r in REAL.tasks]
    rows = list(score_rows(tasks, tasks))
    assert all(abs(rows[i][i] - 1) < 1e-9 for i in range(len(tasks)))
    assert max(v for i, row in enumerate(rows) for j, v in enumerate(row) if i != j) < THRESHOLD - 0.1


# -- link on the real plan and its next year -------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_link_finds_every_carried_task_and_nothing_else(seed: int) -> None:
    new = _next(REAL, seed)
    truth = _carried(new)
    links = propose_links(new, REAL)
    assert {link.task: link.continues for link in links} == truth  # precision and recall 1
    assert {ref.number for ref in new.tasks} - set(truth)  # there are new tasks, left out
    olds = [link.old for link in links]
    assert len(olds) == len(set(olds))  # no old task proposed twice
    assert all(THRESHOLD <= link.score <= 1 for link in links)
    assert all(link.continues == f"2024-{link.old}" for link in links)


def test_link_is_one_to_one_even_when_two_tasks_copy_one() -> None:
    """A task split into two: the closer copy gets the proposal, the other is not proposed too."""
    data = next_year_plan(REAL, seed=0)
    tasks = data["sections"][0]["tasks"]
    first = next(t for t in tasks if "continues" in t)
    twin = {**first, "title": first["title"] + "（二）", "text": first["text"] + "另行部署一项新工作。"}
    del twin["continues"]
    tasks.insert(tasks.index(first) + 1, twin)
    new = parse_plan(dump_plan_data(data), "next.yaml")
    links = propose_links(new, REAL)
    proposed = [link.old for link in links]
    assert len(proposed) == len(set(proposed))
    number = next(r.number for r in new.tasks if r.task.continues == first["continues"])
    assert [link.task for link in links if link.continues == first["continues"]] == [number]
    assert number + 1 not in {link.task for link in links}  # the twin: its counterpart is taken


def test_proposals_are_yaml_an_editor_reads_and_copies() -> None:
    new = load_plan(NEXT)
    text = proposals_yaml(propose_links(new, REAL), new, REAL, new_name="new.yaml", old_name="old.yaml")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert header[0].startswith("# 本站整理：任务延续关系建议")
    assert any("continues: 字段" in line for line in header)
    entries = yaml.safe_load(text)
    assert entries == [{"task": n, "continues": c, "score": s} for n, c, s in _listed(text)]
    assert {e["task"]: e["continues"] for e in entries} == _carried(new)
    assert all(isinstance(e["score"], float) and round(e["score"], 2) == e["score"] for e in entries)
    empty = proposals_yaml([], new, REAL, new_name="new.yaml", old_name="old.yaml")
    assert yaml.safe_load(empty) == []


def _listed(text: str) -> list[tuple[int, str, float]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("- {task: "):
            body = line[len("- {") : line.index("}")]
            parts = dict(part.split(": ") for part in body.split(", "))
            rows.append((int(parts["task"]), parts["continues"], float(parts["score"])))
    return rows


# -- the command ---------------------------------------------------------------------------------


def test_link_command_writes_the_proposals(tmp_path: Path) -> None:
    inputs = {p: p.read_bytes() for p in (NEXT, PLAN)}
    out = tmp_path / "links.yaml"
    result = run_cli("link", str(NEXT), str(PLAN), "-o", str(out))
    assert result.returncode == 0, result.stderr
    entries = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert {e["task"]: e["continues"] for e in entries} == _carried(load_plan(NEXT))
    assert f"已写入 {out}：新计划 19 项任务中，{len(entries)} 项找到了可能延续的2024年任务" in result.stdout
    assert {p: p.read_bytes() for p in inputs} == inputs  # never edits a plan
    assert sorted(p.name for p in tmp_path.iterdir()) == ["links.yaml"]


def test_link_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "links.yaml"
    out.write_text("# 编辑已复核的建议\n", encoding="utf-8")
    before = tree_state(tmp_path)
    refused = run_cli("link", str(NEXT), str(PLAN), "-o", str(out))
    assert refused.returncode == 1 and refused.stdout == ""
    assert f"{out}: 文件已存在，未覆盖。确需覆盖时请加 --force。" in refused.stderr
    assert tree_state(tmp_path) == before
    forced = run_cli("link", str(NEXT), str(PLAN), "-o", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8"))


def test_link_never_writes_over_its_inputs(tmp_path: Path) -> None:
    new, old = tmp_path / "new.yaml", tmp_path / "old.yaml"
    new.write_bytes(NEXT.read_bytes())
    old.write_bytes(PLAN.read_bytes())
    before = tree_state(tmp_path)
    for target in (new, old):
        result = run_cli("link", str(new), str(old), "-o", str(target), "--force")
        assert result.returncode == 1
        assert f"{target}: 输出文件就是输入文件，不能覆盖原文。" in result.stderr
    assert tree_state(tmp_path) == before


def test_link_reports_every_problem_of_both_plans_and_writes_nothing(tmp_path: Path) -> None:
    new, old = tmp_path / "new.yaml", tmp_path / "old.yaml"
    new.write_text(
        NEXT.read_text(encoding="utf-8").replace("continues: 2024-3", "continues: 2024-03"), "utf-8"
    )
    old.write_text(PLAN.read_text(encoding="utf-8").replace("  - 市委编办\n", "  - 市委编辦\n", 1), "utf-8")
    before = tree_state(tmp_path)
    result = run_cli("link", "new.yaml", "old.yaml", "-o", "links.yaml", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert "new.yaml:" in result.stderr and "continues: “2024-03”不是有效的写法" in result.stderr
    assert "old.yaml:" in result.stderr and "未登记的责任单位“市委编辦”" in result.stderr
    assert "未生成任何文件" in result.stderr and "Traceback" not in result.stderr
    assert tree_state(tmp_path) == before


def test_link_refuses_plans_in_the_wrong_order(tmp_path: Path) -> None:
    for new, old in ((PLAN, NEXT), (PLAN, PLAN)):
        result = run_cli("link", str(new), str(old), "-o", str(tmp_path / "links.yaml"))
        assert result.returncode == 1
        assert (
            f"{old}: 往年计划的年份（{load_plan(old).year}）不早于新计划 {new} 的年份（{load_plan(new).year}）"
            in (result.stderr)
        )
        assert "请先写新计划，再写往年计划" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_link_help_is_in_chinese() -> None:
    result = run_cli("link", "--help")
    assert result.returncode == 0
    assert (
        "往年计划" in result.stdout
        and "continues:" in result.stdout
        and "show this help" not in result.stdout
    )


@pytest.mark.slow  # two 500-task plans made and linked in a process of its own
def test_link_on_two_500_task_plans_is_quick_and_small(tmp_path: Path) -> None:
    old = parse_plan(dump_plan_data(synth_plan(tasks=500, units=120, seed=1)), "old.yaml")
    (tmp_path / "old.yaml").write_text(dump_plan_data(synth_plan(tasks=500, units=120, seed=1)), "utf-8")
    new_data = dump_plan_data(next_year_plan(old, seed=1))
    (tmp_path / "new.yaml").write_text(new_data, "utf-8")
    run = measured_cli("link", "new.yaml", "old.yaml", "-o", "links.yaml", cwd=tmp_path, limit=60)
    assert run.returncode == 0, run.stderr
    assert run.seconds < 20 and run.megabytes < 300, (run.seconds, run.megabytes)
    entries = yaml.safe_load((tmp_path / "links.yaml").read_text(encoding="utf-8"))
    truth = _carried(parse_plan(new_data, "new.yaml"))
    found = {e["task"]: e["continues"] for e in entries}
    right = sum(1 for task, ref in found.items() if truth.get(task) == ref)
    assert right / len(found) >= 0.98 and right / len(truth) >= 0.98  # precision, recall
