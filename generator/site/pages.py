"""Every generated page, as a pure function of the plan, in two steps.

:class:`Pages` lists every page at once and cheaply (``{source path: Page}``, in a stable
order: title, kind, description, metadata), and renders any page's body when asked
(:meth:`Pages.body`). It needs no MkDocs: the plugin hands the listing over and asks for
bodies as MkDocs writes the pages (through :mod:`generator.bodies`, in this process or in a
second one, which lists the same pages itself). Bodies come from Jinja templates with
autoescape on, so plan text is always text; nothing from the plan is read as Markdown or HTML.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from generator.plan.model import (
    TARGET_KIND_LABELS,
    Plan,
    TaskRef,
    Unit,
    parse_continues,
    plan_fields,
    section_label,
)
from generator.plan.references import cited_documents, find_titles
from generator.plan.text import task_line
from generator.progress.model import Progress
from generator.progress.report import report_title
from generator.progress.summary import published, round_summaries
from generator.site import metadata, progress_views
from generator.site.changes import changes_context
from generator.site.downloads import Download, human_size
from generator.site.editions import Bodies, Lineage
from generator.site.gov import Gov
from generator.site.overviews import BY_KIND, OVERVIEWS, SPLIT_TASKS, Overview, listed
from generator.site.urls import Urls

TEMPLATES = Path(__file__).parent / "templates"


#: Task, section and unit pages are searched through documents built from the plan itself
#: (generator.search.plan_documents), which replace whatever Material would index for them; so
#: Material's search plugin skips them instead of parsing and segmenting text it throws away.
PLAN_INDEXED = {"exclude": True}

#: Kinds of page whose bodies show reports: a build with a second process has it render them.
ELSEWHERE = ("task", "unit", "progress", "update")

#: Marks an element whose content is our reading of the source (see templates/_macros.html).
EDITORIAL_ATTRIBUTE = 'data-provenance="editorial"'


@dataclass(frozen=True)
class Page:
    """One generated page as listed: what MkDocs needs to place it (its body is rendered apart)."""

    src: str
    title: str
    """Plain-text title (for navigation, the browser tab and search); escaped by the theme seam."""
    kind: str
    description: str = ""
    search: dict[str, Any] = field(default_factory=dict)
    """Material's per-page search settings (``boost`` or ``exclude``)."""
    wide: bool = False
    """Hide the navigation sidebar to give a wide table the whole width."""
    head: dict[str, Any] = field(default_factory=dict)
    """政府网站 metadata for ``<head>``: column name, keywords and JSON-LD."""


def environment(extra_dirs: Iterable[Path] = ()) -> jinja2.Environment:
    """Templates from ``extra_dirs`` (e.g. ``overrides/plan``) first, then the package's own.

    As in datasette, the package's templates are also reachable as ``default:NAME``, so an
    override can ``{% extends "default:task.html" %}`` and change a single block.
    """
    own = jinja2.FileSystemLoader(str(TEMPLATES))
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(d)) for d in extra_dirs if d.is_dir()]
    loaders += [jinja2.PrefixLoader({"default": own}, delimiter=":"), own]
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
        overviews=OVERVIEWS,
        status_look=progress_views.status_look,
        progress_statuses=progress_views.ALL_STATUSES,
        target_states=progress_views.TARGET_STATES,
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


Head = Callable[[Callable[[str], str]], dict[str, Any]]


class Fragments:
    """Macros of ``_progress_macros.html`` whose output depends on their argument alone, rendered
    once per report and reused by every page that shows it (task, unit and round pages): with
    tens of thousands of reports, rendering them again was a quarter of the build's page time."""

    def __init__(self, env: jinja2.Environment) -> None:
        macros = env.get_template("_progress_macros.html").module
        self.timeline_entry = cache(macros.timeline_entry)  # type: ignore[attr-defined]
        self.report_body = cache(macros.report_body)  # type: ignore[attr-defined]


Files = Callable[[], Sequence[Download]]
"""The downloads the site offers, asked for only by the body of /downloads/ (which lists their
sizes): a build may make them in another process, while the other pages are written."""


