"""Every generated page, as a pure function of the plan.

``build_pages(plan, urls)`` returns ``{source path: Page}`` in a stable order. It
needs no MkDocs: the plugin only hands the result over. Plan text is always
escaped by the templates (autoescape); nothing from the plan is read as Markdown
or HTML.
"""

from __future__ import annotations

import heapq
import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from generator import metadata
from generator.exports import Download, human_size
from generator.model import TARGET_KIND_LABELS, Plan, TaskRef, Unit, section_label
from generator.references import cited_documents
from generator.text import task_line
from generator.urls import Urls

TEMPLATES = Path(__file__).parent / "templates"

#: Above this many tasks, the matrix, the full text and the targets are split into one page per
#: section (with an index at the usual URL), and the home page lists sections instead of tasks:
#: one page holding everything would grow without bound (a 2,500 × 500 table is not readable).
SPLIT_TASKS = 100


@dataclass(frozen=True)
class Page:
    """One generated page: what MkDocs needs to place it and what it shows."""

    src: str
    title: str
    """Plain-text title (for navigation, the browser tab and search)."""
    html: str
    """The page body, ready to insert into the theme."""
    kind: str
    description: str = ""
    search: dict[str, Any] = field(default_factory=dict)
    """Material's per-page search settings (``boost`` or ``exclude``)."""
    wide: bool = False
    """Hide the navigation sidebar to give a wide table the whole width."""
    head: dict[str, Any] = field(default_factory=dict)
    """政府网站 metadata for ``<head>``: column name, keywords and JSON-LD."""

    def front_matter(self) -> dict[str, Any]:
        # Material prints titles unescaped: give it the escaped form so that plan text stays text.
        meta: dict[str, Any] = {"title": html.escape(self.title, quote=False), "plan_kind": self.kind}
        if self.description:
            meta["description"] = html.escape(self.description, quote=True)
        if self.search:
            meta["search"] = self.search
        meta["hide"] = ["navigation", "toc"] if self.wide else ["toc"]
        return meta


def environment(extra_dirs: Iterable[Path] = ()) -> jinja2.Environment:
    """Templates from ``extra_dirs`` (e.g. ``overrides/plan``) first, then the package's own."""
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(d)) for d in extra_dirs if d.is_dir()]
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        section_label=section_label,
        kind_label=TARGET_KIND_LABELS.get,
        highlight=highlight,
        human_size=human_size,
        format_value=format_value,
    )
    return env


