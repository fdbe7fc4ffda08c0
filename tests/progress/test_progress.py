"""落实情况 data: every mistake in a round file explained at once, and the API the pages use.

Each case in ``cases/progress/invalid/`` edits ``cases/progress/round.yaml`` (a valid round for
``cases/mini.yaml``) and lists the messages it must produce. Adding a case is adding a file.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.errors import InputError
from generator.plan.load import load_plan
from generator.progress.load import load_progress
from generator.progress.model import NOT_REPORTED, STATUSES, progress_schema
from generator.progress.write import dump_round
from generator.synth.progress import synth_progress
from tests.helpers import CASES, MINI, PLAN, ROOT, run_cli

ROUND = CASES / "progress" / "round.yaml"
CASE_FILES = sorted((CASES / "progress" / "invalid").glob("*.yml"))
EXAMPLES = ROOT / "examples" / "progress"


def _make_round(case: dict, folder: Path) -> None:
    text = case["input"] if "input" in case else ROUND.read_text(encoding="utf-8")
    for old, new in case.get("edit", []):
        assert old in text, f"edit does not apply: {old!r}"
        text = text.replace(old, new, 1)
    (folder / case.get("file", "2024-h1.yaml")).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case_file", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_invalid_round_is_explained(case_file: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    folder = tmp_path / "progress"
    folder.mkdir()
    _make_round(case, folder)
    before = sorted(p.name for p in tmp_path.rglob("*"))

    result = run_cli("progress", "validate", "--plan", str(MINI), "--dir", "progress", cwd=tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for expected in case["expect"]:
        assert expected in result.stderr, f"missing {expected!r} in:\n{result.stderr}"
    problem_lines = [ln for ln in result.stderr.splitlines() if ln.startswith("progress/")]
    assert problem_lines, result.stderr
    if "count" in case:
        assert len(problem_lines) == case["count"], result.stderr
    assert "未生成任何文件" in result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written


def test_problems_of_every_file_are_reported_together(tmp_path: Path) -> None:
    text = ROUND.read_text(encoding="utf-8")
    (tmp_path / "2024-h1.yaml").write_text(text.replace("status: 已完成", "status: 完成"), encoding="utf-8")
    (tmp_path / "2024-h2.yaml").write_text(text.replace("- task: 2\n", "- task: 7\n"), encoding="utf-8")
    result = run_cli("progress", "validate", "--plan", str(MINI), "--dir", str(tmp_path))
    assert result.returncode == 1
    assert "2024-h1.yaml:18:11: entries[1].status" in result.stderr
    assert "2024-h2.yaml:16:9: entries[1].task" in result.stderr
    assert "共发现 2 个问题" in result.stderr


def test_the_valid_round_and_the_examples_validate() -> None:
    result = run_cli("progress", "validate", "--dir", str(EXAMPLES))
    assert result.returncode == 0, result.stderr
    assert "2024-h1.yaml：校验通过" in result.stdout and "示例数据" in result.stdout
    assert load_progress(ROUND.parent, load_plan(MINI)).rounds[0].id == "round"


def test_every_example_entry_is_marked_as_an_example() -> None:
    files = sorted(EXAMPLES.glob("*.yaml"))
    assert files
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert "示例" in data["name"]
        assert data["entries"] and all(entry.get("example") is True for entry in data["entries"])


def test_no_progress_folder_means_no_progress(tmp_path: Path) -> None:
    progress = load_progress(tmp_path / "missing", load_plan(MINI))
    assert progress.rounds == () and progress.latest is None
    assert progress.not_reported() == () and progress.reports_of_task(1) == ()
    assert progress.status_counts() == {**dict.fromkeys(STATUSES, 0), NOT_REPORTED: 7}
    result = run_cli("progress", "validate", "--plan", str(MINI), "--dir", str(tmp_path / "missing"))
    assert result.returncode == 0 and "落实情况尚未发布" in result.stdout


H2 = """name: 2024年下半年
as_of: 2024-12-31
entries:
- task: 2
  unit: 市行政审批局
  status: 已完成
  date: 2024-12-01
  text: 清单已公布。
- task: 1
  unit: 市司法局
  status: 已完成
  date: 2024-11-20
  text: 权责清单全部公布。
- task: 1
  unit: 市政府有关部门
  status: 推进中
  date: 2024-10-08
  text: 各部门报送清单。
