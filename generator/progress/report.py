"""The compiled 落实情况汇总 of one round as a Word document, in the usual 公文 layout.

Built with python-docx: A4 with the 公文 margins, a 小标宋 title, the 截至 date, then per section
(黑体) and task (楷体) each responsible body's status, date and text in 仿宋, and a closing table of
status counts per section. The same round always gives the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

from generator.plan.model import Plan, TaskRef, section_label
from generator.progress.model import NOT_REPORTED, STATUSES, Entry, Progress, Round, count_statuses
from generator.reproducible import office_bytes

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"


def report_title(plan: Plan, rnd: Round) -> str:
    return f"{plan.publication.title}落实情况汇总（{rnd.name}）"


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def round_report(progress: Progress, round_id: str) -> bytes:
    """The round's 落实情况汇总 (.docx bytes)."""
    from docx import Document

    plan, rnd = progress.plan, progress.round(round_id)
    doc = Document()
    _page_setup(doc)
    _styles(doc)
    when = dt.datetime.combine(rnd.as_of, dt.time())
    props = doc.core_properties
    props.title = report_title(plan, rnd)
    props.author = plan.publication.source
    props.created = props.modified = when
    props.last_modified_by = plan.publication.source
    props.revision = 1
    _front(doc, plan, rnd)
    by_pair = {(e.task, e.unit): e for e in rnd.entries}
    for number, section in enumerate(plan.sections, start=1):
        _paragraph(doc, f"{section_label(number)}{section.title}", HEADING_FONT, indent=True)
        for ref in plan.tasks_of_section(number):
            _task(doc, ref, by_pair)
    _closing_table(doc, plan, rnd)
    return office_bytes(doc, when)


def _page_setup(doc: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(footer.add_run("— "), "宋体", 14)
    _page_field(footer)
    _font(footer.add_run(" —"), "宋体", 14)


def _page_field(paragraph: Any) -> None:
    # python-docx has no API for fields; a PAGE field is the one element it cannot make itself.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    _font(run, "宋体", 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        element = OxmlElement("w:fldChar" if kind else "w:instrText")
        if kind:
            element.set(qn("w:fldCharType"), kind)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _styles(doc: Any) -> None:
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    _font(normal, BODY_FONT, 16)
    fmt = normal.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)


def _font(target: Any, name: str, size: float, bold: bool = False) -> None:
    """Set a run's or style's font for Latin and Chinese text alike."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    target.font.name = name
    target.font.size = Pt(size)
    target.font.bold = bold
    # python-docx sets only the Latin font name; Chinese text uses the East Asian one.
    target.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _run(paragraph: Any, text: str, font: str = BODY_FONT, size: float = 16, *, bold: bool = False) -> Any:
    """A run of text, its formatting copied from :func:`_run_shape` (formatting every run through
    python-docx was most of the time a large report takes)."""
    from docx.text.run import Run

    r = copy.deepcopy(_run_shape(font, size, bold))
    paragraph._p.append(r)
    run = Run(r, paragraph)
    if "\t" in text:
        run.text = text  # python-docx turns tabs into <w:tab/>
    else:
        r.add_t(text)  # what run.text does for plain text, without its character-by-character scan
    return run


@functools.cache
def _run_shape(font: str, size: float, bold: bool) -> Any:
    """An empty run with its font set through python-docx; body text inherits its font from the
    Normal style, set once in :func:`_styles`."""
    from docx.oxml import OxmlElement
    from docx.text.run import Run

    run = Run(OxmlElement("w:r"), None)  # type: ignore[arg-type]
    if (font, size) != (BODY_FONT, 16):
        _font(run, font, size, bold)
    elif bold:
        run.bold = True
    return run._r


def _paragraph(
    doc: Any, text: str, font: str = BODY_FONT, *, size: float = 16, indent: bool = True, center: bool = False
) -> Any:
    paragraph = _add_paragraph(doc, _paragraph_shape(indent and not center, center))
    if text:
        _run(paragraph, text, font, size)
    return paragraph


@functools.cache
def _paragraph_shape(indent: bool, center: bool) -> Any:
    """An empty paragraph with its formatting set through python-docx, copied for each new one."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt
    from docx.text.paragraph import Paragraph

    paragraph = Paragraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]
    paragraph.paragraph_format.first_line_indent = Pt(32) if indent else Pt(0)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph._p


