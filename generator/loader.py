"""Load and validate ``data/plan.yaml``: syntax, shape and meaning, every problem at once.

The YAML is composed into nodes first so that each value keeps its line and
column; duplicate keys are refused there. The shape is checked by the pydantic
model, the meaning by :func:`check_meaning`. Every problem found is reported
together in a :class:`~generator.errors.PlanError`, in Chinese, with
``file:line:column: YAML path`` in front.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.errors import PlanError, Problem
from generator.model import TARGET_WORDS, Plan, Target

YamlPath = tuple[str | int, ...]
#: 1-based (line, column) of each value in the file, by YAML path.
Positions = dict[YamlPath, tuple[int, int]]


def load_plan(path: str | Path) -> Plan:
    """Read, parse and validate a plan file; raise :class:`PlanError` on any problem."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PlanError([Problem(name, None, None, "", "找不到文件。请检查路径是否正确。")]) from None
    except IsADirectoryError:
        raise PlanError([Problem(name, None, None, "", "这是一个目录，不是计划文件。")]) from None
    except OSError as exc:
        raise PlanError([Problem(name, None, None, "", f"无法读取文件：{exc.strerror}。")]) from None
    return parse_plan(raw, name)


def parse_plan(raw: bytes | str, filename: str = "plan.yaml") -> Plan:
    """Parse plan YAML given as bytes or text; raise :class:`PlanError` on any problem."""
    text = _decode(raw, filename) if isinstance(raw, bytes) else raw
    data, positions, problems = read_yaml(text, filename)
    if not isinstance(data, dict):
        kind = "空文件" if data is None else _kind_of(data)
        hint = (
            "文件为空。请填写计划内容，可参照 data/plan.yaml 的结构。"
            if data is None
            else f"文件顶层应为映射（publication、preamble、sections、units 等字段），而不是{kind}。"
        )
        raise PlanError([Problem(filename, *positions.get((), (1, 1)), "", hint)])
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        # A value already reported while reading (a bad date, a duplicate key) is not reported twice.
        reported = {p.path for p in problems}
        problems += [p for p in _shape_problems(exc, filename, positions) if p.path not in reported]
        raise PlanError(problems) from None
    problems += check_meaning(plan, filename, positions)
    if problems:
        raise PlanError(problems)
    return plan


# -- reading YAML with positions ----------------------------------------------


