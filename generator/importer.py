"""Import a plan written in the standard 工作要点 form into plan data.

Accepts the article as published on a government site (navigation, 时间/来源,
summary paragraphs, 编辑 line and unrelated news around it) or the bare body;
UTF-8 (with or without BOM) or GB18030; CRLF; half- or full-width structural
punctuation; ``[…]``, ``〔…〕`` or ``【…】`` around 责任单位; ideographic-space
indentation. The result is a proposal (unit slugs and categories, targets) for
an editor to review; the texts themselves are kept verbatim.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pypinyin import lazy_pinyin

from generator.errors import PlanError, Problem
from generator.model import DEFAULT_CLOSING, join_responsible
from generator.numerals import parse_chinese_numeral

_NUM = "一二三四五六七八九十百千零〇两"
SECTION_RE = re.compile(rf"^([{_NUM}]+)[、，,．.]\s*(\S.*)$")
TASK_RE = re.compile(rf"^[(（]([{_NUM}]+)[)）]\s*(\S.*)$")
RESPONSIBILITY_RE = re.compile(r"[\[〔【［]\s*责任单位\s*[:：]\s*(.+?)\s*[\]〕】］]\s*$")
DATE_RE = re.compile(r"时间\s*[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})")
SOURCE_RE = re.compile(r"来源\s*[:：]\s*([^\s【\[]+)")
EDITOR_RE = re.compile(r"^[\[【［]?\s*编辑\s*[:：]\s*([^\]】］]+?)\s*[\]】］]?$")
ISSUED_RE = re.compile(r"(\d{1,2})月(\d{1,2})日[^。]{0,30}?印发")
CLOSING_RE = re.compile(r"(按职责(?:分工)?(?:分别)?负责|分别负责|牵头负责|负责)$")
ISSUER_RE = re.compile(r"^(.{1,12}?(?:省|自治区|市|县|区|州|盟|旗))(?:\d{4}|[^\d]{0,2}\d{4})")
YEAR_RE = re.compile(r"(\d{4})年")
WHITESPACE = " \t\u3000\u00a0\ufeff\u200b"


@dataclass
class ImportResult:
    """Plan data ready to be written as YAML, and what the editor should review."""

    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Line:
    number: int
    text: str


def decode_source(raw: bytes, filename: str) -> str:
    """Decode UTF-8 (with or without BOM), falling back to GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlanError(
        [Problem(filename, None, None, "", "无法识别文件编码。请另存为 UTF-8 或 GB18030 编码后重试。")]
    )


