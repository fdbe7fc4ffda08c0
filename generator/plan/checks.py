"""Checks that need the whole plan: references, uniqueness, look-alikes, duplicates, targets, dates,
the plan's year and the earlier tasks its tasks continue.

Each check is a small generator of :class:`~generator.errors.Problem`; the
positions of the values read from the file put ``file:line:column: path`` in
front of every message.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.errors import Positions, Problem, YamlPath, format_path, position
from generator.plan.model import (
    TARGET_WORDS,
    Notice,
    Plan,
    Publication,
    Target,
    Task,
    notice_date,
    parse_continues,
    plan_year,
    title_year,
)
from generator.textcheck import fold

#: Unit slugs that would put a unit's page at another page's place: ``units/index/`` is the list
#: of every unit (a test checks this against the site's addresses).
RESERVED_SLUGS = frozenset({"index"})


@dataclass(frozen=True)
class _At:
    """Makes problems located in one file."""

    filename: str
    positions: Positions

    def __call__(self, path: YamlPath, message: str) -> Problem:
        return Problem(self.filename, *position(self.positions, path), format_path(path), message)


def check_meaning(plan: Plan, filename: str, positions: Positions) -> Iterator[Problem]:
    """Every problem that needs more than one value to see."""
    at = _At(filename, positions)
    yield from _publication(plan, at)
    yield from _year(plan, at)
    yield from _continues(plan, at)
    yield from _units(plan, at)
    yield from _blank_texts(plan, at)
    yield from _responsible(plan, at)
    yield from _duplicate_tasks(plan, at)
    yield from _targets(plan, at)
    yield from _unused_units(plan, at)


def _publication(plan: Plan, at: _At) -> Iterator[Problem]:
    pub = plan.publication
    if pub.published < pub.issued:
        yield at(
            ("publication", "published"),
            f"发布日期 {pub.published} 早于印发日期 {pub.issued}。请核对两个日期。",
        )
    for key in ("title", "issuer", "source"):
        if not getattr(pub, key).strip():
            yield at(("publication", key), "不能只有空白。请填写内容。")
    if pub.notice is not None:
        yield from _notice(pub, pub.notice, at)


def _notice(pub: Publication, notice: Notice, at: _At) -> Iterator[Problem]:
    """A 通知's 落款 is the source of the issuer and the issue date: the two must agree."""
    for key in ("title", "addressees", "issuer", "date_text"):
        if not getattr(notice, key).strip():
            yield at(("publication", "notice", key), "不能只有空白。请照录通知原文。")
    if notice.issuer.strip() and notice.issuer != pub.issuer:
        yield at(
            ("publication", "issuer"),
            f"印发机关“{pub.issuer}”与通知落款的署名“{notice.issuer}”不一致。"
            "计划随通知印发时，印发机关照录落款，请核对。",
        )
    date = notice_date(notice.date_text)
    if date is not None and date != pub.issued:
        yield at(
            ("publication", "issued"),
            f"印发日期 {pub.issued} 与通知落款的日期“{notice.date_text}”不一致。请核对。",
        )


def _year(plan: Plan, at: _At) -> Iterator[Problem]:
    """The plan's year comes from its title, else from ``publication.year``; never two different ones."""
    pub = plan.publication
    written = title_year(pub.title)
    if written is None and pub.year is None:
        yield at(
            ("publication", "title"),
            f"无法确定计划所属的年份：标题“{pub.title}”没有写明年份（如“2025年”）。"
            "请在 publication 下加一行 year: 2025（填写计划所属的年份）。",
        )
    elif written is not None and pub.year is not None and written != pub.year:
        yield at(
            ("publication", "year"),
            f"year 为 {pub.year}，但标题“{pub.title}”写明的是 {written} 年。"
            f"标题已写明年份时不必填写 year：请删除 year，或改为 {written}。",
        )


def _continues(plan: Plan, at: _At) -> Iterator[Problem]:
    """A task can only continue a task of an earlier year's plan (whether that task exists, the site checks)."""
    year = plan_year(plan.publication)
    if year is None:
        return  # reported by _year
    for number, base, task in _tasks(plan):
        if task.continues is None:
            continue
        earlier, cited = parse_continues(task.continues)
        if earlier >= year:
            yield at(
                (*base, "continues"),
                f"第 {number} 项任务的 continues“{task.continues}”指向 {earlier} 年，不早于本计划的年份 {year}。"
                "continues 只能指向往年计划中的任务，请改正年份（如上一年的写法是 "
                f"{year - 1}-{cited}）。",
            )


def _units(plan: Plan, at: _At) -> Iterator[Problem]:
    names: dict[str, int] = {}
    folded: dict[str, int] = {}
    slugs: dict[str, int] = {}
    for i, unit in enumerate(plan.units):
        if unit.name in names:
            yield at(
                ("units", i, "name"),
                f"单位名称“{unit.name}”重复登记（units[{names[unit.name]}] 已有）。请删除其中一个。",
            )
        elif (first := folded.get(fold(unit.name))) is not None:
            yield at(
                ("units", i, "name"),
                f"单位名称“{unit.name}”与 units[{first}]“{plan.units[first].name}”看起来相同，"
                "只是全角/半角、空格或不可见字符不同。请删除其中一个，或改正写法。",
            )
        names.setdefault(unit.name, i)
        folded.setdefault(fold(unit.name), i)
        if unit.slug in RESERVED_SLUGS:
            yield at(
                ("units", i, "slug"),
                f"“{unit.slug}”不能用作单位标识：这个单位的页面会占用责任单位总览页 /units/ 的位置。"
                "请换一个标识，如单位名称的拼音。",
            )
        elif unit.slug in slugs:
            yield at(
                ("units", i, "slug"),
                f"标识“{unit.slug}”已被 units[{slugs[unit.slug]}] 使用。每个单位的 slug 必须不同。",
            )
        slugs.setdefault(unit.slug, i)


