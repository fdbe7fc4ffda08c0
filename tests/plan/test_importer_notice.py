"""Importing a plan published as the attachment of a 通知 (印发通知).

The source, tests/cases/import/notice-2025.txt, is a CONSTRUCTED test fixture, not the published 2025
text: see tests/cases/import/expected/notice-2025.yml. The cut-off 通知 and the 通知 missing its parts
are refusal cases in tests/cases/import/notice-*.yml (run by test_importer.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.errors import InputError
from generator.files import MAX_INPUT_BYTES
from generator.plan.importer import import_source
from generator.plan.load import load_plan, parse_plan
from generator.yamlio import dump_plan_data
from tests.helpers import CASES, PLAN, measured_cli, run_cli

CASE = yaml.safe_load((CASES / "import" / "expected" / "notice-2025.yml").read_text(encoding="utf-8"))
NOTICE = CASES / "import" / CASE["source"]
NOTICE_TEXT = NOTICE.read_text(encoding="utf-8")


def _published_lines() -> list[str]:
    """The document as published, line for line: every non-blank line but the web page's own."""
    page = set(CASE["page_lines"].values())
    return [ln for ln in NOTICE_TEXT.splitlines() if ln.strip() and ln not in page]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The fixture imported through the command line: the plan file and what the command printed."""
    out = tmp_path_factory.mktemp("notice") / "plan.yaml"
    result = run_cli("import", str(NOTICE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out, result.stderr


def _data(out: Path) -> dict[str, Any]:
    return yaml.safe_load(out.read_text(encoding="utf-8"))


def test_the_descriptor_names_the_fixtures_own_lines() -> None:
    lines = NOTICE_TEXT.splitlines()
    assert {n: lines[n - 1] for n in CASE["page_lines"]} == CASE["page_lines"]


def test_the_notice_imports_and_validates(imported: tuple[Path, str]) -> None:
    out, _ = imported
    plan = load_plan(out)
    assert len(plan.sections) == 8 and len(plan.tasks) == 25
    assert sum(1 for _ in plan.assignments()) == 112


def test_issuer_and_date_are_read_from_the_signature(imported: tuple[Path, str]) -> None:
    out, _ = imported
    publication = _data(out)["publication"]
    assert {key: publication.get(key) for key in CASE["publication"]} == CASE["publication"]
    assert publication["notice"] == CASE["notice"]


def test_a_different_signature_gives_a_different_issuer_and_date() -> None:
    """Issuer and date come from the 落款, not from the 通知's title or the article's 时间."""
    text = NOTICE_TEXT.replace("渭南市人民政府\n\n2025年4月29日", "渭南市人民政府办公室\n\n2025年4月28日", 1)
    assert text != NOTICE_TEXT
    publication = import_source(text.encode("utf-8"), "notice.txt").data["publication"]
    assert publication["issuer"] == publication["notice"]["issuer"] == "渭南市人民政府办公室"
    assert publication["issued"] == dt.date(2025, 4, 28)
    assert publication["issued_text"] == publication["notice"]["date_text"] == "2025年4月28日"


def test_the_notice_is_kept_apart_from_the_preamble(imported: tuple[Path, str]) -> None:
    out, _ = imported
    data = _data(out)
    preamble_line = NOTICE_TEXT.splitlines()[17]
    assert preamble_line.startswith("为全面贯彻落实")
    assert data["preamble"] == [preamble_line]
    assert "summary" not in data["publication"] and "article_title" not in data["publication"]
    notice = data["publication"]["notice"]
    for text in (
        notice["addressees"],
        *notice["body"],
        notice["issuer"],
        notice["date_text"],
        notice["note"],
    ):
        assert text not in data["preamble"]
        assert text not in yaml.safe_dump(data["sections"], allow_unicode=True)


def test_the_page_lines_are_named_and_skipped(imported: tuple[Path, str]) -> None:
    _, stderr = imported
    for number in CASE["page_lines"]:
        said = f"{NOTICE}:{number}: 已跳过" in stderr
        assert said == (number in CASE["skipped"]), (number, stderr)
    assert stderr.count("已跳过") == len(CASE["skipped"])


def test_responsibility_in_hexagon_brackets_is_read(imported: tuple[Path, str]) -> None:
    """The fixture's plan is the 2024 plan with its 责任单位 in 〔…〕: the same units, task for task."""
    out, stderr = imported
    plan, curated = load_plan(out), load_plan(PLAN)
    assert [t.task.responsible for t in plan.tasks] == [t.task.responsible for t in curated.tasks]
    assert [t.task.closing for t in plan.tasks] == [t.task.closing for t in curated.tasks]
    assert plan.publication.responsibility_brackets == "〔〕"
    assert "括号" not in stderr and "分隔符" not in stderr


def test_text_gives_back_the_notice_line_for_line(imported: tuple[Path, str]) -> None:
    out, _ = imported
    result = run_cli("text", str(out))
    assert result.returncode == 0, result.stderr
    assert [ln for ln in result.stdout.splitlines() if ln.strip()] == _published_lines()


