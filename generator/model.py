"""The plan as typed, immutable objects.

These classes are the single declaration of the plan file: pydantic validates
``data/plan.yaml`` against them, and the JSON Schema editors use in their IDE is
generated from them (``python -m generator schema``). Everything that can be
derived (numbering, counts, cited documents, assignments) is computed here and
never stored in the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from generator.numerals import chinese_numeral

#: A non-empty string with no surrounding white space.
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]

#: The phrase that closes a responsibility line in the standard form.
DEFAULT_CLOSING = "按职责分工分别负责"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Publication(_Frozen):
    """Facts about the document and its publication (shown on every page)."""

    title: Text = Field(description="文件标题，如“渭南市2024年法治政府建设工作要点”。")
    article_title: str | None = Field(default=None, description="发布该文件的网页文章标题（可选）。")
    issuer: Text = Field(description="制定印发机关，如“渭南市”。")
    source: Text = Field(description="发布机构/来源，如“渭南市司法局”。")
    issued: dt.date = Field(description="印发日期，格式 YYYY-MM-DD。")
    published: dt.date = Field(description="发布日期，格式 YYYY-MM-DD，不早于印发日期。")
    summary: tuple[Text, ...] = Field(default=(), description="发布文章中的说明段落，逐段照录原文。")
    editor: str | None = Field(default=None, description="责任编辑（原文给出时填写）。")
    index_number: str | None = Field(default=None, description="索引号。原文未给出时留空，不得编造。")
    document_number: str | None = Field(default=None, description="文号。原文未给出时留空，不得编造。")
    subject: str | None = Field(default=None, description="主题分类。原文未给出时留空。")
    validity: str | None = Field(default=None, description="有效性。原文未给出时留空。")


TargetKind = Literal["ratio", "count", "deadline", "frequency"]

TARGET_KIND_LABELS: dict[str, str] = {
    "ratio": "比率",
    "count": "数量",
    "deadline": "时限",
    "frequency": "频次",
}


class Target(_Frozen):
    """A quantified target or time limit, anchored to the exact phrase it comes from."""

    phrase: Text = Field(description="原文中的确切措辞，必须出现在该任务正文中。")
    kind: TargetKind = Field(description="类型：ratio 比率、count 数量、deadline 时限、frequency 频次。")
    value: float | None = Field(default=None, description="数值，如 100、60、2。")
    unit: str | None = Field(default=None, description="单位，如 %、学时、次、期。")
    qualifier: str | None = Field(default=None, description="限定词，如 以上、不少于、至少。")
    due: dt.date | None = Field(default=None, description="时限的截止日期（deadline 类型）。")
    frequency: str | None = Field(default=None, description="频次，如 每年、每季度、每半年。")


class Task(_Frozen):
    """One task: title, full text and who answers for it, exactly as written."""

    title: Text = Field(description="任务标题（不含编号和句号）。")
    text: Text = Field(description="任务正文，逐字照录。")
    responsible: tuple[Text, ...] = Field(
        min_length=1,
        description="责任单位，按原文顺序列出单位名称；名称须在 units 中登记。",
    )
    closing: str = Field(
        default=DEFAULT_CLOSING, description="责任单位列表后的结语，如“按职责分工分别负责”。"
    )
    targets: tuple[Target, ...] = Field(default=(), description="量化指标和时限。")


class Section(_Frozen):
    """One of the plan's parts (一、二、…) with its tasks."""

    title: Text = Field(description="部分标题（不含编号）。")
    tasks: tuple[Task, ...] = Field(min_length=1, description="本部分的任务。")


class Unit(_Frozen):
    """A responsible body: a named unit or a collective group."""

    name: Text = Field(description="单位名称，与任务中的写法完全一致。")
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")] = Field(
        description="网址中使用的稳定标识：小写字母、数字和连字符，如 shisifaju。"
    )
    category: Text = Field(description="类别，如 市委部门、市政府工作部门、司法机关、统称。")
    collective: bool = Field(default=False, description="是否为统称（如“市政府有关部门”），而非具体单位。")
    note: str | None = Field(default=None, description="说明（可选），如统称所指的范围。")