def import_source(
    raw: bytes,
    filename: str,
    *,
    issuer: str | None = None,
    source: str | None = None,
    issued: dt.date | None = None,
    published: dt.date | None = None,
) -> ImportResult:
    """Turn a source article into plan data; options fill facts the text lacks."""
    text = decode_source(raw, filename)
    lines = [
        _Line(i, line.strip(WHITESPACE))
        for i, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1)
    ]
    result = ImportResult(data={})
    warnings = result.warnings

    def fail(line: int | None, message: str) -> PlanError:
        return PlanError([Problem(filename, line, None, "", message)])

    first_section = next((i for i, ln in enumerate(lines) if SECTION_RE.match(ln.text)), None)
    if first_section is None:
        raise fail(None, "找不到“一、……”形式的部分标题。请确认这是一份标准格式的工作要点。")

    # Walk back from the first section: preamble paragraphs, then the title line.
    preamble: list[str] = []
    title_index = None
    for i in range(first_section - 1, -1, -1):
        content = lines[i].text
        if not content:
            continue
        if content.endswith("。") or len(content) > 60:
            preamble.insert(0, content)
            continue
        title_index = i
        break
    if title_index is None:
        raise fail(lines[first_section].number, "在第一个部分标题之前找不到文件标题行。")
    title = lines[title_index].text

    # Header: publication facts and summary paragraphs; everything else is skipped.
    facts: dict[str, Any] = {}
    summary: list[str] = []
    article_title = None
    header = lines[:title_index]
    for i, ln in enumerate(header):
        if not ln.text:
            continue
        if m := DATE_RE.search(ln.text):
            facts["published"] = dt.date(int(m[1]), int(m[2]), int(m[3]))
            if s := SOURCE_RE.search(ln.text):
                facts["source"] = s[1]
            previous = next((h.text for h in reversed(header[:i]) if h.text), None)
            if previous and previous.endswith(("发布", "印发", "出台")):
                article_title = previous
            continue
        if ln.text.endswith("。") and len(ln.text) > 20:
            summary.append(ln.text)
        elif ln.text != article_title:
            warnings.append(f"{filename}:{ln.number}: 已跳过与计划无关的行：{ln.text[:30]}")
    if article_title is not None:
        warnings[:] = [w for w in warnings if not w.endswith(article_title[:30])]

    # Body: sections and tasks, then the trailer (编辑, unrelated news).
    sections: list[dict[str, Any]] = []
    editor = None
    expected_task = 1
    body_ended = False
    for ln in lines[first_section:]:
        if not ln.text:
            continue
        if body_ended:
            if m := EDITOR_RE.match(ln.text):
                editor = m[1]
            else:
                warnings.append(f"{filename}:{ln.number}: 已跳过正文之后的行：{ln.text[:30]}")
            continue
        if m := SECTION_RE.match(ln.text):
            number = parse_chinese_numeral(m[1])
            if number != len(sections) + 1:
                warnings.append(f"{filename}:{ln.number}: 部分编号“{m[1]}”不连续，已按顺序重新编号。")
            sections.append({"title": m[2], "tasks": []})
            continue
        if m := TASK_RE.match(ln.text):
            if parse_chinese_numeral(m[1]) != expected_task:
                warnings.append(f"{filename}:{ln.number}: 任务编号“{m[1]}”不连续，已按顺序重新编号。")
            expected_task += 1
            sections[-1]["tasks"].append(_parse_task(m[2], ln.number, filename))
            continue
        if EDITOR_RE.match(ln.text):
            editor = EDITOR_RE.match(ln.text)[1]  # type: ignore[index]
        else:
            warnings.append(f"{filename}:{ln.number}: 已跳过正文之后的行：{ln.text[:30]}")
        body_ended = True

    empty = [s["title"] for s in sections if not s["tasks"]]
    if empty:
        raise fail(None, f"部分“{empty[0]}”下没有任何任务。")

    year_match = YEAR_RE.search(title)
    year = int(year_match[1]) if year_match else None
    published_date = published or facts.get("published")
    if issued is None and published_date is not None:
        m = next((ISSUED_RE.search(p) for p in summary if ISSUED_RE.search(p)), None)
        if m:
            issued = dt.date(published_date.year, int(m[1]), int(m[2]))
    issuer_match = ISSUER_RE.match(title)
    issuer = issuer or (issuer_match[1] if issuer_match else None)
    source = source or facts.get("source")
    missing = [
        opt
        for opt, value in (
            ("--issuer（制定印发机关）", issuer),
            ("--source（发布机构）", source),
            ("--issued（印发日期）", issued),
            ("--published（发布日期）", published_date),
        )
        if value is None
    ]
    if missing:
        raise fail(None, f"原文没有给出以下发布信息，请用选项补充：{'、'.join(missing)}。")

    units = _registry(sections)
    collective = {u["name"] for u in units if u["collective"]}
    for section in sections:
        for task in section["tasks"]:
            written = task.pop("_written")
            rebuilt = join_responsible(tuple(task["responsible"]), collective) + task["closing"]
            if rebuilt != written:
                warnings.append(
                    f"{filename}:{task.pop('_line')}: 责任单位的分隔符与标准写法不同，"
                    f"输出时将写作“{rebuilt}”。请核对。"
                )
            else:
                task.pop("_line")
            targets = propose_targets(task["text"], year or issued.year)  # type: ignore[union-attr]
            if targets:
                task["targets"] = targets
            if task["closing"] == DEFAULT_CLOSING:
                del task["closing"]

    publication: dict[str, Any] = {"title": title}
    if article_title:
        publication["article_title"] = article_title
    publication.update(issuer=issuer, source=source, issued=issued, published=published_date)
    if summary:
        publication["summary"] = summary
    if editor:
        publication["editor"] = editor
    publication.update(index_number=None, document_number=None, subject=None, validity=None)
    result.data = {
        "publication": publication,
        "preamble": preamble,
        "sections": sections,
        "units": units,
    }
    return result


def _parse_task(body: str, line: int, filename: str) -> dict[str, Any]:
    m = RESPONSIBILITY_RE.search(body)
    if not m:
        raise PlanError(
            [Problem(filename, line, None, "", "任务末尾缺少“[责任单位:……]”。请补上责任单位后重试。")]
        )
    main = body[: m.start()].rstrip(WHITESPACE)
    title, sep, text = main.partition("。")
    if not sep or not text:
        raise PlanError(
            [Problem(filename, line, None, "", "任务应以“标题。正文”开头：找不到标题后的句号“。”。")]
        )
    written = m[1]
    names = split_units(written)
    closing = ""
    if names and (c := CLOSING_RE.search(names[-1])):
        closing = c[1]
        names[-1] = names[-1][: c.start()]
        if not names[-1]:
            names.pop()
    task: dict[str, Any] = {"title": title, "text": text, "responsible": names, "closing": closing}
    task["_written"] = written.replace("，", ",")
    task["_line"] = line
    return task