def _tasks(plan: Plan) -> Iterator[tuple[int, YamlPath, Task]]:
    """Every task with its number across the plan and its YAML path."""
    number = 0
    for s, section in enumerate(plan.sections):
        for t, task in enumerate(section.tasks):
            number += 1
            yield number, ("sections", s, "tasks", t), task


def _blank_texts(plan: Plan, at: _At) -> Iterator[Problem]:
    for i, text in enumerate(plan.preamble):
        if not text.strip():
            yield at(("preamble", i), "序言段落不能只有空白。")
    for s, section in enumerate(plan.sections):
        if not section.title.strip():
            yield at(("sections", s, "title"), "部分标题不能只有空白。请填写标题。")
    for number, base, task in _tasks(plan):
        for key, label in (("title", "标题"), ("text", "正文")):
            if not getattr(task, key).strip():
                yield at((*base, key), f"第 {number} 项任务的{label}不能只有空白。")


def _responsible(plan: Plan, at: _At) -> Iterator[Problem]:
    known = [unit.name for unit in plan.units]
    by_fold = {fold(name): name for name in known}
    for _, base, task in _tasks(plan):
        listed: set[str] = set()
        for r, name in enumerate(task.responsible):
            if name in listed:
                yield at((*base, "responsible", r), f"责任单位“{name}”在本任务中重复列出。请删除重复项。")
            listed.add(name)
            if name in known:
                continue
            if (same := by_fold.get(fold(name))) is not None:
                hint = f"与已登记的“{same}”看起来相同，但字符不同（全角/半角、空格或不可见字符）。"
            else:
                close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
                hint = f"是否想写：{'、'.join(close)}？" if close else ""
            yield at(
                (*base, "responsible", r),
                f"未登记的责任单位“{name}”。{hint}请改为 units 中已登记的名称，或先在 units 中登记该单位。",
            )


def _duplicate_tasks(plan: Plan, at: _At) -> Iterator[Problem]:
    """The same task pasted twice, anywhere in the plan, by its title or its text."""
    for key, label in (("title", "标题"), ("text", "正文")):
        first: dict[str, tuple[int, YamlPath]] = {}
        for number, base, task in _tasks(plan):
            folded = fold(getattr(task, key))
            if not folded:
                continue
            if folded in first:
                other, path = first[folded]
                yield at(
                    (*base, key),
                    f"第 {number} 项任务的{label}与第 {other} 项任务（{format_path(path)}）相同。"
                    "同一项任务是否粘贴了两次？请删除或改写其中一项。",
                )
            else:
                first[folded] = (number, base)


def _targets(plan: Plan, at: _At) -> Iterator[Problem]:
    for number, base, task in _tasks(plan):
        for g, target in enumerate(task.targets):
            path = (*base, "targets", g)
            if target.phrase not in task.text:
                yield at(
                    (*path, "phrase"),
                    f"指标措辞“{target.phrase}”没有出现在第 {number} 项任务的正文中。请照正文逐字填写。",
                )
            yield from _words_of_phrase(target, path, at)
            yield from _value_of_phrase(target, path, at)
            if target.kind in {"ratio", "count"} and target.value is None:
                yield at(path, f"{'比率' if target.kind == 'ratio' else '数量'}类指标必须填写数值 value。")


def _value_of_phrase(target: Target, path: YamlPath, at: _At) -> Iterator[Problem]:
    """The value read from a phrase must be the number the phrase states."""
    if target.value is None:
        return
    value = target.value
    written = str(int(value)) if value.is_integer() else str(value)
    if re.search(rf"(?<![\d.]){re.escape(written)}(?![\d.])", target.phrase) is None:
        yield at(
            (*path, "value"),
            f"数值 {written} 不是措辞“{target.phrase}”中写明的数字。请照措辞填写，或删除 value。",
        )


def _words_of_phrase(target: Target, path: YamlPath, at: _At) -> Iterator[Problem]:
    """A target's reading must use the source's own words: nothing in it may change the requirement."""
    for key in TARGET_WORDS:
        words = getattr(target, key)
        if words is not None and words not in target.phrase:
            yield at(
                (*path, key),
                f"“{words}”没有出现在措辞“{target.phrase}”中。限定词、频次、范围、时限和单位必须照录原文，"
                "请从 phrase 中逐字复制，或删除该字段。",
            )
    if target.kind == "deadline" and target.period is None:
        yield at(path, "时限类指标（deadline）必须用 period 照录原文的时限写法，如“6月底前”“第一季度”。")


def _unused_units(plan: Plan, at: _At) -> Iterator[Problem]:
    used = {name for ref in plan.tasks for name in ref.task.responsible}
    for i, unit in enumerate(plan.units):
        if unit.name not in used:
            yield at(
                ("units", i, "name"),
                f"单位“{unit.name}”已登记但没有任何任务引用。请删除该登记，或在任务的 responsible 中引用它。",
            )