def _add_paragraph(doc: Any, shape: Any = None) -> Any:
    """``doc.add_paragraph()`` in constant time (see :func:`_append`).
    ``shape`` is a formatted empty paragraph (:func:`_paragraph_shape`) to copy."""
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph

    p = copy.deepcopy(shape) if shape is not None else OxmlElement("w:p")
    _append(doc, [p])
    return Paragraph(p, doc._body)


def _append(doc: Any, elements: list[Any]) -> None:
    """Add ``elements`` at the end of the body, before its section properties. python-docx searches
    all of the body's children for those on every paragraph it adds, which makes a report of
    thousands of entries take minutes; they are the body's last child."""
    body = doc.element.body
    last = next(body.iterchildren(reversed=True), None)
    for element in elements:
        if last is not None and last.tag == f"{{{_W}}}sectPr":
            last.addprevious(element)
        else:
            body.append(element)


def _front(doc: Any, plan: Plan, rnd: Round) -> None:
    from docx.shared import Pt

    title = _paragraph(doc, report_title(plan, rnd), TITLE_FONT, size=22, center=True)
    title.paragraph_format.line_spacing = Pt(36)
    _paragraph(doc, f"（截至{chinese_date(rnd.as_of)}）", SUBHEADING_FONT, center=True)
    _paragraph(doc, "", indent=False)
    if rnd.example:
        note = _paragraph(doc, "")
        _font(
            note.add_run("说明：本汇总中标注“示例”的落实情况是虚构的示例数据，不是真实报告。"),
            HEADING_FONT,
            16,
        )
    pairs = sum(len(ref.task.responsible) for ref in plan.tasks)
    tasks = len({e.task for e in rnd.entries})
    _paragraph(
        doc,
        f"本汇总根据各责任单位报送的落实情况整理，逐项列出各项任务责任单位的落实状态和落实情况。"
        f"本轮共收到 {len(rnd.entries)} 条报告，涉及 {tasks} 项任务；"
        f"全部 {pairs} 处责任分工中，{pairs - len(rnd.entries)} 处未报送。"
        f"落实状态的含义：" + "；".join(f"{k}，{v.rstrip('。')}" for k, v in STATUSES.items()) + "。",
    )


def _task(doc: Any, ref: TaskRef, by_pair: dict[tuple[int, str], Entry]) -> None:
    """The task's heading and each body's report (see :func:`_task_paragraphs`)."""
    paragraphs = list(_task_paragraphs(ref, by_pair))
    if any(_SPECIAL.search(text) for runs in paragraphs for _, text in runs):
        for runs in paragraphs:  # tabs and breaks: python-docx writes them as their own elements
            paragraph = _paragraph(doc, "")
            for (font, bold), text in runs:
                _run(paragraph, text, font, bold=bold)
        return
    # The same elements as _paragraph and _run make, written as text and parsed once per task:
    # creating them one by one through python-docx was most of a large report's time.
    from docx.oxml.parser import parse_xml

    paragraph_xml, run_xml = _templates()
    xml = "".join(
        paragraph_xml.format(
            runs="".join(run_xml[shape].format(text=_xml_text(text)) for shape, text in runs)
        )
        for runs in paragraphs
    )
    _append(doc, list(parse_xml(f'<w:body xmlns:w="{_W}">{xml}</w:body>')))


Run = tuple[tuple[str, bool], str]
"""A run: (font, bold) and its text, at the body size."""


