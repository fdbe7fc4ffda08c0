"""What changed from one year's plan to the next: every statement checked against known edits.

The old plan is the real ``data/plan.yaml``; the new one is that file with a handful of edits a
following year might make (:func:`next_year`), each of which the comparison must report exactly,
and nothing else.
"""

from __future__ import annotations

import time
import tracemalloc
from itertools import pairwise

import pytest

from generator.errors import GeneratorError
from generator.plan.compare import Segment, compare, diff_text
from generator.plan.load import load_plan, parse_plan
from generator.plan.model import Plan
from tests.helpers import PLAN

#: New task number → old task number: old task 20 is dropped, so 21–25 move up one; new 25 is new.
LINKS = {**{n: n for n in range(1, 20)}, **{n: n + 1 for n in range(20, 25)}}

#: Task 15's text, as this year's plan has it (a clause added, a phrase reworded).
TEXT_15 = "健全建强行政复议委员会,完善配套制度。完善行政复议网络申请渠道,建设统一的网络申请通道,加大复议便民力度,积极探索“掌上复议”。"
NEW_TEXT_15 = "健全建强行政复议委员会,完善配套制度和工作规则。完善行政复议网络申请渠道,建设统一的网络申请通道,加大复议便民力度,全面推行“掌上复议”。"

NEW_TASK = """  - title: 推进法治政府建设数字化
    text: 依托一体化政务服务平台,推进行政执法监督信息化建设,年底前建成全市行政执法监督平台。
    responsible:
    - 市司法局
    - 市数据局
    targets:
    - phrase: 年底前建成全市行政执法监督平台
      kind: deadline
      period: 年底前
"""

NEW_UNIT = """- name: 市数据局
  slug: shishujuju
  category: 市政府工作部门
  collective: false
"""