def highlight(text: str, phrases: Iterable[str]) -> Markup:
    """Escape ``text`` and wrap each occurrence of a target phrase in ``<mark>``."""
    wanted = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not wanted:
        return escape(text)
    pattern = re.compile("|".join(re.escape(p) for p in wanted))
    out: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(str(escape(text[last : m.start()])))
        out.append(f'<mark class="plan-target">{escape(m[0])}</mark>')
        last = m.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def format_value(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def summarize(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Renderer:
    """Renders one template per page, with links relative to that page."""

    def __init__(self, plan: Plan, urls: Urls, env: jinja2.Environment) -> None:
        self.plan = plan
        self.urls = urls
        self.env = env

    def page(
        self,
        src: str,
        template: str,
        title: str,
        kind: str,
        *,
        description: str = "",
        search: dict[str, Any] | None = None,
        wide: bool = False,
        head: Callable[[Callable[[str], str]], dict[str, Any]] | None = None,
        **context: Any,
    ) -> Page:
        def href(to: str, fragment: str = "") -> str:
            return self.urls.link(src, to, fragment)

        if head is None:
            head = partial(metadata.overview_head, self.plan, urls=self.urls, column="工作要点", name=title)

        body = self.env.get_template(template).render(
            plan=self.plan,
            urls=self.urls,
            href=href,
            src=src,
            pub=self.plan.publication,
            unit_of=self.plan.units_by_name.__getitem__,
            split=len(self.plan.tasks) > SPLIT_TASKS,
            responsibility=self.plan.responsibility_line,
            **context,
        )
        body = "\n".join(line for line in body.splitlines() if line.strip())
        return Page(
            src=src,
            title=title,
            html=body,
            kind=kind,
            description=description,
            search=search or {},
            wide=wide,
            head=head(href),
        )


class _Overviews:
    """Overview pages share their metadata: a column name, and the plan as what they are part of."""

    def __init__(self, renderer: _Renderer, plan: Plan, urls: Urls) -> None:
        self.r, self.plan, self.urls = renderer, plan, urls

    def page(self, src: str, template: str, title: str, kind: str, column: str, **context: Any) -> Page:
        head = partial(metadata.overview_head, self.plan, urls=self.urls, column=column, name=column)
        return self.r.page(src, template, title, kind, head=head, **context)


def build_pages(
    plan: Plan,
    urls: Urls | None = None,
    env: jinja2.Environment | None = None,
    files: Sequence[Download] = (),
) -> dict[str, Page]:
    """All generated pages of the site, keyed by source path, in a stable order.

    ``files`` are the downloads the site offers (listed on /downloads/ with their sizes).
    """
    urls = urls or Urls()
    r = _Renderer(plan, urls, env or environment())
    o = _Overviews(r, plan, urls)
    pub = plan.publication
    pages: list[Page] = []
    pages.append(
        r.page(
            urls.home,
            "home.html",
            pub.title,
            "home",
            head=partial(metadata.home_head, plan, urls=urls),
            description=summarize(pub.summary[0] if pub.summary else plan.preamble[0]),
        )
    )
    pages.append(
        o.page(
            urls.sections,
            "sections.html",
            "各方面任务",
            "sections",
            "各方面任务",
            description=f"{pub.title}的 {len(plan.sections)} 个方面。",
            search={"exclude": True},
        )
    )
    for number, section in enumerate(plan.sections, start=1):
        pages.append(
            r.page(
                urls.section(number),
                "section.html",
                f"{section_label(number)}{section.title}",
                "section",
                head=partial(metadata.section_head, plan, urls=urls, number=number),
                number=number,
                section=section,
                refs=plan.tasks_of_section(number),
                description=f"{pub.title}第{section_label(number)}{section.title}，共 {len(plan.tasks_of_section(number))} 项任务。",
            )
        )
    for ref in plan.tasks:
        pages.append(_task_page(r, plan, urls, ref))
    pages.append(
        o.page(
            urls.units,
            "units.html",
            "责任单位",
            "units",
            "责任单位",
            description=f"{pub.title}的全部责任单位及其承担的任务。",
        )
    )
    for unit in plan.units:
        refs = plan.tasks_of_unit(unit.name)
        pages.append(
            r.page(
                urls.unit(unit.slug),
                "unit.html",
                unit.name,
                "unit",
                head=partial(metadata.unit_head, plan, urls=urls, unit=unit),
                unit=unit,
                refs=refs,
                by_section=_group_by_section(refs),
                partners=_partners(plan, unit) if len(refs) <= SPLIT_TASKS else {},
                compact=len(refs) > SPLIT_TASKS,
                description=f"{unit.name}在{pub.title}中承担的 {len(refs)} 项任务。",
            )
        )
    split = len(plan.tasks) > SPLIT_TASKS
    everything = list(range(1, len(plan.sections) + 1))
    for part in [None, *(everything if split else [])]:
        shown = [part] if part else everything
        rows = [ref for n in shown for ref in plan.tasks_of_section(n)]
        involved = {name for ref in rows for name in ref.task.responsible}
        columns = [u for u in plan.units if u.name in involved] if part else list(plan.units)
        index = split and part is None
        counts = (
            {}
            if index
            else {u.name: sum(1 for ref in rows if u.name in ref.task.responsible) for u in columns}
        )
        suffix = f"：{section_label(part)}{plan.sections[part - 1].title}" if part else ""
        pages.append(
            o.page(
                urls.matrix_part(part) if part else urls.matrix,
                "matrix.html",
                f"分工矩阵{suffix}",
                "matrix",
                "分工矩阵",
                description=f"{pub.title}的责任单位与任务对照表{suffix}。",
                search={"exclude": True},
                wide=not index,
                part=part,
                index=index,
                rows=rows,
                columns=columns,
                counts=counts,
                cells=sum(counts.values()),
            )
        )
        for whole, part_src, template, title, kind, column, what in (
            (urls.fulltext, urls.fulltext_part, "fulltext.html", "全文", "fulltext", "全文", "全文"),
            (
                urls.targets,
                urls.targets_part,
                "targets.html",
                "量化指标和时限",
                "targets",
                "量化指标",
                "中的量化指标和时限要求",
            ),
        ):
            pages.append(
                o.page(
                    part_src(part) if part else whole,
                    template,
                    f"{title}{suffix}",
                    kind,
                    column,
                    description=f"{pub.title}{what}{suffix}。",
                    part=part,
                    index=index,
                    shown=shown,
                )
            )
    pages.append(
        o.page(
            urls.references,
            "references.html",
            "引用文件",
            "references",
            "引用文件",
            documents=cited_documents(plan),
            description=f"{pub.title}中引用的法律法规和文件。",
        )
    )
    pages.append(
        o.page(
            urls.downloads,
            "downloads.html",
            "数据下载",
            "downloads",
            "数据下载",
            files=files,
            offline_zip=any(f.name.endswith(".zip") for f in files),
            description=f"{pub.title}的开放数据下载：JSON、CSV、Excel 和正式文本。",
            search={"exclude": True},
        )
    )
    return {page.src: page for page in pages}


def _task_page(r: _Renderer, plan: Plan, urls: Urls, ref: TaskRef) -> Page:
    task = ref.task
    units = [plan.units_by_name[name] for name in task.responsible]
    named = [u for u in units if not u.collective]
    related = _related_tasks(plan, ref)
    return r.page(
        urls.task(ref.number),
        "task.html",
        f"{ref.label}{task.title}",
        "task",
        head=partial(metadata.task_head, plan, urls=urls, ref=ref),
        ref=ref,
        task=task,
        named=named,
        groups=[u for u in units if u.collective],
        related=related,
        line=task_line(plan, ref.number),
        previous=plan.tasks[ref.number - 2] if ref.number > 1 else None,
        next=plan.tasks[ref.number] if ref.number < len(plan.tasks) else None,
        section=plan.sections[ref.section - 1],
        description=summarize(f"{ref.label}{task.title}。{task.text}"),
        search={"boost": 2},
    )


def _group_by_section(refs: Iterable[TaskRef]) -> list[tuple[int, list[TaskRef]]]:
    groups: dict[int, list[TaskRef]] = {}
    for ref in refs:
        groups.setdefault(ref.section, []).append(ref)
    return list(groups.items())


def _partners(plan: Plan, unit: Unit) -> dict[int, list[Unit]]:
    """For each task of a unit, the other bodies that share it."""
    return {
        ref.number: [plan.units_by_name[n] for n in ref.task.responsible if n != unit.name]
        for ref in plan.tasks_of_unit(unit.name)
    }


def _related_tasks(plan: Plan, ref: TaskRef, limit: int = 5) -> list[tuple[TaskRef, list[str]]]:
    """Other tasks sharing named units with this one, most shared first."""
    shared: dict[int, list[str]] = {}
    for name in ref.task.responsible:
        # Collective groups, and in large plans the lead units that share nearly everything,
        # say nothing about which tasks belong together.
        if plan.units_by_name[name].collective or len(plan.tasks_of_unit(name)) > SPLIT_TASKS:
            continue
        for other in plan.tasks_of_unit(name):
            if other.number != ref.number:
                shared.setdefault(other.number, []).append(name)
    ranked = heapq.nsmallest(limit, shared.items(), key=lambda item: (-len(item[1]), item[0]))
    return [(plan.tasks[number - 1], names) for number, names in ranked]
