"""The plan as typed, immutable objects.

These classes are the single declaration of the plan file: pydantic validates
``data/plan.yaml`` against them, and the JSON Schema editors use in their IDE is
generated from them (``python -m generator schema``). Everything that can be
derived (numbering, counts, cited documents, assignments) is computed here and
never stored in the file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from generator.plan.numerals import chinese_numeral

#: A non-empty string with no surrounding white space.
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]

#: An http(s) address.
HttpUrlText = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$")]

#: The phrase that closes a responsibility line in the standard form.
DEFAULT_CLOSING = "按职责分工分别负责"

#: The brackets a source may put around its 责任单位, opening and closing; the first is the standard form's.
Brackets = Literal["[]", "〔〕", "【】", "［］"]
RESPONSIBILITY_BRACKETS: tuple[str, ...] = get_args(Brackets)

#: A 通知's date as its 落款 writes it: ``2025年4月29日``.
NOTICE_DATE_RE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


def notice_date(text: str) -> dt.date | None:
    """The date a 落款 like ``2025年4月29日`` names, or None if it is not written that way."""
    m = NOTICE_DATE_RE.match(text)
    if m is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


# -- provenance ---------------------------------------------------------------
#
# Every field is either verbatim source text (原文) or our reading of it (本站整理:
# categories, explanations, target kinds and values, derived dates, slugs). The
# marker is exported in the JSON Schema as ``x-provenance`` and drives how pages,
# plan.json and the workbook mark editorial content.

Provenance = Literal["source", "editorial"]
PROVENANCE_KEY = "x-provenance"


def verbatim(description: str, **kwargs: Any) -> Any:
    """A field copied verbatim from the published source (原文)."""
    return Field(description=description, json_schema_extra={PROVENANCE_KEY: "source"}, **kwargs)


def editorial(description: str, **kwargs: Any) -> Any:
    """A field that is our reading of the source (本站整理), never the government's words."""
    return Field(description=description, json_schema_extra={PROVENANCE_KEY: "editorial"}, **kwargs)


def provenance(model: type[BaseModel], name: str) -> Provenance:
    """Whether a model field is verbatim source or editorial."""
    extra = model.model_fields[name].json_schema_extra
    value = extra.get(PROVENANCE_KEY) if isinstance(extra, dict) else None
    if value not in ("source", "editorial"):
        raise TypeError(f"{model.__name__}.{name} declares no provenance")
    return value  # type: ignore[return-value]


class Notice(_Frozen):
    """The 通知 that issued the plan, when the plan was published as its attachment (印发通知)."""

    title: Text = verbatim("通知标题，如“渭南市人民政府关于印发《……》的通知”。")
    addressees: Text = verbatim("主送机关，照录原文（含末尾冒号），如“各县（市、区）人民政府，……：”。")
    body: tuple[Text, ...] = verbatim("通知正文，逐段照录。", min_length=1)
    issuer: Text = verbatim("落款中的发文机关署名，如“渭南市人民政府”。")
    date_text: Text = verbatim("落款中的成文日期，照录原文，如“2025年4月29日”。")
    note: str | None = verbatim("落款后的附注，如“（此件公开发布）”（原文有时填写）。", default=None)


class Publication(_Frozen):
    """Facts about the document and its publication (shown on every page)."""

    title: Text = verbatim("文件标题，如“渭南市2024年法治政府建设工作要点”。")
    article_title: str | None = verbatim("发布该文件的网页文章标题（可选）。", default=None)
    issuer: Text = verbatim("制定印发机关，照录原文，如“渭南市”（原文：“渭南市……制定印发了”）。")
    source: Text = verbatim("文章来源，照录原文“来源:”后的文字，如“渭南市司法局”。")
    issued_text: str | None = verbatim("原文对印发日期的写法，如“4月18日”（页面照此显示）。", default=None)
    issued: dt.date = editorial("印发日期，格式 YYYY-MM-DD。原文只写月日时，年份由发布日期推定，属本站整理。")
    published: dt.date = verbatim("发布时间，照录原文“时间:”，格式 YYYY-MM-DD，不早于印发日期。")
    summary: tuple[Text, ...] = verbatim("发布文章中的说明段落，逐段照录原文。", default=())
    editor: str | None = verbatim("责任编辑（原文给出时填写）。", default=None)
    notice: Notice | None = verbatim(
        "印发通知：计划作为通知的附件印发时填写，主送、正文和落款逐字照录（全文和 plan.txt 先输出通知）。",
        default=None,
    )
    responsibility_brackets: Brackets = verbatim(
        "原文括住责任单位的括号：[]、〔〕、【】或［］（全文和 plan.txt 照此输出）。", default="[]"
    )
    index_number: str | None = verbatim("索引号。原文未给出时留空，不得编造。", default=None)
    document_number: str | None = verbatim("文号。原文未给出时留空，不得编造。", default=None)
    subject: str | None = verbatim("主题分类。原文未给出时留空。", default=None)
    validity: str | None = verbatim("有效性。原文未给出时留空。", default=None)
    source_url: HttpUrlText | None = editorial(
        "原文网址（编辑核实后填写，以 http:// 或 https:// 开头），页面显示为“原文链接”。", default=None
    )
    year: Annotated[int, Field(ge=1000, le=9999)] | None = editorial(
        "计划所属的年份，如 2025。只有标题没有写明年份时才由编辑填写（标题如“渭南市2025年法治政府建设工作要点”"
        "已写明年份时不要填写）；与标题中的年份不一致时校验报错。",
        default=None,
    )