def _decode(raw: bytes, filename: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise PlanError(
            [
                Problem(
                    filename,
                    line,
                    None,
                    "",
                    "文件不是 UTF-8 编码（或含有无法识别的字节）。请在编辑器中以 UTF-8 编码另存后重试。",
                )
            ]
        ) from None


def read_yaml(text: str, filename: str) -> tuple[Any, Positions, list[Problem]]:
    """Parse one YAML document into plain Python data, the position of every value and
    the problems found in single values (duplicate keys, impossible dates).

    Syntax errors raise :class:`PlanError` at once: nothing after them can be trusted.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "quoted scalar" in (exc.context or "") and exc.context_mark:
            mark = exc.context_mark  # where the unclosed quote opens, not the end of the file
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise PlanError([Problem(filename, line, column, "", _syntax_message(exc))]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise PlanError(
            [
                Problem(
                    filename,
                    line,
                    None,
                    "",
                    f"含有不允许的字符（#x{exc.character:04x}），文件可能已损坏或不是文本文件。"
                    "请用文本编辑器打开检查。",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every YAML error above carries a mark
        raise PlanError([Problem(filename, None, None, "", f"YAML 无法解析：{exc}")]) from None
    positions: Positions = {}
    problems: list[Problem] = []
    if node is None:
        return None, positions, problems
    data = _construct(node, (), positions, problems, filename)
    return data, positions, problems


_CONSTRUCTOR = yaml.SafeLoader("")


def _construct(
    node: yaml.Node, path: YamlPath, positions: Positions, problems: list[Problem], filename: str
) -> Any:
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key, str):
                problems.append(Problem(filename, *where, format_path(path), "键必须是简单文本。"))
                continue
            if key in result:
                first = positions.get((*path, key), ("?", "?"))
                problems.append(
                    Problem(
                        filename,
                        *where,
                        format_path((*path, key)),
                        f"重复的键“{key}”（第 {first[0]} 行已出现）。请删除或合并其中一个。",
                    )
                )
                continue
            result[key] = _construct(value_node, (*path, key), positions, problems, filename)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, (*path, i), positions, problems, filename) for i, item in enumerate(node.value)
        ]
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except (ValueError, yaml.constructor.ConstructorError):
        problems.append(
            Problem(
                filename,
                *positions[path],
                format_path(path),
                f"“{node.value}”不是有效的日期或数值。日期请写成 YYYY-MM-DD，如 2024-04-20。",
            )
        )
        return None


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if "quoted scalar" in (exc.context or ""):
        return "引号没有闭合：从此处开始的引号一直到文件末尾都没有结束。请补上配对的引号。"
    if "'\\t'" in problem or "\t" in problem:
        return "使用了制表符（Tab）缩进。YAML 只能用空格缩进：请把 Tab 换成空格。"
    if "end of stream" in problem:
        return "文件意外结束：可能被截断，或引号、括号没有闭合。请检查文件末尾。"
    if "expected a single document" in (exc.context or ""):
        return "文件中只能有一个 YAML 文档（不要使用 “---” 分隔多个文档）。"
    if "mapping values are not allowed" in problem:
        return "此处不能出现“键: 值”。通常是缩进不对，或文本中含有“: ”却没有加引号。"
    if "could not find expected ':'" in problem:
        return "缺少冒号“:”。每个字段应写成“键: 值”。请检查此行及上一行。"
    return f"YAML 语法错误（{problem or exc.context}）。请检查此行及上一行的缩进、冒号、引号和“- ”列表标记。"


def format_path(path: Iterable[str | int]) -> str:
    """``('sections', 0, 'title')`` → ``sections[0].title``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _position(positions: Positions, path: YamlPath) -> tuple[int | None, int | None]:
    for end in range(len(path), -1, -1):
        if path[:end] in positions:
            return positions[path[:end]]
    return None, None


def _kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, str):
        return "文本"
    if value is None:
        return "空值"
    return "数值或日期"


# -- shape: pydantic errors in Chinese -----------------------------------------


def _shape_problems(exc: ValidationError, filename: str, positions: Positions) -> Iterable[Problem]:
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        yield Problem(filename, *_position(positions, loc), format_path(loc), _shape_message(err))


def _shape_message(err: Any) -> str:
    kind = err["type"]
    loc = err["loc"]
    field = loc[-1] if loc else ""
    ctx = err.get("ctx") or {}
    given = err.get("input")
    if kind == "missing":
        return f"缺少必填字段“{field}”。请补上该字段。"
    if kind == "extra_forbidden":
        return f"未知字段“{field}”。请检查拼写，或删除该字段（可用字段见 data/plan.schema.json）。"
    if kind == "string_too_short":
        return "不能为空。请填写内容。"
    if kind == "too_short":
        return f"至少需要 {ctx.get('min_length', 1)} 项。"
    if kind in {"string_type"}:
        return f"应为文本，而不是{_kind_of(given)}。"
    if kind in {"tuple_type", "list_type"}:
        return f"应为列表（每项以“- ”开头），而不是{_kind_of(given)}。"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"应为映射（“键: 值”的形式），而不是{_kind_of(given)}。"
    if kind.startswith("date"):
        return f"“{given}”不是有效日期。请写成 YYYY-MM-DD，如 2024-04-20。"
    if kind == "literal_error":
        return f"只能是 {ctx.get('expected', '')} 之一。"
    if kind == "string_pattern_mismatch":
        return "只能包含小写字母、数字和连字符（如 shisifaju、shi-si-fa-ju）。"
    if kind.startswith("bool"):
        return "应为 true 或 false。"
    if kind.startswith(("float", "int")):
        return f"应为数字，而不是“{given}”。"
    return f"值不符合要求（{err['msg']}）。请对照 data/plan.schema.json 修改。"