class Pages:
    """Every page of the site: listed at once and cheaply, each body rendered when asked for.

    ``files`` gives the downloads the site offers (listed on /downloads/ with their sizes);
    ``gov`` the 政府网站 fields configured for the site (licence, contact), none by default;
    ``progress`` the published 落实情况, if any (see :mod:`generator.progress_pages`); ``feed``
    whether the site has an Atom feed of its rounds. Links in a body are relative to its page.
    """

    def __init__(
        self,
        plan: Plan,
        urls: Urls | None = None,
        env: jinja2.Environment | None = None,
        gov: Gov | None = None,
        progress: Progress | None = None,
        *,
        files: Files = tuple,
        feed: bool = False,
        lineage: Lineage | None = None,
        elsewhere: Bodies | None = None,
        previous: tuple[Plan, Urls] | None = None,
    ) -> None:
        self.plan = plan
        self.progress = progress
        self.urls = urls or Urls()
        self.env = env or environment()
        self.gov = gov or Gov()
        self.split = len(plan.tasks) > SPLIT_TASKS
        self.lineage: Lineage = lineage or {}
        self.elsewhere: Bodies = elsewhere or {}
        self.previous = previous
        # One set of fragments for every page: a report is rendered once for all pages that show it.
        self.fragments = Fragments(self.env) if progress is not None else None
        self._bodies: dict[str, Callable[[], Markup]] = {}
        self.listed: dict[str, Page] = {page.src: page for page in _all_pages(self, files, feed)}
        """Every page, keyed by source path, in a stable order."""

    @cached_property
    def wording(self) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
        """Each task's cited documents and the character pairs of its title (for related tasks)."""
        return {
            ref.number: (frozenset(find_titles(ref.task.text)), frozenset(_pairs(ref.task.title)))
            for ref in self.plan.tasks
        }

    def body(self, src: str) -> Markup:
        """The body of the page at ``src``, rendered now (the same every time)."""
        return self._bodies[src]()

    def page(
        self,
        src: str,
        template: str,
        title: str,
        kind: str,
        head: Head,
        context: Callable[[], dict[str, Any]] | None = None,
        **options: Any,
    ) -> Page:
        """List the page at ``src``, whose body is ``template`` rendered when asked for; ``options``
        are Page fields or template context, ``context`` gives more of the latter."""

        def href(to: str, fragment: str = "") -> str:
            return self.urls.link(src, to, fragment)

        fields = {key: options.pop(key) for key in ("description", "search", "wide") if key in options}
        self._bodies[src] = partial(self._body, src, template, title, href, options, context)
        return Page(src=src, title=title, kind=kind, head=head(href), **fields)

    def _body(
        self,
        src: str,
        template: str,
        title: str,
        href: Callable[..., str],
        options: dict[str, Any],
        more: Callable[[], dict[str, Any]] | None,
    ) -> Markup:
        context = dict(
            plan=self.plan,
            urls=self.urls,
            href=href,
            src=src,
            title=title,
            pub=self.plan.publication,
            unit_of=self.plan.units_by_name.__getitem__,
            split=self.split,
            responsibility=self.plan.responsibility_line,
            responsibility_text=self.plan.responsibility_text,
            gov=self.gov,
            fragments=self.fragments,
        )
        body = self.env.get_template(template).render(**context, **{**options, **(more() if more else {})})
        if EDITORIAL_ATTRIBUTE in body:
            body += self.env.get_template("_provenance_note.html").render(**context)
        return Markup("\n".join(line for line in body.splitlines() if line.strip()))


def _all_pages(r: Pages, files: Files, feed: bool) -> Iterator[Page]:
    yield _home_page(r)
    yield from _section_pages(r)
    yield from _task_pages(r)
    yield from _unit_pages(r)
    contexts = {**_OVERVIEW_CONTEXT, **progress_views.overview_contexts(r.progress, feed)}
    for overview in OVERVIEWS:
        yield from _overview_pages(r, overview, files, contexts)
    yield from _round_pages(r, r.progress)
    if r.previous is not None:
        yield _changes_page(r, *r.previous)


def _changes_page(r: Pages, old: Plan, old_urls: Urls) -> Page:
    """``/<year>/changes/``: what changed from the year before, from the two plans' own words."""
    plan = r.plan
    links = {
        ref.number: parse_continues(ref.task.continues)[1]
        for ref in plan.tasks
        if ref.task.continues and parse_continues(ref.task.continues)[0] == old.year
    }
    title = f"与{old.year}年相比"
    return r.page(
        r.urls.changes,
        "changes.html",
        title,
        "changes",
        partial(metadata.overview_head, plan, urls=r.urls, column=title, name=title),
        context=partial(changes_context, plan, old, links),
        description=f"{plan.publication.title}与{old.publication.title}相比的变化（本站整理）。",
        search={"exclude": True},
        old_urls=old_urls,
    )


def _home_page(r: Pages) -> Page:
    pub = r.plan.publication
    return r.page(
        r.urls.home,
        "home.html",
        pub.title,
        "home",
        partial(metadata.home_head, r.plan, urls=r.urls),
        description=summarize(pub.summary[0] if pub.summary else r.plan.preamble[0]),
        overviews=listed(published(r.progress)),
    )


