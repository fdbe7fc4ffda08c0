"""Checks on every string of the raw plan data: invisible characters and implausible lengths.

These run on the data as read, before the model, so that every string of every
field is covered (a new field in the schema needs nothing here) and each
problem keeps its YAML path and position.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from generator.errors import Positions, Problem, YamlPath, format_path, position

#: Characters that are named rather than called by their category.
_NAMED = {
    "\t": "制表符（Tab）",
    "\r": "回车符",
    "\u00ad": "软连字符 U+00AD",
    "\u061c": "阿拉伯字母标记 U+061C",
    "\u200b": "零宽空格 U+200B",
    "\u200c": "零宽不连字 U+200C",
    "\u200d": "零宽连字 U+200D",
    "\u200e": "从左到右标记 U+200E",
    "\u200f": "从右到左标记 U+200F",
    "\u2028": "行分隔符 U+2028",
    "\u2029": "段分隔符 U+2029",
    "\u2060": "零宽不换行符 U+2060",
    "\ufeff": "零宽不换行空格（BOM）U+FEFF",
}
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
#: Letters that show as blank (Hangul fillers, braille blank) and variation selectors: a name that
#: contains one looks like another name.
_BLANK = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}
_SELECTORS = {chr(c) for c in (*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0))}


def invisible_name(ch: str) -> str | None:
    """A Chinese name for a control, format or direction character; ``None`` for ordinary text."""
    if ch == "\n":
        return None  # line breaks come from block scalars and are harmless
    if ch in _NAMED:
        return _NAMED[ch]
    if ch in _BIDI:
        return f"文字方向控制符 U+{ord(ch):04X}"
    if ch in _BLANK:
        return f"显示为空白的填充字符 U+{ord(ch):04X}"
    if ch in _SELECTORS:
        return f"异体字选择符 U+{ord(ch):04X}"
    category = unicodedata.category(ch)
    if category == "Cc":
        return f"控制字符 U+{ord(ch):04X}"
    if category in {"Cf", "Zl", "Zp", "Co", "Cs"}:
        return f"格式字符 U+{ord(ch):04X}"
    return None


def fold(text: str) -> str:
    """What a reader sees: NFKC-normalised, without invisible characters or white space."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and invisible_name(ch) is None)


def strings(data: Any, path: YamlPath = ()) -> Iterator[tuple[YamlPath, str]]:
    """Every string value in the data, with its YAML path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings(value, (*path, i))
    elif isinstance(data, str):
        yield path, data


def text_problems(data: Any, filename: str, positions: Positions) -> list[Problem]:
    """Refuse control, direction and zero-width characters in any text: a reader cannot see them."""
    problems = []
    for path, text in strings(data):
        found = [(i, name) for i, ch in enumerate(text) if (name := invisible_name(ch)) is not None]
        if not found:
            continue
        index, name = found[0]
        more = f"（共 {len(found)} 处）" if len(found) > 1 else ""
        problems.append(
            Problem(
                filename,
                *position(positions, path),
                format_path(path),
                f"第 {index + 1} 个字符是看不见的{name}{more}。这类字符会让文字显示得与实际内容不同："
                "请删除它（可整段重新输入）。",
            )
        )
    return problems


#: (path pattern, what it is, usual maximum length); ``int`` matches any list index.
_LENGTHS: list[tuple[tuple[Any, ...], str, int]] = [
    (("publication", "title"), "文件标题", 60),
    (("sections", int, "title"), "部分标题", 60),
    (("sections", int, "tasks", int, "title"), "任务标题", 60),
    (("sections", int, "tasks", int, "responsible", int), "单位名称", 30),
    (("units", int, "name"), "单位名称", 30),
]
#: No single field of a plan is longer than this; a longer one is a paste gone wrong.
MAX_FIELD_LENGTH = 5000


def _matches(path: YamlPath, pattern: tuple[Any, ...]) -> bool:
    return len(path) == len(pattern) and all(
        isinstance(part, int) if want is int else part == want
        for part, want in zip(path, pattern, strict=True)
    )


def length_warnings(data: Any, filename: str, positions: Positions) -> list[Problem]:
    """Warn (not refuse) about text much longer than such a field ever is."""
    warnings = []
    for path, text in strings(data):
        what, limit = next(
            ((w, n) for p, w, n in _LENGTHS if _matches(path, p)), ("该字段", MAX_FIELD_LENGTH)
        )
        if len(text) > limit:
            warnings.append(
                Problem(
                    filename,
                    *position(positions, path),
                    format_path(path),
                    f"{what}长达 {len(text)} 个字，通常不超过 {limit} 个字。是否把别的内容粘贴到了这里？请核对。",
                )
            )
    return warnings