def split_units(written: str) -> list[str]:
    """Split a responsibility list at 、 and commas that are not inside parentheses."""
    names: list[str] = []
    depth = 0
    current = ""
    for ch in written:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if depth == 0 and ch in "、,，;；":
            names.append(current.strip(WHITESPACE))
            current = ""
            continue
        current += ch
    names.append(current.strip(WHITESPACE))
    return [n for n in names if n]


# -- proposals the editor reviews -------------------------------------------------


def looks_collective(name: str) -> bool:
    """Whether a name denotes a group of bodies rather than one unit."""
    return name.startswith("各") or name.endswith(("有关部门", "各部门", "有关单位", "各单位"))


def propose_category(name: str) -> str:
    if looks_collective(name):
        return "统称"
    if name.startswith(("市委", "县委", "区委")):
        return "市委部门"
    if name.endswith(("人民法院", "人民检察院")):
        return "司法机关"
    if "人大" in name:
        return "人大机关"
    if "政协" in name:
        return "政协机关"
    if "纪委" in name or "监委" in name:
        return "纪检监察机关"
    if name.endswith(("局", "委", "办", "办公室", "厅")):
        return "市政府工作部门"
    return "其他单位"


def propose_slug(name: str, taken: set[str]) -> str:
    han = "".join(ch for ch in name if "\u4e00" <= ch <= "\u9fff")
    base = "".join(lazy_pinyin(han)).lower() or "unit"
    base = re.sub(r"[^a-z0-9]", "", base) or "unit"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _registry(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    order: dict[str, None] = {}
    for section in sections:
        for task in section["tasks"]:
            order.update(dict.fromkeys(task["responsible"]))
    taken: set[str] = set()
    units = []
    for name in order:
        unit: dict[str, Any] = {
            "name": name,
            "slug": propose_slug(name, taken),
            "category": propose_category(name),
            "collective": looks_collective(name),
        }
        units.append(unit)
    return units


_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
_CLAUSE = r"(?:^|(?<=[,，;；。、:：]))"
_TARGET_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("ratio", re.compile(_CLAUSE + r"[^,，;；。、:：]*?(?:率|度)(?:达到|达|为)?(\d+(?:\.\d+)?)(%)(以上)?")),
    (
        "frequency",
        re.compile(
            r"(每(?:人每)?(?:年|半年|季度|月|周))[^,，;；。、]{0,6}?(至少|不少于)?[^,，;；。、\d]{0,4}?(\d+)(次|学时|期)"
        ),
    ),
    ("count", re.compile(r"(至少|不少于|不低于)[^,，;；。、\d]{0,4}?(\d+)(次|学时|期|项|个)")),
    ("count", re.compile(r"(\d+)(次|期|项)(以上)")),
    ("deadline", re.compile(r"(\d{1,2})月(底|末)?前")),
    ("deadline", re.compile(r"第([一二三四])季度")),
    ("frequency", re.compile(r"(每(?:年|半年|季度|月))")),
]


def propose_targets(text: str, year: int) -> list[dict[str, Any]]:
    """Find quantified targets and time limits; overlapping finds keep the first pattern's."""
    found: list[tuple[int, int, dict[str, Any]]] = []
    for kind, pattern in _TARGET_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end, _ in found):
                continue
            found.append((m.start(), m.end(), _target(kind, pattern, m, year)))
    return [target for _, _, target in sorted(found, key=lambda f: f[0])]


def _target(kind: str, pattern: re.Pattern[str], m: re.Match[str], year: int) -> dict[str, Any]:
    target: dict[str, Any] = {"phrase": m[0], "kind": kind}
    groups = m.groups()
    if kind == "ratio":
        target.update(value=float(groups[0]), unit="%")
        if groups[2]:
            target["qualifier"] = groups[2]
    elif kind == "count" and groups[0] in {"至少", "不少于", "不低于"}:
        target.update(qualifier=groups[0], value=float(groups[1]), unit=groups[2])
    elif kind == "count":
        target.update(value=float(groups[0]), unit=groups[1], qualifier=groups[2])
    elif kind == "frequency":
        target["frequency"] = groups[0]
        if len(groups) == 4:
            if groups[1]:
                target["qualifier"] = groups[1]
            target.update(value=float(groups[2]), unit=groups[3])
    elif "季度" in m[0]:
        month, day = _QUARTER_END["一二三四".index(groups[0]) + 1]
        target["due"] = dt.date(year, month, day)
    else:
        month = int(groups[0])
        last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
        target["due"] = dt.date(year, month, last)
    value = target.get("value")
    if isinstance(value, float) and value.is_integer():
        target["value"] = int(value)
    order = ("phrase", "kind", "value", "unit", "qualifier", "due", "frequency")
    return {key: target[key] for key in order if target.get(key) is not None}