def _section_pages(r: Pages) -> Iterator[Page]:
    plan, urls = r.plan, r.urls
    for number, section in enumerate(plan.sections, start=1):
        refs = plan.tasks_of_section(number)
        title = f"{section_label(number)}{section.title}"
        yield r.page(
            urls.section(number),
            "section.html",
            title,
            "section",
            partial(metadata.section_head, plan, urls=urls, number=number),
            number=number,
            section=section,
            refs=refs,
            description=f"{plan.publication.title}第{title}，共 {len(refs)} 项任务。",
            search=PLAN_INDEXED,
        )


def _task_pages(r: Pages) -> Iterator[Page]:
    plan, urls = r.plan, r.urls
    for ref in plan.tasks:
        yield r.page(
            urls.task(ref.number),
            "task.html",
            f"{ref.label}{ref.task.title}",
            "task",
            partial(metadata.task_head, plan, urls=urls, ref=ref),
            description=summarize(f"{ref.label}{ref.task.title}。{ref.task.text}"),
            search=PLAN_INDEXED,
            context=partial(_task_context, r, ref),
        )


def _task_context(r: Pages, ref: TaskRef) -> dict[str, Any]:
    plan, task = r.plan, ref.task
    units = [plan.units_by_name[name] for name in task.responsible]
    return dict(
        ref=ref,
        task=task,
        named=[u for u in units if not u.collective],
        groups=[u for u in units if u.collective],
        related=_related_tasks(plan, ref, r.wording),
        line=task_line(plan, ref.number),
        previous=plan.tasks[ref.number - 2] if ref.number > 1 else None,
        next=plan.tasks[ref.number] if ref.number < len(plan.tasks) else None,
        section=plan.sections[ref.section - 1],
        task_progress=progress_views.task_progress(plan, r.progress, ref),
        lineage=r.lineage.get(ref.number),
    )


def _unit_pages(r: Pages) -> Iterator[Page]:
    plan, urls = r.plan, r.urls
    for unit in plan.units:
        count = len(plan.tasks_of_unit(unit.name))
        yield r.page(
            urls.unit(unit.slug),
            "unit.html",
            unit.name,
            "unit",
            partial(metadata.unit_head, plan, urls=urls, unit=unit),
            description=f"{unit.name}在{plan.publication.title}中承担的 {count} 项任务。",
            search=PLAN_INDEXED,
            context=partial(_unit_context, r, unit),
        )


def _unit_context(r: Pages, unit: Unit) -> dict[str, Any]:
    plan = r.plan
    refs = plan.tasks_of_unit(unit.name)
    return dict(
        unit=unit,
        refs=refs,
        by_section=_group_by_section(refs),
        partners=_partners(plan, unit) if len(refs) <= SPLIT_TASKS else {},
        compact=len(refs) > SPLIT_TASKS,
        unit_progress=progress_views.unit_progress(plan, r.progress, unit, r.urls),
        other_years=r.elsewhere.get(unit.name, ()),
    )


def _overview_pages(
    r: Pages, overview: Overview, files: Files, contexts: dict[str, Context]
) -> Iterator[Page]:
    """The overview page, and in large plans its per-section parts."""
    plan = r.plan
    parts: list[int | None] = [None]
    if overview.split and r.split:
        parts += list(range(1, len(plan.sections) + 1))
    for part in parts:
        suffix = f"：{section_label(part)}{plan.sections[part - 1].title}" if part else ""
        index = overview.split and r.split and part is None
        yield r.page(
            r.urls.overview(overview.kind, part),
            overview.template,
            overview.title + suffix,
            overview.kind,
            partial(metadata.overview_head, plan, urls=r.urls, column=overview.label, name=overview.title),
            description=overview.description.format(title=plan.publication.title) + suffix,
            search={} if overview.searchable else {"exclude": True},
            wide=overview.wide and not index,
            overview=overview,
            part=part,
            index=index,
            shown=[part] if part else list(range(1, len(plan.sections) + 1)),
            context=partial(contexts.get(overview.kind, _no_context), plan, part, files),
        )


def _no_context(plan: Plan, part: int | None, files: Files) -> dict[str, Any]:
    return {}


def _matrix_context(plan: Plan, part: int | None, files: Files) -> dict[str, Any]:
    shown = [part] if part else range(1, len(plan.sections) + 1)
    rows = [ref for n in shown for ref in plan.tasks_of_section(n)]
    involved = {name for ref in rows for name in ref.task.responsible}
    columns = [u for u in plan.units if u.name in involved] if part else list(plan.units)
    assigned = Counter(name for ref in rows for name in ref.task.responsible)
    counts = {u.name: assigned[u.name] for u in columns}
    return {"rows": rows, "columns": columns, "counts": counts, "cells": sum(counts.values())}


