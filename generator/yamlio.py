"""YAML in and out: every value read with its position, and data written readably.

Reading (:func:`read_yaml`): UTF-8 text only, every value with its line and column, and a file
refused at once, before anything can grow without bound, when it holds what only a hostile file
holds (aliases, tags, deep nesting). Every problem is a :class:`~generator.errors.Problem` in
Chinese. Writing (:func:`dump_plan_data`, :func:`dump_text_data`): block style, no aliases,
Chinese as is, in the key order given.
"""

from __future__ import annotations

from typing import Any

import yaml

from generator.errors import InputError, Positions, Problem, YamlPath, format_path

SCHEMA_FILE = "plan.schema.json"


class _Dumper(yaml.SafeDumper):
    """Block style, no aliases, Chinese left as is."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _none(dumper: yaml.SafeDumper, _: None) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:null", "")


_Dumper.add_representer(type(None), _none)


class _TextDumper(_Dumper):
    """As :class:`_Dumper`, with multi-line text as a literal block (paragraphs stay readable)."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_TextDumper.add_representer(str, _text)


def dump_plan_data(data: dict[str, Any], schema: str = SCHEMA_FILE) -> str:
    """Plan data as the importer writes it, after the schema line editors' IDEs read."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9, indent=2)
    return f"# yaml-language-server: $schema={schema}\n{body}"


def dump_text_data(data: dict[str, Any]) -> str:
    """Data whose texts have several paragraphs (a round file), paragraphs as literal blocks."""
    return yaml.dump(data, Dumper=_TextDumper, allow_unicode=True, sort_keys=False, width=10**9, indent=2)


def decode(raw: bytes, filename: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
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

    Syntax errors, aliases, tags and deep nesting raise :class:`InputError` at once:
    nothing after them can be trusted, and refusing them before they are composed
    keeps a hostile file from exhausting memory or the stack.
    """
    try:
        node = _compose(text)
    except _Refused as exc:
        raise InputError([Problem(filename, exc.line, exc.column, "", exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        raise InputError([_syntax_problem(exc, filename)]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        message = f"含有不允许的字符（#x{exc.character:04x}），文件可能已损坏或不是文本文件。请用文本编辑器打开检查。"
        raise InputError([Problem(filename, line, None, "", message)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every YAML error above carries a mark
        raise InputError([Problem(filename, None, None, "", f"YAML 无法解析：{exc}")]) from None
    positions: Positions = {}
    problems: list[Problem] = []
    if node is None:
        return None, positions, problems
    data = _construct(node, (), positions, problems, filename)
    return data, positions, problems


def _syntax_problem(exc: yaml.MarkedYAMLError, filename: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if "quoted scalar" in (exc.context or "") and exc.context_mark:
        mark = exc.context_mark  # where the unclosed quote opens, not the end of the file
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return Problem(filename, line, column, "", _syntax_message(exc))


#: Plans are a few levels deep (sections → tasks → targets → field); anything deeper is not a plan.
MAX_DEPTH = 20


#: The only tags a plan may spell out: the standard scalar ones.
ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)


_TOO_DEEP = (
    f"嵌套层次过深（超过 {MAX_DEPTH} 层）。计划文件只有几层缩进：请检查是否误粘贴了其他内容或多余的括号。"
)


class _Refused(Exception):
    """A construct plans never need, refused before it is composed."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = mark.line + 1, mark.column + 1, message


class _PlanLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases, anchors, tags and deep nesting as it composes.

    Checked on each event before the node is built, so neither an alias bomb
    ("billion laughs") nor thousands of nested brackets get anywhere.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._depth = 0

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:
        # Refused as the scanner reads the bracket: each open bracket makes the scanner look up
        # to 1,024 characters ahead, so waiting for the composer would cost a noticeable moment.
        if self.flow_level >= MAX_DEPTH:
            raise _Refused(self.get_mark(), _TOO_DEEP)
        super().fetch_flow_collection_start(TokenClass)

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        _check_event(event)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(event.start_mark, _TOO_DEEP)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _check_event(event: yaml.Event) -> None:
    if isinstance(event, yaml.AliasEvent):
        raise _Refused(
            event.start_mark,
            f"不允许使用 YAML 别名“*{event.anchor}”。计划文件中请把内容直接写出，不要引用别处。",
        )
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        raise _Refused(
            event.start_mark,
            f"不允许使用 YAML 锚点“&{anchor}”。计划文件中请把内容直接写出，删除“&{anchor}”。",
        )
    tag = getattr(event, "tag", None)
    if tag is not None and tag not in ALLOWED_TAGS:
        shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
        raise _Refused(
            event.start_mark,
            f"不允许使用 YAML 标签“{shown}”。计划文件只写普通的文本、数字和日期：请删除该标签。",
        )


def _compose(text: str) -> yaml.Node | None:
    loader = _PlanLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


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


def shape_message(err: Any) -> str:
    kind = err["type"]
    loc = err["loc"]
    field = loc[-1] if loc else ""
    ctx = err.get("ctx") or {}
    given = err.get("input")
    if field == "continues" and kind in {"string_type", "string_pattern_mismatch"}:
        return (
            f"“{given}”不是有效的写法。请写成“年份-任务序号”，如 2024-15（2024年计划的第15项任务）："
            "四位数的年份、半角连字符“-”、从 1 起的任务序号（不以 0 开头）。"
        )
    if field == "year" and kind in {"greater_than_equal", "less_than_equal"}:
        return f"“{given}”不是四位数的年份。请写成如 2025 的年份。"
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
    if kind == "greater_than_equal":
        return "不能是负数。"
    if kind == "finite_number":
        return "应为有限的数字（不能是 .nan 或 .inf）。"
    if kind == "string_pattern_mismatch" and field == "source_url":
        return "应为以 http:// 或 https:// 开头、不含空格的网址。"
    if kind == "string_pattern_mismatch":
        return "只能包含小写字母、数字和连字符（如 shisifaju、shi-si-fa-ju）。"
    if kind.startswith("bool"):
        return "应为 true 或 false。"
    if kind.startswith(("float", "int")):
        return f"应为数字，而不是“{given}”。"
    return f"值不符合要求（{err['msg']}）。请对照 data/plan.schema.json 修改。"
