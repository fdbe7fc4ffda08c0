"""Import a plan written in the standard 工作要点 form into plan data.

Accepts the article as published on a government site (navigation, 时间/来源,
summary paragraphs, 编辑 line and unrelated news around it) or the bare body,
and the plan published as the attachment of a 印发通知 (title, 主送, 正文,
落款, 此件公开发布, then the plan); UTF-8 (with or without BOM) or GB18030; CRLF; half- or full-width structural
punctuation; ``[…]``, ``〔…〕`` or ``【…】`` around 责任单位; ideographic-space
indentation. The result is a proposal (unit slugs and categories, targets) for
an editor to review; the texts themselves are kept verbatim.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from generator.errors import PlanError, Problem
from generator.plan.model import (
    DEFAULT_CLOSING,
    NOTICE_DATE_RE,
    RESPONSIBILITY_BRACKETS,
    join_responsible,
    notice_date,
)
from generator.plan.numerals import parse_chinese_numeral

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
#: The title of a 通知 that issues a plan as its attachment.
NOTICE_TITLE_RE = re.compile(r"^(?P<issuer>.+?)关于印发《(?P<plan>[^《》]+)》的通知$")
#: The note a 通知 may carry after its 落款, e.g. （此件公开发布）.
NOTICE_NOTE_RE = re.compile(r"^[（(]此件[^（）()]{2,8}[）)]$")
#: A plan's title names what kind of document it is.
TITLE_WORDS_RE = re.compile(r"要点|计划|方案|意见|安排|规划|纲要|措施|办法|细则|清单|任务")
#: What the announcement (发布说明) says the plan holds: "8个方面", "25项具体工作任务".
ANNOUNCED_SECTIONS_RE = re.compile(rf"(\d+|[{_NUM}]+)个方面")
ANNOUNCED_TASKS_RE = re.compile(rf"(\d+|[{_NUM}]+)项[^,，;；。、\d]{{0,6}}?任务")
HTML_TAG_RE = re.compile(
    r"<(?:!doctype\s+html|/?(?:html|head|body|meta|title|div|p|span|br|table|tr|td|script|style|a|li|ul)\b)[^<>]*>",
    re.IGNORECASE,
)
WHITESPACE = " \t\u3000\u00a0\ufeff\u200b"


@dataclass
class ImportResult:
    """Plan data ready to be written as YAML, and what the editor should review."""

    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Line:
    """One line of the source, stripped of surrounding white space."""

    number: int
    text: str


@dataclass(frozen=True)
class Options:
    """Publication facts given on the command line, for a source that lacks them."""

    issuer: str | None = None
    source_org: str | None = None
    issued: dt.date | None = None
    published: dt.date | None = None


@dataclass
class Layout:
    """Where the plan sits in the source: header lines, title, preamble, body lines."""

    header: list[Line]
    title: Line
    preamble: list[str]
    body: list[Line]


@dataclass(frozen=True)
class ParsedNotice:
    """The 通知 a plan was issued with, as its lines are written."""

    title: str
    addressees: str
    body: list[str]
    issuer: str
    date_text: str
    date: dt.date
    note: str | None


@dataclass
class Header:
    """What the article around the plan says about it."""

    published: dt.date | None = None
    source_org: str | None = None
    article_title: str | None = None
    summary: list[Line] = field(default_factory=list)


@dataclass
class ParsedTask:
    title: str
    text: str
    responsible: list[str]
    closing: str
    written: str
    """The responsibility list as written, to compare with how it will be rewritten."""
    line: int
    brackets: str
    """The brackets around the responsibility as written, opening and closing: ``[]``, ``〔〕``…"""


@dataclass
class ParsedSection:
    title: str
    tasks: list[ParsedTask] = field(default_factory=list)


@dataclass
class Body:
    sections: list[ParsedSection]
    editor: str | None


@dataclass(frozen=True)
class Facts:
    """The publication facts, from the source or the options."""

    issuer: str
    source_org: str
    issued: dt.date
    published: dt.date
    issued_text: str | None = None
    """The issue date as the source writes it (e.g. 4月18日, 2025年4月29日), when the date was read from it."""


class _Source:
    """The file being imported: its name, and how to report a problem or a warning in it."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.warnings: list[str] = []

    def fail(self, line: int | None, message: str) -> PlanError:
        return PlanError([Problem(self.filename, line, None, "", message)])

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(f"{self.filename}:{line}: {message}")


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
    source_org: str | None = None,
    issued: dt.date | None = None,
    published: dt.date | None = None,
) -> ImportResult:
    """Turn a source article into plan data; options fill facts the text lacks."""
    src = _Source(filename)
    lines = split_lines(decode_source(raw, filename))
    refuse_html(lines, src)
    layout = locate_plan(lines, src)
    article, notice = split_notice(layout.header, layout.title, src)
    header = read_header(article, src)
    body = read_body(layout.body, src)
    check_announced_counts(header, body, src)
    options = Options(issuer, source_org, issued, published)
    facts = resolve_facts(layout.title.text, header, notice, options, src)
    data = assemble(layout, header, notice, body, facts, src)
    return ImportResult(data=data, warnings=src.warnings)