"""


@pytest.fixture
def two_rounds(tmp_path: Path) -> Path:
    (tmp_path / "2024-h1.yaml").write_text(ROUND.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "2024-h2.yaml").write_text(H2, encoding="utf-8")
    return tmp_path


def test_rounds_reports_and_latest_status(two_rounds: Path) -> None:
    progress = load_progress(two_rounds, load_plan(MINI))
    assert [r.id for r in progress.rounds] == ["2024-h1", "2024-h2"]
    assert progress.latest is progress.round("2024-h2")
    assert progress.previous("2024-h2") is progress.round("2024-h1") and progress.previous("2024-h1") is None
    h2 = progress.round("2024-h2")
    # Canonical order: by task, then the body's place in the task's list (市司法局 before the group).
    assert [(e.task, e.unit) for e in h2.entries] == [
        (1, "市司法局"),
        (1, "市政府有关部门"),
        (2, "市行政审批局"),
    ]
    assert [(r.round.id, r.unit) for r in progress.reports_of_task(1)] == [
        ("2024-h1", "市司法局"),
        ("2024-h2", "市司法局"),
        ("2024-h2", "市政府有关部门"),
    ]
    assert [r.status for r in progress.timeline(1, "市司法局")] == ["推进中", "已完成"]
    assert progress.latest_report(1, "市司法局").status == "已完成"  # type: ignore[union-attr]
    assert progress.latest_report(1, "市司法局", upto="2024-h1").status == "推进中"  # type: ignore[union-attr]
    assert progress.latest_report(3, "市政府有关部门") is None
    assert progress.round("2024-h1").entries[0].paragraphs == ("制定权责清单工作方案。", "完成首批清单审核。")
    assert progress.round("2024-h1").example and not h2.example


def test_who_has_not_reported(two_rounds: Path) -> None:
    progress = load_progress(two_rounds, load_plan(MINI))
    assert [(ref.number, unit) for ref, unit in progress.not_reported()] == [
        (2, "市司法局"),
        (2, "各县(市、区)政府"),
        (3, "市政府有关部门"),
        (3, "各县(市、区)政府"),
    ]
    assert progress.not_reported_of_task(1) == ()
    assert progress.not_reported_of_task(1, "2024-h1") == ("市政府有关部门",)
    assert [ref.number for ref in progress.unreported_tasks("市政府有关部门")] == [3]
    assert [ref.number for ref in progress.unreported_tasks("各县(市、区)政府")] == [2]


def test_status_counts_overall_per_section_and_per_body(two_rounds: Path) -> None:
    progress = load_progress(two_rounds, load_plan(MINI))
    assert progress.status_counts() == {"未启动": 0, "推进中": 1, "已完成": 2, "持续推进": 1, NOT_REPORTED: 3}
    assert progress.status_counts("2024-h1") == {
        "未启动": 0,
        "推进中": 1,
        "已完成": 1,
        "持续推进": 1,
        NOT_REPORTED: 4,
    }
    assert progress.status_counts(section=2) == {
        "未启动": 0,
        "推进中": 0,
        "已完成": 0,
        "持续推进": 1,
        NOT_REPORTED: 1,
    }
    assert progress.status_counts(unit="市司法局") == {
        "未启动": 0,
        "推进中": 0,
        "已完成": 1,
        "持续推进": 0,
        NOT_REPORTED: 1,
    }


def test_changes_since_the_previous_round(two_rounds: Path) -> None:
    progress = load_progress(two_rounds, load_plan(MINI))
    changes = {(c.report.task, c.report.unit): c.kind for c in progress.changes("2024-h2")}
    assert changes == {(1, "市司法局"): "status", (1, "市政府有关部门"): "new", (2, "市行政审批局"): "text"}
    assert all(c.kind == "new" for c in progress.changes("2024-h1"))


def test_schema_is_generated_from_the_model_and_committed() -> None:
    schema = progress_schema()
    committed = json.loads((ROOT / "data" / "progress.schema.json").read_text(encoding="utf-8"))
    assert committed == schema, "run: python -m generator progress schema -o data/progress.schema.json"
    entry = schema["$defs"]["Entry"]["properties"]
    assert entry["text"]["x-provenance"] == "reported"
    assert entry["example"]["x-provenance"] == "editorial"
    assert schema["properties"]["as_of"]["x-provenance"] == "editorial"
    assert [s["status"] for s in schema["x-statuses"]] == list(STATUSES)
    for path in [ROUND, *EXAMPLES.glob("*.yaml")]:
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, schema)


def test_synthetic_progress_is_valid_and_reproducible(tmp_path: Path) -> None:
    plan = load_plan(PLAN)
    files = synth_progress(plan, rounds=4, seed=3)
    assert files == synth_progress(plan, rounds=4, seed=3)
    assert list(files) == ["2024-q1", "2024-q2", "2024-q3", "2024-q4"]
    for round_id, text in files.items():
        (tmp_path / f"{round_id}.yaml").write_text(text, encoding="utf-8")
    progress = load_progress(tmp_path, plan)
    pairs = sum(len(ref.task.responsible) for ref in plan.tasks)
    assert all(len(r.entries) == pairs for r in progress.rounds)  # one report per pair per round
    assert progress.round("2024-q4").as_of == dt.date(2024, 12, 31)
    order = list(STATUSES)
    for unit, task in plan.assignments():
        steps = [min(order.index(r.status), 2) for r in progress.timeline(task.number, unit.name)]
        assert steps == sorted(steps)  # statuses only move forward


def test_dump_round_is_canonical() -> None:
    progress = load_progress(ROUND.parent, load_plan(MINI))
    rnd = progress.rounds[0]
    text = dump_round(rnd.name, rnd.as_of, rnd.entries, header="")
    body = ROUND.read_text(encoding="utf-8").split("\n", 1)[1]
    assert text == body


def test_hostile_round_file_is_refused_at_once(tmp_path: Path) -> None:
    """The fast reader of large round files never sees anchors, aliases, tags or deep nesting."""
    import time

    from generator.progress.load import load_progress

    plan = load_plan(PLAN)
    for case in ("billion-laughs", "nested-brackets", "self-alias"):
        folder = tmp_path / case
        folder.mkdir()
        spec = yaml.safe_load((CASES / "hostile" / f"{case}.yml").read_text(encoding="utf-8"))
        nest = spec.get("nest")
        hostile = (
            spec["input"] if nest is None else nest["open"] * nest["times"] + nest["close"] * nest["times"]
        )
        (folder / "2024-h1.yaml").write_text(hostile, encoding="utf-8")
        start = time.monotonic()
        with pytest.raises(InputError) as caught:
            load_progress(folder, plan)
        assert time.monotonic() - start < 2, case
        assert "2024-h1.yaml" in caught.value.report()


def test_rounds_read_by_several_processes_are_the_rounds_read_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.progress.load as progress_module

    plan = load_plan(PLAN)
    for round_id, text in synth_progress(plan, rounds=4, seed=5).items():
        (tmp_path / f"{round_id}.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "2024-q3.yaml").write_text(
        (tmp_path / "2024-q3.yaml")
        .read_text(encoding="utf-8")
        .replace("status: 推进中", "status: 进行中", 1),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as one:
        load_progress(tmp_path, plan)
    monkeypatch.setattr(progress_module, "PARALLEL_CHARACTERS", 0)
    with pytest.raises(InputError) as several:
        load_progress(tmp_path, plan)
    assert several.value.report() == one.value.report() and "2024-q3.yaml:" in one.value.report()
    (tmp_path / "2024-q3.yaml").unlink()
    in_parallel = load_progress(tmp_path, plan)
    monkeypatch.setattr(progress_module, "PARALLEL_CHARACTERS", 10**12)
    in_one = load_progress(tmp_path, plan)
    assert [(r.id, r.name, r.as_of, r.entries) for r in in_parallel.rounds] == [
        (r.id, r.name, r.as_of, r.entries) for r in in_one.rounds
    ]


def test_an_entry_of_the_wrong_shape_is_still_checked_against_the_plan(tmp_path: Path) -> None:
    """A malformed field (an unknown status, a date that is no date) does not hide the entry's other
    problems: every problem of the file at once, none about the stand-ins used meanwhile."""
    (tmp_path / "2024-h1.yaml").write_text(
        "name: 上半年\nas_of: 2024-06-30\nentries:\n"
        "- task: 99\n  unit: 市司法局\n  status: 进行中\n  date: 2024-06-01\n  text: 内容\n"
        "- task: 3\n  unit: 市司法厅\n  status: 推进中\n  date: 2024-13-01\n  text: 内容\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_progress(tmp_path, load_plan(PLAN))
    found = [(p.line, p.path, p.message) for p in caught.value.problems]
    expected = [
        (4, "entries[0].task", "没有第 99 项任务"),
        (6, "entries[0].status", "未知的落实状态“进行中”"),
        (10, "entries[1].unit", "未登记的单位“市司法厅”"),
        (12, "entries[1].date", "“2024-13-01”不是"),
    ]
    assert [(line, path) for line, path, _ in found] == [(line, path) for line, path, _ in expected]
    assert all(
        message.startswith(start) for (_, _, message), (_, _, start) in zip(found, expected, strict=True)
    )
