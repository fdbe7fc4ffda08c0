"""The canonical plan: valid, verbatim, and consistent with its schema."""

from __future__ import annotations

import json

import jsonschema
import yaml

from generator.plan.load import load_plan
from generator.plan.schema import plan_schema
from generator.plan.text import official_lines
from tests.helpers import PLAN, ROOT, run_cli, source_plan_lines


def test_real_plan_validates() -> None:
    result = run_cli("validate")
    assert result.returncode == 0, result.stderr
    assert "8 个方面，25 项任务，28 个责任主体，112 处分工" in result.stdout


def test_text_command_reproduces_the_source_line_for_line() -> None:
    result = run_cli("text")
    assert result.returncode == 0, result.stderr
    printed = [ln for ln in result.stdout.splitlines() if ln.strip()]
    assert printed == source_plan_lines()


def test_plan_shape_matches_the_published_article() -> None:
    plan = load_plan(PLAN)
    assert len(plan.sections) == 8
    assert len(plan.tasks) == 25
    assert [len(s.tasks) for s in plan.sections] == [3, 2, 3, 4, 2, 3, 3, 5]
    named = [u for u in plan.units if not u.collective]
    groups = [u.name for u in plan.units if u.collective]
    assert len(named) == 23
    assert sorted(groups) == sorted(
        ["市政府有关部门", "市级有关部门", "市政府各部门", "市级各部门", "各县(市、区)政府"]
    )
    assert sum(1 for _ in plan.assignments()) == 112
    assert len({u.slug for u in plan.units}) == 28


def test_responsibility_is_kept_in_order_with_its_closing_phrase() -> None:
    plan = load_plan(PLAN)
    first = plan.tasks[0].task
    assert first.responsible[:2] == ("市委编办", "市政府办公室")
    assert plan.responsibility_line(first) == (
        "市委编办、市政府办公室、市发展改革委、市行政审批局、市市场监管局,市政府有关部门,"
        "各县(市、区)政府按职责分工分别负责"
    )
    assert plan.tasks[3].task.closing == "按职责分工分别负责"


def test_nothing_is_invented() -> None:
    """The source gives no 索引号, 文号, 主题分类 or 有效性: the plan must leave them empty."""
    pub = load_plan(PLAN).publication
    assert (pub.index_number, pub.document_number, pub.subject, pub.validity) == (None, None, None, None)
    assert pub.source == "渭南市司法局"
    assert str(pub.issued) == "2024-04-18"
    assert str(pub.published) == "2024-04-20"


def test_every_target_phrase_occurs_in_its_task() -> None:
    plan = load_plan(PLAN)
    phrases = {t.phrase for ref in plan.tasks for t in ref.task.targets}
    for ref in plan.tasks:
        for target in ref.task.targets:
            assert target.phrase in ref.task.text
    assert {"重大行政决策合法性审查率100%", "满意度达到95%以上", "任期内至少接受1次"} <= phrases
    assert any("60" in p and "学时" in p for p in phrases)


def test_official_lines_do_not_store_numbering() -> None:
    raw = PLAN.read_text(encoding="utf-8")
    assert "(一)" not in raw and "一、优化" not in raw  # numbering is derived, not stored
    assert official_lines(load_plan(PLAN))[2] == "一、优化政府机构职能,更好发挥政府作用"


def test_schema_file_is_in_sync_with_the_model() -> None:
    on_disk = json.loads((ROOT / "data" / "plan.schema.json").read_text(encoding="utf-8"))
    assert on_disk == plan_schema(), "run: python -m generator schema -o data/plan.schema.json"
    first_line = PLAN.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=plan.schema.json"


def test_plan_file_validates_against_its_json_schema() -> None:
    data = json.loads(json.dumps(yaml.safe_load(PLAN.read_text(encoding="utf-8")), default=str))
    jsonschema.validate(data, plan_schema())


def test_schema_rejects_what_the_model_rejects() -> None:
    data = json.loads(json.dumps(yaml.safe_load(PLAN.read_text(encoding="utf-8")), default=str))
    data["units"][0]["slug"] = "Not A Slug"
    validator = jsonschema.Draft202012Validator(plan_schema())
    assert list(validator.iter_errors(data))


def test_every_field_is_documented_for_editors() -> None:
    """Editors read field help in their IDE from the schema: no field may lack a description."""
    schema = plan_schema()
    missing = []
    for name, definition in [("Plan", schema), *schema["$defs"].items()]:
        for field, spec in definition.get("properties", {}).items():
            if not spec.get("description"):
                missing.append(f"{name}.{field}")
    assert missing == []


def test_every_field_declares_its_provenance() -> None:
    """Each field is either verbatim source or our reading; the schema says which, for every field."""
    schema = plan_schema()
    missing = []
    for name, definition in [("Plan", schema), *schema["$defs"].items()]:
        for field, spec in definition.get("properties", {}).items():
            if spec.get("x-provenance") not in {"source", "editorial"}:
                missing.append(f"{name}.{field}")
    assert missing == []
    editorial = {
        f"{n}.{f}"
        for n, d in schema["$defs"].items()
        for f, s in d["properties"].items()
        if s["x-provenance"] == "editorial"
    }
    assert {
        "Unit.category",
        "Unit.note",
        "Unit.slug",
        "Unit.collective",
        "Target.kind",
        "Target.due",
        "Publication.issued",
    } <= editorial
    assert "Task.text" not in editorial and "Target.phrase" not in editorial