def split_lines(text: str) -> list[Line]:
    """The source's lines (any line ending), numbered from 1 and stripped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [Line(i, line.strip(WHITESPACE)) for i, line in enumerate(lines, 1)]


def refuse_html(lines: list[Line], src: _Source) -> None:
    """A saved web page is refused with a plain explanation (its markup is not the text)."""
    tags = [(ln, m) for ln in lines for m in HTML_TAG_RE.finditer(ln.text)]
    if not tags:
        return
    first, match = tags[0]
    opens_with_markup = first is next(ln for ln in lines if ln.text) and match.start() == 0
    if len(tags) < 3 and not opens_with_markup:
        return
    raise src.fail(
        first.number,
        f"这是 HTML 网页文件（如“{match[0][:30]}”），不是原文的纯文本。请在浏览器中打开该网页，"
        "选中从标题到最后一项任务的正文，复制粘贴到文本文件中（UTF-8 编码）保存，再导入该文本文件。",
    )


def locate_plan(lines: list[Line], src: _Source) -> Layout:
    """Find the first section, then walk back over the preamble to the title line."""
    first = next((i for i, ln in enumerate(lines) if SECTION_RE.match(ln.text)), None)
    if first is None:
        refuse_notice_without_plan(lines, src)
        raise src.fail(None, "找不到“一、……”形式的部分标题。请确认这是一份标准格式的工作要点。")
    preamble: list[str] = []
    for i in range(first - 1, -1, -1):
        content = lines[i].text
        if not content:
            continue
        if content.endswith("。") or len(content) > 60:
            preamble.insert(0, content)
            continue
        check_title(lines[i], src)
        return Layout(header=lines[:i], title=lines[i], preamble=preamble, body=lines[first:])
    raise src.fail(lines[first].number, "在第一个部分标题之前找不到文件标题行。")


def refuse_notice_without_plan(lines: list[Line], src: _Source) -> None:
    """A 通知 that ends before the plan it issues (its attachment cut off) is named as such."""
    notice = next((m for ln in lines if (m := NOTICE_TITLE_RE.match(ln.text))), None)
    if notice is None:
        return
    last = next(ln for ln in reversed(lines) if ln.text)
    raise src.fail(
        last.number,
        f"通知在第 {last.number} 行（“{_quoted(last.text, 20)}”）之后结束，没有所附的《{_quoted(notice['plan'])}》"
        "（找不到“一、……”形式的部分标题）。原文可能不完整（附件被截断或漏复制），"
        "请把所附的工作要点全文补在通知之后再导入。",
    )


def split_notice(header: list[Line], title: Line, src: _Source) -> tuple[list[Line], ParsedNotice | None]:
    """The 通知 before the plan, if the plan was issued as its attachment, and the article's other lines.

    The 通知 is its title, 主送 (a line ending in a colon), 正文, 落款 (the issuer's line, then the date
    ``2025年4月29日``) and an optional note (``（此件公开发布）``). Lines between its title and its 主送
    (the article's 时间/来源) and any after its note stay with the article.
    """
    found = next(((i, m) for i, ln in enumerate(header) if (m := NOTICE_TITLE_RE.match(ln.text))), None)
    if found is None:
        return header, None
    start, heading_match = found
    heading = header[start]
    addressed = next((i for i in range(start + 1, len(header)) if _addresses(header[i].text)), None)
    if addressed is None:
        raise src.fail(
            heading.number,
            f"通知“{_quoted(heading.text, 60)}”之后找不到主送机关（以冒号结尾的一行，如“各县（市、区）人民政府：”）。"
            "请核对原文，补全通知后重试。",
        )
    dated = next((i for i in range(addressed + 1, len(header)) if NOTICE_DATE_RE.match(header[i].text)), None)
    if dated is None:
        raise src.fail(
            header[addressed].number,
            "通知的主送机关之后找不到落款：发文机关署名和“2025年4月29日”形式的成文日期应各占一行，"
            "位于通知正文之后、所附工作要点的标题之前。请核对原文，补全落款后重试。",
        )
    date = notice_date(header[dated].text)
    if date is None:
        raise src.fail(
            header[dated].number, f"通知落款的日期“{header[dated].text}”不是有效的日期。请核对原文。"
        )
    filled = [i for i in range(addressed + 1, dated) if header[i].text]
    if len(filled) < 2:
        what = f"“{_quoted(header[filled[0]].text, 20)}”一行" if filled else "空行"
        raise src.fail(
            header[dated].number,
            f"通知的主送机关与落款日期之间应有正文和发文机关署名，这里只有{what}。请核对原文，补全通知后重试。",
        )
    after = next((i for i in range(dated + 1, len(header)) if header[i].text), None)
    noted = after if after is not None and NOTICE_NOTE_RE.match(header[after].text) else None
    plan_name = heading_match["plan"]
    if plan_name != title.text:
        src.warn(
            title.number,
            f"通知印发的是《{_quoted(plan_name)}》，所附文件的标题却是“{_quoted(title.text)}”。请核对。",
        )
    notice = ParsedNotice(
        title=heading.text,
        addressees=header[addressed].text,
        body=[header[i].text for i in filled[:-1]],
        issuer=header[filled[-1]].text,
        date_text=header[dated].text,
        date=date,
        note=header[noted].text if noted is not None else None,
    )
    used = {start, addressed, *filled, dated, noted}
    return [ln for i, ln in enumerate(header) if i not in used], notice


def _quoted(text: str, limit: int = 40) -> str:
    """A piece of the source short enough to quote in a message."""
    return text if len(text) <= limit else f"{text[:limit]}……"


def _addresses(text: str) -> bool:
    """Whether a line of a 通知 is its 主送 (``各县（市、区）人民政府，市政府各工作部门：``)."""
    return text.endswith((":", "：")) and not (DATE_RE.search(text) or SOURCE_RE.search(text))


def check_title(line: Line, src: _Source) -> None:
    """The line before the preamble must be a plan's title, not a date line or a headline."""
    text = line.text
    if DATE_RE.search(text) or SOURCE_RE.search(text) or EDITOR_RE.match(text):
        problem = "是文章的时间、来源或编辑信息"
    elif not TITLE_WORDS_RE.search(text):
        problem = "不含“要点”“计划”“方案”“意见”“安排”等字样"
    else:
        return
    raise src.fail(
        line.number,
        f"第一个部分标题之前的“{text[:40]}”不像计划的标题（{problem}）。这可能不是一份标准格式的工作要点；"
        "如果是，请在序言之前单独一行写上文件标题（如“××市2024年法治政府建设工作要点”）后重试。",
    )


def read_header(header: list[Line], src: _Source) -> Header:
    """Publication facts and summary paragraphs from the article; other lines are named and skipped."""
    found = Header()
    for i, ln in enumerate(header):
        if m := DATE_RE.search(ln.text):
            found.published = dt.date(int(m[1]), int(m[2]), int(m[3]))
            if s := SOURCE_RE.search(ln.text):
                found.source_org = s[1]
            previous = next((h.text for h in reversed(header[:i]) if h.text), None)
            if previous and previous.endswith(("发布", "印发", "出台")):
                found.article_title = previous
    for ln in header:
        if not ln.text or DATE_RE.search(ln.text) or ln.text == found.article_title:
            continue
        if ln.text.endswith("。") and len(ln.text) > 20:
            found.summary.append(ln)
        else:
            src.warn(ln.number, f"已跳过与计划无关的行：{ln.text[:30]}")
    return found


def read_body(lines: list[Line], src: _Source) -> Body:
    """Sections and tasks, then the trailer (编辑, unrelated news)."""
    body = Body(sections=[], editor=None)
    expected_task = 1
    ended = False
    for ln in lines:
        if not ln.text:
            continue
        section = None if ended else SECTION_RE.match(ln.text)
        task = None if ended or section else TASK_RE.match(ln.text)
        if section:
            if parse_chinese_numeral(section[1]) != len(body.sections) + 1:
                src.warn(ln.number, f"部分编号“{section[1]}”不连续，已按顺序重新编号。")
            body.sections.append(ParsedSection(title=section[2]))
        elif task:
            if parse_chinese_numeral(task[1]) != expected_task:
                src.warn(ln.number, f"任务编号“{task[1]}”不连续，已按顺序重新编号。")
            expected_task += 1
            body.sections[-1].tasks.append(parse_task(task[2], ln.number, src))
        elif editor := EDITOR_RE.match(ln.text):
            body.editor, ended = editor[1], True
        else:
            src.warn(ln.number, f"已跳过正文之后的行：{ln.text[:30]}")
            ended = True
    empty = next((s for s in body.sections if not s.tasks), None)
    if empty is not None:
        raise src.fail(None, f"部分“{empty.title}”下没有任何任务。")
    return body


def parse_task(body: str, line: int, src: _Source) -> ParsedTask:
    """``标题。正文[责任单位:甲、乙,统称按职责分工分别负责]`` → its parts."""
    m = RESPONSIBILITY_RE.search(body)
    if not m:
        raise src.fail(line, "任务末尾缺少“[责任单位:……]”。请补上责任单位后重试。")
    main = body[: m.start()].rstrip(WHITESPACE)
    title, sep, text = main.partition("。")
    if not sep or not text:
        raise src.fail(line, "任务应以“标题。正文”开头：找不到标题后的句号“。”。")
    names = split_units(m[1])
    closing = ""
    if names and (c := CLOSING_RE.search(names[-1])):
        closing = c[1]
        names[-1] = names[-1][: c.start()]
        if not names[-1]:
            names.pop()
    written = m[1].replace("，", ",")
    return ParsedTask(title, text, names, closing, written, line, brackets=m[0][0] + m[0][-1])


def _count(word: str) -> int:
    return int(word) if word.isdigit() else parse_chinese_numeral(word)


def check_announced_counts(header: Header, body: Body, src: _Source) -> None:
    """Refuse a source whose announcement promises more (or fewer) sections or tasks than it holds."""
    found = {"个方面": len(body.sections), "项任务": sum(len(s.tasks) for s in body.sections)}
    for ln in header.summary:
        said = {}
        if m := ANNOUNCED_SECTIONS_RE.search(ln.text):
            said["个方面"] = _count(m[1])
        if m := ANNOUNCED_TASKS_RE.search(ln.text):
            said["项任务"] = _count(m[1])
        wrong = {k: v for k, v in said.items() if v != found[k]}
        if wrong:
            announced = "、".join(f"{v} {k[0]}{k[1:]}" for k, v in said.items())
            counted = "、".join(f"{found[k]} {k[0]}{k[1:]}" for k in said)
            raise src.fail(
                ln.number,
                f"发布说明称共有 {announced}，正文中却找到 {counted}。原文可能不完整（被截断或漏复制），"
                "或发布说明有误。请核对原文，补全后重试；未生成任何文件。",
            )


def resolve_facts(
    title: str, header: Header, notice: ParsedNotice | None, options: Options, src: _Source
) -> Facts:
    """The publication facts: options first, then what the source says (a 通知's 落款 first)."""
    published = options.published or header.published
    issued, issued_text = options.issued, None
    if issued is None and notice is not None:
        issued, issued_text = notice.date, notice.date_text
    if issued is None and published is not None:
        m = next((m for ln in header.summary if (m := ISSUED_RE.search(ln.text))), None)
        if m:
            # The source gives month and day; the year is read from the publication date.
            issued, issued_text = dt.date(published.year, int(m[1]), int(m[2])), f"{m[1]}月{m[2]}日"
    issuer_match = ISSUER_RE.match(title)
    issuer = (
        options.issuer or (notice.issuer if notice else None) or (issuer_match[1] if issuer_match else None)
    )
    source_org = options.source_org or header.source_org
    given = (
        ("--issuer（制定印发机关）", issuer),
        ("--source-org（发布机构）", source_org),
        ("--issued（印发日期，YYYY-MM-DD）", issued),
        ("--published（发布日期，YYYY-MM-DD）", published),
    )
    missing = [option for option, value in given if value is None]
    if missing or issuer is None or source_org is None or issued is None or published is None:
        raise src.fail(None, f"原文没有给出以下发布信息，请用选项补充：{'、'.join(missing)}。")
    return Facts(issuer, source_org, issued, published, issued_text)


def assemble(
    layout: Layout, header: Header, notice: ParsedNotice | None, body: Body, facts: Facts, src: _Source
) -> dict[str, Any]:
    """Plan data in the order the YAML file shows it."""
    units = _registry(body.sections)
    collective = {u["name"] for u in units if u["collective"]}
    publication: dict[str, Any] = {"title": layout.title.text}
    if header.article_title:
        publication["article_title"] = header.article_title
    publication.update(issuer=facts.issuer, source=facts.source_org)
    if facts.issued_text:
        publication["issued_text"] = facts.issued_text
    publication.update(issued=facts.issued, published=facts.published)
    if header.summary:
        publication["summary"] = [ln.text for ln in header.summary]
    if body.editor:
        publication["editor"] = body.editor
    if notice is not None:
        publication["notice"] = _notice_data(notice)
    if (brackets := _brackets(body.sections, src)) != RESPONSIBILITY_BRACKETS[0]:
        publication["responsibility_brackets"] = brackets
    publication.update(index_number=None, document_number=None, subject=None, validity=None)
    sections = [
        {"title": s.title, "tasks": [_task_data(t, collective, src) for t in s.tasks]} for s in body.sections
    ]
    return {"publication": publication, "preamble": layout.preamble, "sections": sections, "units": units}


def _notice_data(notice: ParsedNotice) -> dict[str, Any]:
    data: dict[str, Any] = {"title": notice.title, "addressees": notice.addressees, "body": notice.body}
    data.update(issuer=notice.issuer, date_text=notice.date_text)
    if notice.note:
        data["note"] = notice.note
    return data


def _brackets(sections: list[ParsedSection], src: _Source) -> str:
    """The brackets the source puts around 责任单位 (its first task's); a task that differs is named."""
    tasks = [task for section in sections for task in section.tasks]
    first = tasks[0].brackets
    brackets = first if first in RESPONSIBILITY_BRACKETS else RESPONSIBILITY_BRACKETS[0]
    for task in tasks:
        if task.brackets != brackets:
            src.warn(
                task.line,
                f"责任单位两边的括号“{task.brackets}”与第一项任务不同，输出时将写作“{brackets}”。请核对。",
            )
    return brackets


def _task_data(task: ParsedTask, collective: set[str], src: _Source) -> dict[str, Any]:
    rebuilt = join_responsible(tuple(task.responsible), collective) + task.closing
    if rebuilt != task.written:
        src.warn(task.line, f"责任单位的分隔符与标准写法不同，输出时将写作“{rebuilt}”。请核对。")
    data: dict[str, Any] = {"title": task.title, "text": task.text, "responsible": task.responsible}
    if task.closing != DEFAULT_CLOSING:
        data["closing"] = task.closing
    if targets := propose_targets(task.text):
        data["targets"] = targets
    return data


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
    from pypinyin import lazy_pinyin  # its dictionaries take 0.2 s to load: only the importer needs them

    han = "".join(ch for ch in name if "\u4e00" <= ch <= "\u9fff")
    base = "".join(lazy_pinyin(han)).lower() or "unit"
    base = re.sub(r"[^a-z0-9]", "", base) or "unit"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _registry(sections: list[ParsedSection]) -> list[dict[str, Any]]:
    order: dict[str, None] = {}
    for section in sections:
        for task in section.tasks:
            order.update(dict.fromkeys(task.responsible))
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


_CLAUSE = r"(?:^|(?<=[,，;；。、:：]))"
_GAP = r"[^,，;；。、\d]"
_QUALIFIER = r"(?P<qualifier>至少|不少于|不低于)"
#: A gap that does not swallow a qualifier, so that "接受不少于60学时" keeps its 不少于.
_PLAIN_GAP = rf"(?:(?!至少|不少于|不低于){_GAP})"
_TARGET_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "ratio",
        re.compile(
            _CLAUSE
            + r"[^,，;；。、:：]*?(?:率|度)(?:达到|达|为)?(?P<value>\d+(?:\.\d+)?)(?P<unit>%)(?P<qualifier>以上)?"
        ),
    ),
    (
        "frequency",
        re.compile(
            rf"(?P<scope>每(?:人每)?(?:年|半年|季度|月|周)){_PLAIN_GAP}{{0,6}}?{_QUALIFIER}?"
            rf"{_PLAIN_GAP}{{0,4}}?(?P<value>\d+)(?P<unit>次|学时|期)"
        ),
    ),
    (
        "count",
        re.compile(rf"(?P<scope>任期内)?{_QUALIFIER}{_GAP}{{0,4}}?(?P<value>\d+)(?P<unit>次|学时|期|项|个)"),
    ),
    ("count", re.compile(r"(?P<value>\d+)(?P<unit>次|期|项)(?P<qualifier>以上)")),
    ("deadline", re.compile(r"(?P<period>\d{1,2}月(?:底|末)?前|第[一二三四]季度)")),
    ("frequency", re.compile(r"(?P<scope>每(?:年|半年|季度|月))")),
]
#: The order of a target's keys in the YAML file.
TARGET_KEYS = ("phrase", "kind", "value", "unit", "qualifier", "scope", "period")


def propose_targets(text: str) -> list[dict[str, Any]]:
    """Find quantified targets and time limits, in the source's own words.

    Overlapping finds keep the first pattern's. Every qualifier, scope and period
    is a part of the phrase as written; no date is invented for a time limit.
    """
    found: list[tuple[int, int, dict[str, Any]]] = []
    for kind, pattern in _TARGET_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end, _ in found):
                continue
            found.append((m.start(), m.end(), _target(kind, m)))
    return [target for _, _, target in sorted(found, key=lambda f: f[0])]


def _target(kind: str, m: re.Match[str]) -> dict[str, Any]:
    target: dict[str, Any] = {"phrase": m[0], "kind": kind, **m.groupdict()}
    if target.get("value") is not None:
        value = float(target["value"])
        target["value"] = int(value) if value.is_integer() else value
    return {key: target[key] for key in TARGET_KEYS if target.get(key) is not None}
