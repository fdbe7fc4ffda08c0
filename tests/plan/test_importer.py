"""Importing the standard 工作要点 form: the published page, the bare body, and variants of both."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from generator.errors import InputError
from generator.plan.importer import import_source, propose_targets, split_units
from generator.plan.load import load_plan, parse_plan
from generator.plan.model import Target
from generator.plan.text import official_lines
from generator.yamlio import dump_plan_data
from tests.helpers import CASES, PLAN, SOURCE, run_cli, source_plan_lines

SOURCE_TEXT = SOURCE.read_text(encoding="utf-8")


#: Proposed targets carry ``scope`` and ``period`` (the source's words), which the new Target model
#: holds; until that model is in place, tests that load an import with its targets cannot pass.
NEEDS_TARGET_MODEL = pytest.mark.xfail(
    "period" not in Target.model_fields, reason="needs the Target model with scope/period", strict=True
)


def _without_targets(data: dict) -> dict:
    for section in data["sections"]:
        for task in section["tasks"]:
            task.pop("targets", None)
    return data


def _imported(raw: bytes, **options):  # type: ignore[no-untyped-def]
    """The imported plan through the model, structure only: targets are checked as data below."""
    result = import_source(raw, "source.txt", **options)
    return parse_plan(dump_plan_data(_without_targets(result.data)), "imported.yaml"), result.warnings


@NEEDS_TARGET_MODEL
def test_import_of_the_published_page_gives_back_the_source(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    result = run_cli("import", str(SOURCE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "已跳过" in result.stderr  # navigation and unrelated news are named, not silently dropped
    text = run_cli("text", str(out))
    assert [ln for ln in text.stdout.splitlines() if ln.strip()] == source_plan_lines()


def test_import_matches_the_curated_plan() -> None:
    imported, _ = _imported(SOURCE.read_bytes())
    curated = load_plan(PLAN)
    structure = {"tasks": {"__all__": {"targets"}}}
    assert [s.model_dump(exclude=structure) for s in imported.sections] == [
        s.model_dump(exclude=structure) for s in curated.sections
    ]
    assert {u.name: u.slug for u in imported.units} == {u.name: u.slug for u in curated.units}
    assert imported.publication.model_dump(exclude={"summary"}) == curated.publication.model_dump(
        exclude={"summary"}
    )
    assert imported.publication.editor == "陈冰娟"


def _fullwidth(text: str) -> str:
    text = re.sub(r"^\(([一二三四五六七八九十]+)\)", r"（\1）", text, flags=re.M)
    return text.replace("[责任单位:", "[责任单位：").replace(",", "，")


def _normal(text: str) -> str:
    return text.replace("，", ",").replace("（", "(").replace("）", ")").replace("：", ":")


def _bracketed(text: str, brackets: str) -> str:
    """The text with its 责任单位 in other brackets, e.g. ``〔〕``."""
    return re.sub(r"\[(责任单位:[^\]]*)\]", rf"{brackets[0]}\1{brackets[1]}", text)


#: The variants whose 责任单位 are in other brackets: the import keeps them, and the text gives them back.
BRACKETS = {"hexagon-brackets": "〔〕", "lenticular-brackets": "【】"}

VARIANTS = {
    "utf8-bom": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "fullwidth": lambda t: _fullwidth(t).encode("utf-8"),
    "hexagon-brackets": lambda t: _bracketed(t, "〔〕").encode("utf-8"),
    "lenticular-brackets": lambda t: _bracketed(t, "【】").encode("utf-8"),
    "ideographic-indent": lambda t: re.sub(r"^(?=\S)", "\u3000\u3000", t, flags=re.M).encode("utf-8"),
    "everything-at-once": lambda t: (
        b""
        + re.sub(r"^(?=\S)", "\u3000\u3000", _fullwidth(t), flags=re.M)
        .replace("\n", "\r\n")
        .encode("gb18030")
    ),
}


@pytest.mark.parametrize("variant", VARIANTS, ids=list(VARIANTS))
@pytest.mark.parametrize("body_only", [False, True], ids=["page", "bare-body"])
def test_import_variants(variant: str, body_only: bool) -> None:
    text = SOURCE_TEXT
    options = {}
    if body_only:
        lines = source_plan_lines()
        text = "\n\n".join(lines) + "\n"
        options = {
            "source_org": "渭南市司法局",
            "issued": load_plan(PLAN).publication.issued,
            "published": load_plan(PLAN).publication.published,
        }
    plan, _ = _imported(VARIANTS[variant](text), **options)
    expected = [_normal(_bracketed(ln, BRACKETS.get(variant, "[]"))) for ln in source_plan_lines()]
    assert [_normal(ln) for ln in official_lines(plan)] == expected
    assert sum(1 for _ in plan.assignments()) == 112
    assert len(plan.units) == 28


def test_bare_body_without_dates_asks_for_them() -> None:
    body = ("\n".join(source_plan_lines()) + "\n").encode("utf-8")
    with pytest.raises(InputError) as err:
        import_source(body, "body.txt")
    assert str(err.value.problems[0]) == (
        "body.txt: 原文没有给出以下发布信息，请用选项补充：--source-org（发布机构）、"
        "--issued（印发日期，YYYY-MM-DD）、--published（发布日期，YYYY-MM-DD）。"
    )


def test_messages_name_only_real_options() -> None:
    body = ("\n".join(source_plan_lines()) + "\n").encode("utf-8")
    with pytest.raises(InputError) as err:
        import_source(body, "body.txt", issuer=None)
    named = set(re.findall(r"--[a-z-]+", str(err.value)))
    assert named == {"--source-org", "--issued", "--published"}
    help_text = run_cli("import", "--help").stdout
    assert all(re.search(rf"{option}\b", help_text) for option in named), help_text
    assert not re.search(r"--source\b(?!-)", help_text + str(err.value))


def test_import_cli_refuses_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("这不是一份工作要点。\n", encoding="utf-8")
    out = tmp_path / "plan.yaml"
    result = run_cli("import", str(bad), "-o", str(out))
    assert result.returncode == 1
    assert "找不到“一、……”形式的部分标题" in result.stderr
    assert not out.exists()


def test_task_without_responsibility_is_named_by_line(tmp_path: Path) -> None:
    text = SOURCE_TEXT.replace("[责任单位:市司法局,市政府有关部门按职责分工分别负责]", "", 1)
    src = tmp_path / "src.txt"
    src.write_text(text, encoding="utf-8")
    result = run_cli("import", str(src))
    assert result.returncode == 1
    assert f"{src}:25: 任务末尾缺少" in result.stderr


def test_units_split_outside_parentheses() -> None:
    assert split_units("市司法局、市公安局,各县(市、区)政府按职责分工分别负责") == [
        "市司法局",
        "市公安局",
        "各县(市、区)政府按职责分工分别负责",
    ]
    assert split_units("市司法局，各县（市、区）政府") == ["市司法局", "各县（市、区）政府"]


def _targets_by_task(data: dict) -> dict[int, list[dict]]:
    tasks = [task for section in data["sections"] for task in section["tasks"]]
    return {n: task["targets"] for n, task in enumerate(tasks, 1) if task.get("targets")}


def test_proposed_targets_for_the_real_source() -> None:
    expected = yaml.safe_load(
        (CASES / "import" / "expected" / "weinan-targets.yaml").read_text(encoding="utf-8")
    )
    found = _targets_by_task(import_source(SOURCE.read_bytes(), "source.txt").data)
    assert found == expected


def test_proposed_targets_keep_the_source_words() -> None:
    found = propose_targets(
        "市、县两级政府至少开展2次本地案卷评查,每季度至少开展1次评查,6月底前完成,第一季度报送,"
        "满意度达到95%以上。负责人任期内至少接受1次培训,每人每年接受不少于60学时的培训。"
    )
    assert found == [
        {"phrase": "至少开展2次", "kind": "count", "value": 2, "unit": "次", "qualifier": "至少"},
        {
            "phrase": "每季度至少开展1次",
            "kind": "frequency",
            "value": 1,
            "unit": "次",
            "qualifier": "至少",
            "scope": "每季度",
        },
        {"phrase": "6月底前", "kind": "deadline", "period": "6月底前"},
        {"phrase": "第一季度", "kind": "deadline", "period": "第一季度"},
        {"phrase": "满意度达到95%以上", "kind": "ratio", "value": 95, "unit": "%", "qualifier": "以上"},
        {
            "phrase": "任期内至少接受1次",
            "kind": "count",
            "value": 1,
            "unit": "次",
            "qualifier": "至少",
            "scope": "任期内",
        },
        {
            "phrase": "每人每年接受不少于60学时",
            "kind": "frequency",
            "value": 60,
            "unit": "学时",
            "qualifier": "不少于",
            "scope": "每人每年",
        },
    ]


def test_proposed_words_are_quoted_and_no_date_is_invented() -> None:
    for targets in _targets_by_task(import_source(SOURCE.read_bytes(), "source.txt").data).values():
        for target in targets:
            assert "due" not in target and "frequency" not in target
            for key in ("qualifier", "scope", "period"):
                assert target.get(key, "") in target["phrase"], target


# -- sources the importer must refuse instead of guessing ----------------------------------

REFUSED = sorted((CASES / "import").glob("*.yml"))


def _refused_source(case: dict) -> str:
    if "input" in case:
        return case["input"]
    name = case.get("source", "weinan")
    text = SOURCE_TEXT if name == "weinan" else (CASES / "import" / f"{name}.txt").read_text(encoding="utf-8")
    for old, new in case.get("edit", []):
        assert old in text, f"edit does not apply: {old!r}"
        text = text.replace(old, new, 1)
    if "cut_before" in case:
        text = text[: text.index(case["cut_before"])]
    if case.get("html") is True:
        paragraphs = "".join(f"<p>{html.escape(ln)}</p>\n" for ln in text.splitlines() if ln.strip())
        text = (
            f"<!DOCTYPE html>\n<html><head><title>渭南市</title></head><body>\n{paragraphs}</body></html>\n"
        )
    elif case.get("html") == "fragment":
        text = "".join(f"<p>{html.escape(ln)}</p>\n" for ln in text.splitlines() if ln.strip())
    return text


@pytest.mark.parametrize("case_file", REFUSED, ids=[p.stem for p in REFUSED])
def test_import_refuses_instead_of_guessing(case_file: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    (tmp_path / "source.txt").write_text(_refused_source(case), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    result = run_cli("import", "source.txt", "-o", "plan.yaml", cwd=tmp_path)

    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    for expected in case["expect"]:
        assert expected in result.stderr, f"missing {expected!r} in:\n{result.stderr}"
    assert "共发现 1 个问题，未生成任何文件" in result.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no plan.yaml, no temporary file


def test_announced_counts_that_agree_pass() -> None:
    """The real announcement (8 个方面、25 项任务) agrees with its body: no refusal, no warning about it."""
    result = import_source(SOURCE.read_bytes(), "source.txt")
    assert len(result.data["sections"]) == 8
    assert sum(len(s["tasks"]) for s in result.data["sections"]) == 25
    assert not any("发布说明" in w for w in result.warnings)