def edit(text: str, old: str, new: str) -> str:
    """``text`` with its one occurrence of ``old`` replaced (a fixture that no longer fits fails here)."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def next_year(extra: tuple[tuple[str, str], ...] = ()) -> str:
    """The plan file as a following year might write it; ``extra`` are more (old, new) edits."""
    text = PLAN.read_text(encoding="utf-8")
    text = edit(
        text, "title: 渭南市2024年法治政府建设工作要点\n", "title: 渭南市2025年法治政府建设工作要点\n"
    )
    # Task 5: a deadline brought forward, in the text and in its target alike.
    text = edit(text, "提升行政规范性文件质量,6月底前", "提升行政规范性文件质量,5月底前")
    text = edit(text, "- phrase: 6月底前市、县两级", "- phrase: 5月底前市、县两级")
    text = edit(text, "period: 6月底前", "period: 5月底前")
    # Task 10: more hours of training a year.
    text = edit(text, "接受不少于60学时的", "接受不少于80学时的")
    text = edit(
        text,
        "- phrase: 每人每年接受不少于60学时\n      kind: frequency\n      value: 60",
        "- phrase: 每人每年接受不少于80学时\n      kind: frequency\n      value: 80",
    )
    # Task 15: the text reworded a little, and a new body answers for it.
    text = edit(text, TEXT_15, NEW_TEXT_15)
    text = edit(
        text,
        "档案室功能齐备。强化行政复议监督纠错功能,开展行政复议决定及行政复议意见执行情况专项监督检查并进行通报。\n    responsible:\n    - 市司法局\n",
        "档案室功能齐备。强化行政复议监督纠错功能,开展行政复议决定及行政复议意见执行情况专项监督检查并进行通报。\n    responsible:\n    - 市司法局\n    - 市数据局\n",
    )
    # Task 17: 市信访局 no longer named (and so no longer registered).
    text = edit(text, "    - 市司法局\n    - 市信访局\n", "    - 市司法局\n")
    text = edit(
        text, "- name: 市信访局\n  slug: shixinfangju\n  category: 市政府工作部门\n  collective: false\n", ""
    )
    # Task 20 dropped.
    start = text.index("  - title: 加快推进政务诚信建设\n")
    text = text[:start] + text[text.index("- title: 加强组织保障", start) :]
    # Old task 21's title reworded.
    text = edit(text, "title: 加强党对法治政府建设的领导", "title: 坚持党对法治政府建设的全面领导")
    # A new task closes the last section; a new body is registered.
    text = edit(text, "    - 各县(市、区)政府\nunits:\n", "    - 各县(市、区)政府\n" + NEW_TASK + "units:\n")
    text = edit(text, "- name: 市政府各部门\n", NEW_UNIT + "- name: 市政府各部门\n")
    for old, new in extra:
        text = edit(text, old, new)
    return text


@pytest.fixture(scope="module")
def old() -> Plan:
    return load_plan(PLAN)


@pytest.fixture(scope="module")
def new() -> Plan:
    return parse_plan(next_year())


def same(text: str) -> Segment:
    return Segment("same", text)


def added(text: str) -> Segment:
    return Segment("added", text)


def removed(text: str) -> Segment:
    return Segment("removed", text)


def test_the_edited_plan_is_what_the_test_means(new: Plan, old: Plan) -> None:
    assert len(old.tasks) == 25 and len(new.tasks) == 25
    assert new.tasks[19].title == "坚持党对法治政府建设的全面领导"
    assert new.tasks[24].title == "推进法治政府建设数字化"


def test_carried_tasks_are_the_linked_pairs_in_the_new_plans_order(new: Plan, old: Plan) -> None:
    changes = compare(new, old, LINKS)
    assert [(c.new.number, c.old.number) for c in changes.carried] == sorted(LINKS.items())
    changed = {c.new.number: c for c in changes.carried if c.changed}
    assert sorted(changed) == [5, 10, 15, 17, 20]


def test_a_reworded_text_reads_as_its_additions_and_removals(new: Plan, old: Plan) -> None:
    c = compare(new, old, LINKS).carried[14]
    assert (c.new.number, c.old.number) == (15, 15)
    rest = old.tasks[14].task.text.removeprefix(TEXT_15)
    assert c.text == (
        same("健全建强行政复议委员会,完善配套制度"),
        added("和工作规则"),
        same("。完善行政复议网络申请渠道,建设统一的网络申请通道,加大复议便民力度,"),
        removed("积极探索"),
        added("全面推行"),
        same("“掌上复议”。" + rest),
    )
    assert not c.title_changed and c.title == (same("加强行政复议工作"),)
    assert c.bodies_added == ("市数据局",) and c.bodies_removed == ()


def test_a_changed_number_is_one_change_not_a_changed_digit(new: Plan, old: Plan) -> None:
    c = compare(new, old, LINKS).carried[9]
    before, after = old.tasks[9].task.text.split("60学时")
    assert c.text == (same(before), removed("60"), added("80"), same("学时" + after))
    c5 = compare(new, old, LINKS).carried[4]
    assert [s for s in c5.text if s.kind != "same"] == [removed("6"), added("5")]


def test_a_reworded_title(new: Plan, old: Plan) -> None:
    c = compare(new, old, LINKS).carried[19]
    assert (c.new.number, c.old.number) == (20, 21)
    assert c.title == (
        removed("加强"),
        added("坚持"),
        same("党对法治政府建设的"),
        added("全面"),
        same("领导"),
    )
    assert not c.text_changed and not c.bodies_changed


def test_bodies_of_a_carried_task(new: Plan, old: Plan) -> None:
    c = compare(new, old, LINKS).carried[16]
    assert c.bodies_removed == ("市信访局",) and c.bodies_added == ()
    assert c.bodies_changed and not c.bodies_reordered and not c.text_changed


def test_new_and_dropped_tasks(new: Plan, old: Plan) -> None:
    changes = compare(new, old, LINKS)
    assert [(r.number, r.title) for r in changes.added] == [(25, "推进法治政府建设数字化")]
    assert [(r.number, r.title) for r in changes.dropped] == [(20, "加快推进政务诚信建设")]


def test_bodies_gained_and_lost_across_the_plan(new: Plan, old: Plan) -> None:
    changes = compare(new, old, LINKS)
    assert [(b.unit.name, [r.number for r in b.tasks]) for b in changes.bodies_gained] == [
        ("市数据局", [15, 25])
    ]
    assert [(b.unit.name, [r.number for r in b.tasks]) for b in changes.bodies_lost] == [("市信访局", [17])]
    assert changes.bodies_gained[0].unit.slug == "shishujuju"


def test_changed_targets_with_both_phrases_verbatim(new: Plan, old: Plan) -> None:
    # (The new task 25 has a target too: a target of a new task is not a change.)
    targets = compare(new, old, LINKS).targets
    got = [
        (
            t.new_task.number,
            t.old_task.number,
            t.kind,
            t.fields,
            t.old and t.old.phrase,
            t.new and t.new.phrase,
        )
        for t in targets
    ]
    assert got == [
        (
            5,
            5,
            "changed",
            ("period",),
            "6月底前市、县两级行政规范性文件制定主体清单全部编制完成",
            "5月底前市、县两级行政规范性文件制定主体清单全部编制完成",
        ),
        (10, 10, "changed", ("value",), "每人每年接受不少于60学时", "每人每年接受不少于80学时"),
    ]
    assert (targets[1].old.value, targets[1].new.value) == (60, 80)  # type: ignore[union-attr]
    # The phrases are the plans' own words, found in the texts they come from.
    for t in targets:
        assert t.old is not None and t.new is not None
        assert t.old.phrase in t.old_task.task.text and t.new.phrase in t.new_task.task.text


def test_targets_added_and_removed_in_a_carried_task(old: Plan) -> None:
    # Task 7 gains a deadline beside its ratio; task 16 no longer has its 100% reply rate.
    text = next_year(
        (
            ("重大行政决策合法性审查率100%。", "重大行政决策合法性审查率100%,年底前完成评估。"),
            (
                "      value: 100\n      unit: '%'\n  - title: 加强重大行政决策事项目录管理",
                "      value: 100\n      unit: '%'\n    - phrase: 年底前完成评估\n      kind: deadline\n      period: 年底前\n  - title: 加强重大行政决策事项目录管理",
            ),
            ("认真办理司法建议、检察建议,按期办复率达100%。", "认真办理司法建议、检察建议。"),
            ("    - phrase: 按期办复率达100%\n      kind: ratio\n      value: 100\n      unit: '%'\n", ""),
        )
    )
    targets = compare(parse_plan(text), old, LINKS).targets
    assert [(t.new_task.number, t.kind, t.old and t.old.phrase, t.new and t.new.phrase) for t in targets] == [
        (
            5,
            "changed",
            "6月底前市、县两级行政规范性文件制定主体清单全部编制完成",
            "5月底前市、县两级行政规范性文件制定主体清单全部编制完成",
        ),
        (7, "added", None, "年底前完成评估"),
        (10, "changed", "每人每年接受不少于60学时", "每人每年接受不少于80学时"),
        (16, "removed", "按期办复率达100%", None),
    ]


def test_counts_for_the_summary_line(new: Plan, old: Plan) -> None:
    counts = compare(new, old, LINKS).counts
    assert (counts.carried, counts.carried_changed, counts.text_changed, counts.bodies_changed) == (
        24,
        5,
        4,
        2,
    )
    assert (counts.added, counts.dropped, counts.bodies_gained, counts.bodies_lost) == (1, 1, 1, 1)
    assert (counts.targets_changed, counts.targets_added, counts.targets_removed) == (2, 0, 0)


def test_a_plan_compared_with_itself_has_no_changes(old: Plan) -> None:
    changes = compare(old, old, {n: n for n in range(1, 26)})
    assert not any(c.changed for c in changes.carried)
    assert (
        changes.added
        == changes.dropped
        == changes.bodies_gained
        == changes.bodies_lost
        == changes.targets
        == ()
    )


def test_a_task_split_in_two_continues_one_old_task(new: Plan, old: Plan) -> None:
    changes = compare(new, old, {**LINKS, 25: 20})
    assert changes.added == () and changes.dropped == ()
    assert [c.new.number for c in changes.carried if c.old.number == 20] == [25]


def test_without_links_everything_is_new_or_dropped(new: Plan, old: Plan) -> None:
    changes = compare(new, old, {})
    assert changes.carried == () and len(changes.added) == 25 and len(changes.dropped) == 25


def test_a_link_to_no_task_is_refused_in_chinese(new: Plan, old: Plan) -> None:
    with pytest.raises(GeneratorError) as caught:
        compare(new, old, {**LINKS, 25: 26, 30: 1})
    assert str(caught.value) == (
        "任务对应关系中的编号不存在：新计划第 25 项承接上一年第 26 项；新计划第 30 项承接上一年第 1 项。"
        "新计划共 25 项任务，上一年共 25 项任务。请改正编号后重试。"
    )


def test_a_bodies_reordering_is_reported_as_such(old: Plan) -> None:
    text = next_year(
        (
            (
                "    responsible:\n    - 市司法局\n    - 市公安局\n    - 市交通运输局\n    - 市政府有关部门\n    - 各县(市、区)政府\n    targets:",
                "    responsible:\n    - 市公安局\n    - 市司法局\n    - 市交通运输局\n    - 市政府有关部门\n    - 各县(市、区)政府\n    targets:",
            ),
        )
    )
    c = compare(parse_plan(text), old, LINKS).carried[9]
    assert c.bodies_reordered and not c.bodies_changed and c.changed


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("", ""),
        ("", "新增"),
        ("删去", ""),
        ("相同", "相同"),
        ("abc 12.5% 与 x", "abd 12.6% 与 x"),
        ("每年开展1次", "每季度开展2次以上"),
    ],
)
def test_the_segments_give_back_both_texts(before: str, after: str) -> None:
    segments = diff_text(before, after)
    assert "".join(s.text for s in segments if s.kind != "added") == before
    assert "".join(s.text for s in segments if s.kind != "removed") == after
    assert all(s.text for s in segments)
    # Neighbours are never of one kind, and a removal comes before the addition that replaces it.
    assert all(x.kind != y.kind and (x.kind, y.kind) != ("added", "removed") for x, y in pairwise(segments))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("的" * 5000, "的了" * 2500),
        ("的了" * 2500, "的" * 5000),
        ("a的" * 1600, "b的" * 1600),  # the most work the bound lets through
        ("abc的" * 1250, "acb的" * 1250),
        ("的" * 20000, "的" * 10000 + "了" + "的" * 10000),
    ],
)
def test_text_that_repeats_itself_is_compared_in_bounded_time_and_memory(before: str, after: str) -> None:
    # SequenceMatcher alone takes about ten seconds for 1,000 repeated characters, and grows cubically.
    started = time.perf_counter()
    segments = diff_text(before, after)
    assert time.perf_counter() - started < 1.0
    assert "".join(s.text for s in segments if s.kind != "added") == before
    assert "".join(s.text for s in segments if s.kind != "removed") == after
    tracemalloc.start()  # apart: tracing every allocation slows the comparison several times over
    try:
        diff_text(before, after)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024


def test_ordinary_long_texts_are_compared_in_detail_within_the_bound(old: Plan) -> None:
    prose = "".join(ref.task.text for ref in old.tasks) * 2  # about 8,500 characters
    edited = prose.replace("加强", "强化")
    started = time.perf_counter()
    segments = diff_text(prose, edited)
    assert time.perf_counter() - started < 2.0
    assert [s.text for s in segments if s.kind == "removed"] == ["加强"] * prose.count("加强")
    assert [s.text for s in segments if s.kind == "added"] == ["强化"] * prose.count("加强")