#: The year a title gives: its first four digits followed by 年 (渭南市2024年… → 2024).
TITLE_YEAR = re.compile(r"(?<!\d)(\d{4})年")


def title_year(title: str) -> int | None:
    """The year written in a plan's title, if it gives one."""
    found = TITLE_YEAR.search(title)
    return int(found.group(1)) if found else None


def plan_year(publication: Publication) -> int | None:
    """The plan's year: the one its title gives, else the editor's ``year``; None if neither."""
    from_title = title_year(publication.title)
    return from_title if from_title is not None else publication.year


#: What each field of a target's reading is called where it is shown (pages, workbook, /changes/).
TARGET_FIELD_LABELS: dict[str, str] = {
    "kind": "类型",
    "value": "数值",
    "unit": "单位",
    "qualifier": "限定",
    "frequency": "频次",
    "scope": "范围",
    "period": "时限",
    "due": "截止日期",
}

TargetKind = Literal["ratio", "count", "deadline", "frequency"]

TARGET_KIND_LABELS: dict[str, str] = {
    "ratio": "比率",
    "count": "数量",
    "deadline": "时限",
    "frequency": "频次",
}

#: Target fields that must be the source's own words, found inside the target's phrase.
TARGET_WORDS = ("qualifier", "frequency", "scope", "period", "unit")


class Target(_Frozen):
    """A quantified target or time limit: the exact phrase, and our reading of it.

    The reading never rewrites the requirement: its words (qualifier, frequency,
    scope, period, unit) are the source's own and must occur in ``phrase``; a
    calendar date appears only when an editor enters ``due`` explicitly.
    """

    phrase: Text = verbatim("原文中的确切措辞，必须出现在该任务正文中。")
    kind: TargetKind = editorial("本站归纳的类型：ratio 比率、count 数量、deadline 时限、frequency 频次。")
    value: float | None = editorial(
        "本站读出的数值，如 100、60、2；必须是 phrase 中写明的数字。", default=None, ge=0, allow_inf_nan=False
    )
    unit: str | None = editorial("原文中的计量单位，如 %、学时、次、期；必须出现在 phrase 中。", default=None)
    qualifier: str | None = editorial(
        "原文中的限定词，如 以上、不少于、至少；必须出现在 phrase 中。", default=None
    )
    frequency: str | None = editorial(
        "原文中的频次或周期，如 每年、每季度、每人每年；必须出现在 phrase 中。", default=None
    )
    scope: str | None = editorial("原文中的适用范围，如 任期内；必须出现在 phrase 中。", default=None)
    period: str | None = editorial(
        "原文对时限的写法，如 6月底前、第一季度、年底前；必须出现在 phrase 中。时限类指标必填。",
        default=None,
    )
    due: dt.date | None = editorial(
        "截止日期（YYYY-MM-DD）。原文只写时段时不要填写；只有编辑确认了具体日期才填写，页面标为本站整理。",
        default=None,
    )


#: How a task names the task of an earlier plan it continues: the year, a hyphen, the task's number.
CONTINUES_PATTERN = r"^[0-9]{4}-[1-9][0-9]*$"


def continues_ref(year: int, number: int) -> str:
    """The ``continues`` value naming task ``number`` of the ``year`` plan, e.g. ``2024-15``."""
    return f"{year}-{number}"


