"""The model's derived views, without any file or MkDocs."""

from __future__ import annotations

import pytest

from generator.plan.load import load_plan
from generator.plan.model import join_responsible
from generator.plan.numerals import chinese_numeral, parse_chinese_numeral
from tests.helpers import MINI


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (25, "二十五"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (2500, "二千五百"),
    ],
)
def test_chinese_numerals(n: int, text: str) -> None:
    assert chinese_numeral(n) == text
    assert parse_chinese_numeral(text) == n


def test_numerals_round_trip() -> None:
    assert all(parse_chinese_numeral(chinese_numeral(n)) == n for n in range(1, 10000))


def test_join_responsible_separates_named_units_and_groups() -> None:
    groups = {"市政府有关部门", "各县(市、区)政府"}
    assert join_responsible(("甲", "乙", "市政府有关部门", "各县(市、区)政府"), groups) == (
        "甲、乙,市政府有关部门,各县(市、区)政府"
    )
    assert join_responsible(("市政府有关部门", "甲", "乙"), groups) == "市政府有关部门,甲、乙"


def test_tasks_are_numbered_across_sections() -> None:
    plan = load_plan(MINI)
    assert [(r.number, r.section, r.label) for r in plan.tasks] == [
        (1, 1, "(一)"),
        (2, 1, "(二)"),
        (3, 2, "(三)"),
    ]
    assert [r.number for r in plan.tasks_of_unit("市司法局")] == [1, 2]
    assert plan.categories == ("市政府工作部门", "统称")


def test_model_is_immutable() -> None:
    plan = load_plan(MINI)
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises ValidationError on frozen models
        plan.sections[0].tasks[0].title = "x"  # type: ignore[misc]