def _targets_context(plan: Plan, part: int | None, files: Files) -> dict[str, Any]:
    shown = [part] if part else range(1, len(plan.sections) + 1)
    rows = [(ref, t) for n in shown for ref in plan.tasks_of_section(n) for t in ref.task.targets]
    return {"rows": rows}


def _references_context(plan: Plan, part: int | None, files: Files) -> dict[str, Any]:
    return {"documents": cited_documents(plan)}


def _downloads_context(plan: Plan, part: int | None, files: Files) -> dict[str, Any]:
    made = files()
    return {"files": made, "offline_zip": any(f.name.endswith(".zip") for f in made)}


def _about_context(plan: Plan, part: int | None, files: Files) -> dict[str, Any]:
    return {"fields": plan_fields()}


Context = Callable[[Plan, int | None, Files], dict[str, Any]]

_OVERVIEW_CONTEXT: dict[str, Context] = {
    "matrix": _matrix_context,
    "targets": _targets_context,
    "references": _references_context,
    "downloads": _downloads_context,
    "about": _about_context,
}


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


@dataclass(frozen=True)
class Related:
    """Why another task is listed as related (本站整理: our reading, from the two tasks' own words)."""

    task: TaskRef
    bodies: tuple[str, ...]
    """Responsible bodies both tasks name, in this task's order."""
    documents: tuple[str, ...]
    """Documents both cite in 《》."""
    same_section: bool
    wording: float
    """How alike the two titles are (share of character pairs in common, 0 to 1)."""

    @property
    def score(self) -> float:
        return 2 * len(self.documents) + len(self.bodies) + self.same_section + self.wording

    @property
    def reason(self) -> str:
        """Why it is listed, in a phrase: ``共同责任单位 3 个：…；同属本方面``."""
        parts = []
        if self.bodies:
            parts.append(f"共同责任单位 {len(self.bodies)} 个：{'、'.join(self.bodies)}")
        if self.documents:
            parts.append("都提到" + "、".join(f"《{d}》" for d in self.documents))
        if self.same_section:
            parts.append("同属本方面")
        return "；".join(parts)


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _related_tasks(
    plan: Plan, ref: TaskRef, wording: dict[int, tuple[frozenset[str], frozenset[str]]], limit: int = 5
) -> list[Related]:
    """The tasks most like this one: sharing cited documents, responsible bodies (named bodies and
    groups alike), its section and wording, scored in that order of weight; nearer tasks first on a tie."""
    candidates = {other.number for other in plan.tasks_of_section(ref.section)}
    for name in ref.task.responsible:
        # In large plans the lead bodies that share nearly everything say nothing about which
        # tasks belong together (and would make every task a candidate of every other).
        if len(plan.tasks_of_unit(name)) <= SPLIT_TASKS:
            candidates.update(other.number for other in plan.tasks_of_unit(name))
    candidates.discard(ref.number)
    cited, title = wording[ref.number]
    related = []
    for number in sorted(candidates):
        other = plan.tasks[number - 1]
        documents, theirs = wording[number]
        item = Related(
            other,
            tuple(name for name in ref.task.responsible if name in other.task.responsible),
            tuple(sorted(documents & cited)),
            other.section == ref.section,
            len(title & theirs) / len(title | theirs) if title | theirs else 0.0,
        )
        if item.bodies or item.documents or item.same_section:
            related.append(item)
    return heapq.nsmallest(
        limit, related, key=lambda r: (-r.score, abs(r.task.number - ref.number), r.task.number)
    )


def _round_pages(r: Pages, progress: Progress | None) -> Iterator[Page]:
    """One page per round: its report, printable, with what changed marked (``/updates/<id>/``)."""
    if progress is None:
        return
    plan = r.plan
    column = BY_KIND["updates"].label
    sections = range(1, len(plan.sections) + 1)
    for summary in round_summaries(progress):
        rnd = summary.round
        title = report_title(plan, rnd)
        yield r.page(
            r.urls.update(rnd.id),
            "update.html",
            title,
            "update",
            partial(metadata.overview_head, plan, urls=r.urls, column=column, name=title),
            description=summary.summary(),
            search={"exclude": True},
            summary=summary,
            by_pair={c.report.key: c for c in summary.changes},
            by_section=[(n, progress.status_counts(rnd.id, section=n)) for n in sections],
            details=len(plan.tasks) <= SPLIT_TASKS,
        )