def _task_paragraphs(ref: TaskRef, by_pair: dict[tuple[int, str], Entry]) -> Iterator[list[Run]]:
    """The runs of each paragraph: the task's heading, each body's status and report, or 未报送."""
    plain, bold = (BODY_FONT, False), (BODY_FONT, True)
    yield [((SUBHEADING_FONT, False), f"{ref.label}{ref.title}")]
    for unit in ref.task.responsible:
        entry = by_pair.get((ref.number, unit))
        if entry is None:
            yield [(bold, f"{unit}："), (plain, f"{NOT_REPORTED}。")]
            continue
        example = "，示例" if entry.example else ""
        head = f"{unit}（{entry.status}，{chinese_date(entry.date)}报送{example}）："
        first, *rest = entry.paragraphs
        yield [(bold, head), (plain, first)]
        for text in rest:
            yield [(plain, text)]
        if entry.evidence:
            listed = "；".join(f"{e.title}（{e.url}）" for e in entry.evidence)
            yield [(plain, f"佐证材料：{listed}。")]


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: Characters python-docx writes as elements of their own (<w:tab/>, <w:br/>) rather than as text.
_SPECIAL = re.compile(r"[\t\n\r]")


def _shape_text(element: Any, slot: str) -> str:
    """An element's XML without its namespace declaration, ``{slot}`` where its content goes."""
    from lxml import etree

    copied = copy.deepcopy(element)
    copied.append(etree.Comment("slot"))
    text = etree.tostring(copied, encoding="unicode").replace(f' xmlns:w="{_W}"', "", 1)
    return text.replace("{", "{{").replace("}", "}}").replace("<!--slot-->", "{" + slot + "}")


def _xml_text(text: str) -> str:
    """A ``w:t`` element as python-docx's ``add_t`` makes it (leading or trailing space preserved)."""
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def _closing_table(doc: Any, plan: Plan, rnd: Round) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.text.paragraph import Paragraph

    _paragraph(doc, "附表：落实状态统计（按方面，单位：处）", HEADING_FONT, indent=False)
    columns = [*STATUSES, NOT_REPORTED]
    rows = [["方面", *columns, "合计"]]
    total = dict.fromkeys(columns, 0)
    status_of = {(e.task, e.unit): e.status for e in rnd.entries}
    for number, section in enumerate(plan.sections, start=1):
        pairs = [(r.number, u) for r in plan.tasks_of_section(number) for u in r.task.responsible]
        counts = count_statuses(status_of.get(pair, NOT_REPORTED) for pair in pairs)
        total = {k: total[k] + counts[k] for k in columns}
        rows.append([f"{section_label(number)}{section.title}", *map(str, counts.values()), str(len(pairs))])
    rows.append(["合计", *map(str, total.values()), str(sum(total.values()))])
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Each row's cells once: python-docx's table.cell(r, c) walks the whole table on every call.
    for r, (values, row) in enumerate(zip(rows, table.rows, strict=True)):
        for c, (value, cell) in enumerate(zip(values, row.cells, strict=True)):
            empty = cell.paragraphs[0]._p
            p = copy.deepcopy(_cell_shape(center=c > 0))
            empty.getparent().replace(empty, p)
            _run(Paragraph(p, cell), value, HEADING_FONT if r == 0 else BODY_FONT, 12, bold=r == 0)


@functools.cache
def _cell_shape(center: bool) -> Any:
    """An empty table-cell paragraph (single spacing, no indent), copied for each cell."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph

    paragraph = Paragraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]
    paragraph.paragraph_format.first_line_indent = 0
    paragraph.paragraph_format.line_spacing = 1.0
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph._p


@functools.cache
def _templates() -> tuple[str, dict[tuple[str, bool], str]]:
    """The XML of an indented paragraph and of a run of each (font, bold), as format strings."""
    paragraph = _shape_text(_paragraph_shape(True, False), "runs")
    fonts = (BODY_FONT, SUBHEADING_FONT)
    runs = {(f, b): _shape_text(_run_shape(f, 16, b), "text") for f in fonts for b in (False, True)}
    return paragraph, runs