# -- meaning -------------------------------------------------------------------


def check_meaning(plan: Plan, filename: str, positions: Positions) -> Iterable[Problem]:
    """Checks that need the whole plan: references, uniqueness, targets, dates."""

    def at(path: YamlPath, message: str) -> Problem:
        return Problem(filename, *_position(positions, path), format_path(path), message)

    pub = plan.publication
    if pub.published < pub.issued:
        yield at(
            ("publication", "published"),
            f"发布日期 {pub.published} 早于印发日期 {pub.issued}。请核对两个日期。",
        )
    for key in ("title", "issuer", "source"):
        if not getattr(pub, key).strip():
            yield at(("publication", key), "不能只有空白。请填写内容。")

    seen_names: dict[str, int] = {}
    seen_slugs: dict[str, int] = {}
    for i, unit in enumerate(plan.units):
        if unit.name in seen_names:
            yield at(
                ("units", i, "name"),
                f"单位名称“{unit.name}”重复登记（units[{seen_names[unit.name]}] 已有）。请删除其中一个。",
            )
        seen_names.setdefault(unit.name, i)
        if unit.slug in seen_slugs:
            yield at(
                ("units", i, "slug"),
                f"标识“{unit.slug}”已被 units[{seen_slugs[unit.slug]}] 使用。每个单位的 slug 必须不同。",
            )
        seen_slugs.setdefault(unit.slug, i)

    for i, text in enumerate(plan.preamble):
        if not text.strip():
            yield at(("preamble", i), "序言段落不能只有空白。")

    used: set[str] = set()
    known = list(seen_names)
    task_index = 0
    for s, section in enumerate(plan.sections):
        if not section.title.strip():
            yield at(("sections", s, "title"), "部分标题不能只有空白。请填写标题。")
        for t, task in enumerate(section.tasks):
            task_index += 1
            base: YamlPath = ("sections", s, "tasks", t)
            for key in ("title", "text"):
                if not getattr(task, key).strip():
                    yield at(
                        (*base, key),
                        f"第 {task_index} 项任务的{'标题' if key == 'title' else '正文'}不能只有空白。",
                    )
            listed: set[str] = set()
            for r, name in enumerate(task.responsible):
                used.add(name)
                if name in listed:
                    yield at((*base, "responsible", r), f"责任单位“{name}”在本任务中重复列出。请删除重复项。")
                listed.add(name)
                if name not in seen_names:
                    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
                    hint = f"是否想写：{'、'.join(close)}？" if close else ""
                    yield at(
                        (*base, "responsible", r),
                        f"未登记的责任单位“{name}”。{hint}请改为 units 中已登记的名称，或先在 units 中登记该单位。",
                    )
            for g, target in enumerate(task.targets):
                tpath = (*base, "targets", g)
                if target.phrase not in task.text:
                    yield at(
                        (*tpath, "phrase"),
                        f"指标措辞“{target.phrase}”没有出现在第 {task_index} 项任务的正文中。请照正文逐字填写。",
                    )
                yield from _target_problems(target, tpath, at)
                if target.kind in {"ratio", "count"} and target.value is None:
                    yield at(
                        tpath, f"{'比率' if target.kind == 'ratio' else '数量'}类指标必须填写数值 value。"
                    )

    for i, unit in enumerate(plan.units):
        if unit.name not in used:
            yield at(
                ("units", i, "name"),
                f"单位“{unit.name}”已登记但没有任何任务引用。请删除该登记，或在任务的 responsible 中引用它。",
            )


def _target_problems(
    target: Target, path: YamlPath, at: Callable[[YamlPath, str], Problem]
) -> Iterable[Problem]:
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