class Plan(_Frozen):
    """The whole plan file."""

    publication: Publication = Field(description="文件和发布信息。")
    preamble: tuple[Text, ...] = Field(description="序言段落，逐字照录。")
    sections: tuple[Section, ...] = Field(min_length=1, description="各方面（一、二、……），按原文顺序。")
    units: tuple[Unit, ...] = Field(min_length=1, description="责任单位登记表。")

    # -- derived views -------------------------------------------------------

    @cached_property
    def tasks(self) -> tuple[TaskRef, ...]:
        """Every task in order, numbered across the whole plan from 1."""
        refs: list[TaskRef] = []
        for s_index, section in enumerate(self.sections, start=1):
            for task in section.tasks:
                refs.append(TaskRef(number=len(refs) + 1, section=s_index, task=task))
        return tuple(refs)

    @cached_property
    def units_by_name(self) -> dict[str, Unit]:
        return {unit.name: unit for unit in self.units}

    def tasks_of_section(self, number: int) -> tuple[TaskRef, ...]:
        return self._tasks_by_section.get(number, ())

    @cached_property
    def _tasks_by_section(self) -> dict[int, tuple[TaskRef, ...]]:
        index: dict[int, list[TaskRef]] = {}
        for ref in self.tasks:
            index.setdefault(ref.section, []).append(ref)
        return {number: tuple(refs) for number, refs in index.items()}

    def tasks_of_unit(self, name: str) -> tuple[TaskRef, ...]:
        return self._tasks_by_unit.get(name, ())

    @cached_property
    def _tasks_by_unit(self) -> dict[str, tuple[TaskRef, ...]]:
        index: dict[str, list[TaskRef]] = {unit.name: [] for unit in self.units}
        for ref in self.tasks:
            for name in ref.task.responsible:
                index.setdefault(name, []).append(ref)
        return {name: tuple(refs) for name, refs in index.items()}

    def assignments(self) -> Iterator[tuple[Unit, TaskRef]]:
        """Every (unit, task) pair in which the unit answers for the task."""
        for ref in self.tasks:
            for name in ref.task.responsible:
                yield self.units_by_name[name], ref

    def responsibility_line(self, task: Task) -> str:
        """The responsibility as written, e.g. ``市司法局,市政府有关部门按职责分工分别负责``."""
        return join_responsible(task.responsible, self._collective_names) + task.closing

    @cached_property
    def _collective_names(self) -> set[str]:
        return {unit.name for unit in self.units if unit.collective}

    @cached_property
    def categories(self) -> tuple[str, ...]:
        """Unit categories in the order they first appear in the registry."""
        return tuple(dict.fromkeys(unit.category for unit in self.units))


@dataclass(frozen=True)
class TaskRef:
    """A task with its place in the plan."""

    number: int
    """Position across the whole plan, from 1."""
    section: int
    """Number of the section the task belongs to, from 1."""
    task: Task

    @property
    def label(self) -> str:
        """The task's numbering as written, e.g. ``(十二)``."""
        return f"({chinese_numeral(self.number)})"

    @property
    def title(self) -> str:
        return self.task.title


def section_label(number: int) -> str:
    """A section's numbering as written, e.g. ``三、``."""
    return f"{chinese_numeral(number)}、"


def join_responsible(names: tuple[str, ...], collective: set[str]) -> str:
    """Join responsible bodies as the standard form writes them.

    Consecutive named units are separated by 、; a collective group is set off
    from its neighbours by a comma.
    """
    parts: list[str] = []
    previous_named = False
    for name in names:
        named = name not in collective
        if parts:
            parts.append("、" if (named and previous_named) else ",")
        parts.append(name)
        previous_named = named
    return "".join(parts)