def parse_continues(value: str) -> tuple[int, int]:
    """``2024-15`` → ``(2024, 15)``; the value must match :data:`CONTINUES_PATTERN`."""
    year, number = value.split("-")
    return int(year), int(number)


class Task(_Frozen):
    """One task: title, full text and who answers for it, exactly as written."""

    title: Text = verbatim("任务标题（不含编号和句号）。")
    text: Text = verbatim("任务正文，逐字照录。")
    responsible: tuple[Text, ...] = verbatim(
        "责任单位，按原文顺序列出单位名称；名称须在 units 中登记。", min_length=1
    )
    closing: str = verbatim("责任单位列表后的结语，如“按职责分工分别负责”。", default=DEFAULT_CLOSING)
    targets: tuple[Target, ...] = editorial("量化指标和时限（本站整理，措辞 phrase 照录原文）。", default=())
    continues: Annotated[str, StringConstraints(pattern=CONTINUES_PATTERN)] | None = editorial(
        "本站整理：本任务延续的往年计划中的任务，写成“年份-任务序号”，如 2024-15 表示2024年计划的第15项任务"
        "（序号即官方引用的“第十五项”，按全文从 1 起连续编号）。年份必须早于本计划的年份。"
        "可先用 python -m generator link 生成建议，复核后填写。",
        default=None,
    )


class Section(_Frozen):
    """One of the plan's parts (一、二、…) with its tasks."""

    title: Text = verbatim("部分标题（不含编号）。")
    tasks: tuple[Task, ...] = verbatim("本部分的任务。", min_length=1)


class Unit(_Frozen):
    """A responsible body: a named unit or a collective group."""

    name: Text = verbatim("单位名称，与任务中的写法完全一致。")
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")] = editorial(
        "网址中使用的稳定标识：小写字母、数字和连字符，如 shisifaju。"
    )
    category: Text = editorial("本站归纳的类别，如 市委部门、市政府工作部门、司法机关、统称。")
    collective: bool = editorial("本站判断：是否为统称（如“市政府有关部门”），而非具体单位。", default=False)
    note: str | None = editorial("本站的说明（可选），如对统称所指范围的理解。", default=None)


class Plan(_Frozen):
    """The whole plan file."""

    publication: Publication = verbatim("文件和发布信息。")
    preamble: tuple[Text, ...] = verbatim("序言段落，逐字照录。")
    sections: tuple[Section, ...] = verbatim("各方面（一、二、……），按原文顺序。", min_length=1)
    units: tuple[Unit, ...] = verbatim("责任单位登记表（名称照录原文，其余字段为本站整理）。", min_length=1)

    # -- derived views -------------------------------------------------------

    @property
    def year(self) -> int:
        """The plan's year (:func:`plan_year`); the loader refuses a plan that gives none."""
        year = plan_year(self.publication)
        if year is None:
            raise ValueError("the plan gives no year: its title has none and publication.year is unset")
        return year

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

    def responsibility_text(self, task: Task) -> str:
        """The responsibility in its brackets, as the task's line ends: ``[责任单位:…]``."""
        opening, closing = self.publication.responsibility_brackets
        return f"{opening}责任单位:{self.responsibility_line(task)}{closing}"

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


@dataclass(frozen=True)
class FieldInfo:
    """One leaf field of the plan file, with where it comes from."""

    path: str
    """E.g. ``units[].category``."""
    provenance: Provenance
    description: str


def plan_fields(model: type[BaseModel] | None = None, prefix: str = "") -> list[FieldInfo]:
    """Every leaf field of the plan file in declaration order, with its provenance."""
    result: list[FieldInfo] = []
    for name, info in (model or Plan).model_fields.items():
        path = f"{prefix}.{name}" if prefix else name
        nested, many = _nested_model(info.annotation)
        if nested is not None:
            result += plan_fields(nested, f"{path}[]" if many else path)
        else:
            result.append(FieldInfo(path, provenance(model or Plan, name), info.description or ""))
    return result


def _nested_model(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model inside ``Model``, ``tuple[Model, ...]`` or ``Model | None``, and whether it repeats."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    args = [a for a in get_args(annotation) if a is not type(None) and a is not Ellipsis]
    if len(args) == 1:
        inner, _ = _nested_model(args[0])
        return inner, get_origin(annotation) is tuple
    return None, False