def test_a_task_in_other_brackets_is_named() -> None:
    text = NOTICE_TEXT.replace(
        "〔责任单位:市司法局,市政府有关部门按职责分工分别负责〕",
        "[责任单位:市司法局,市政府有关部门按职责分工分别负责]",
        1,
    )
    assert text != NOTICE_TEXT
    result = import_source(text.encode("utf-8"), "notice.txt")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if "[责任单位:" in ln)
    assert result.warnings == [
        f"notice.txt:1: 已跳过与计划无关的行：{CASE['page_lines'][1]}",
        f"notice.txt:4: 已跳过与计划无关的行：{CASE['page_lines'][4]}",
        f"notice.txt:{line}: 责任单位两边的括号“[]”与第一项任务不同，输出时将写作“〔〕”。请核对。",
    ]
    assert result.data["publication"]["responsibility_brackets"] == "〔〕"


def test_a_plan_title_other_than_the_notice_says_is_named() -> None:
    text = NOTICE_TEXT.replace(
        "\n渭南市2025年法治政府建设工作要点\n", "\n渭南市2025年法治政府建设工作计划\n", 1
    )
    result = import_source(text.encode("utf-8"), "notice.txt")
    assert (
        "notice.txt:16: 通知印发的是《渭南市2025年法治政府建设工作要点》，"
        "所附文件的标题却是“渭南市2025年法治政府建设工作计划”。请核对。"
    ) in result.warnings


def _plan_file(tmp_path: Path, edit: tuple[str, str]) -> Path:
    data = import_source(NOTICE.read_bytes(), "notice.txt").data
    text = dump_plan_data(data)
    assert edit[0] in text
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace(*edit, 1), encoding="utf-8")
    return plan


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ("  issuer: 渭南市人民政府\n", "  issuer: 渭南市\n"),
            "plan.yaml:4:11: publication.issuer: 印发机关“渭南市”与通知落款的署名“渭南市人民政府”不一致。"
            "计划随通知印发时，印发机关照录落款，请核对。",
        ),
        (
            ("  issued: 2025-04-29\n", "  issued: 2025-04-28\n"),
            "plan.yaml:7:11: publication.issued: 印发日期 2025-04-28 与通知落款的日期“2025年4月29日”不一致。请核对。",
        ),
    ],
    ids=["issuer", "date"],
)
def test_validate_refuses_facts_that_contradict_the_signature(
    edit: tuple[str, str], message: str, tmp_path: Path
) -> None:
    plan = _plan_file(tmp_path, edit)
    before = plan.read_bytes()
    result = run_cli("validate", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert plan.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_a_plan_without_a_notice_validates_as_before() -> None:
    """The real plan has no notice: its official text starts with its own title, in square brackets."""
    plan = load_plan(PLAN)
    assert plan.publication.notice is None and plan.publication.responsibility_brackets == "[]"
    assert parse_plan(PLAN.read_text(encoding="utf-8")).publication == plan.publication


@pytest.mark.slow
def test_a_huge_notice_shaped_source_is_refused_in_bounded_time(tmp_path: Path) -> None:
    """Near the size limit: a 通知 title line two megabytes long and a hundred thousand 主送-like
    lines, then no plan. Refused as a cut-off 通知, in seconds and bounded memory."""
    title = "渭南市人民政府关于印发《" + "要" * (MAX_INPUT_BYTES // 12) + "》的通知\n"
    colons = "各县（市、区）人民政府：\n" * (MAX_INPUT_BYTES // 2 // 37)
    source = tmp_path / "source.txt"
    source.write_text(title + colons, encoding="utf-8")
    assert MAX_INPUT_BYTES * 0.7 < source.stat().st_size < MAX_INPUT_BYTES
    run = measured_cli("import", "source.txt", "-o", "plan.yaml", cwd=tmp_path, limit=60)
    assert run.returncode == 1, run.stderr
    assert run.stderr.startswith(
        f"source.txt:{len(colons) // 13 + 1}: 通知在第 {len(colons) // 13 + 1} 行（“各县（市、区）人民政府：”）之后结束，"
        f"没有所附的《{'要' * 40}……》"
    ), run.stderr[:300]
    assert len(run.stderr) < 1000  # the source is quoted, not copied into the message
    assert "Traceback" not in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source.txt"]
    assert run.seconds < 20, run.seconds
    assert run.megabytes < 400, run.megabytes


def test_without_the_articles_date_line_only_its_facts_are_asked_for() -> None:
    """The 落款 gives issuer and date; the article's 时间/来源 line gives what the 通知 does not."""
    text = NOTICE_TEXT.replace(CASE["page_lines"][3] + "\n", "", 1)
    assert text != NOTICE_TEXT
    with pytest.raises(InputError) as err:
        import_source(text.encode("utf-8"), "notice.txt")
    assert str(err.value.problems[0]) == (
        "notice.txt: 原文没有给出以下发布信息，请用选项补充：--source-org（发布机构）、--published（发布日期，YYYY-MM-DD）。"
    )
    given = import_source(
        text.encode("utf-8"), "notice.txt", source_org="渭南市人民政府办公室", published=dt.date(2025, 4, 30)
    )
    assert given.data["publication"]["issuer"] == "渭南市人民政府"
    assert given.data["publication"]["issued"] == dt.date(2025, 4, 29)
