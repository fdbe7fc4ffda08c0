"""What the generated pages look like to MkDocs: the navigation, and the pages of a broken plan or round."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.errors import InputError, Problem
from generator.plan.model import Plan, section_label
from generator.site.overviews import listed
from generator.site.pages import Page
from generator.site.urls import Urls

#: Above this many sections the navigation links the sections index instead of listing each one.
NAV_SECTIONS = 20


def site_nav(plan: Plan, urls: Urls, handwritten: list[Any], *, published: bool = False) -> list[Any]:
    """A small, hierarchical navigation: sections and overview pages, then the hand-written pages.

    Tasks and units are reached from their section and index pages, not listed in the
    navigation: a navigation with every page makes each page grow with the plan. Titles are
    plain text here; the plugin escapes them on their way to the theme. 落实情况 pages are
    listed only once progress is ``published``.
    """
    sections: Any = [
        {f"{section_label(n)}{section.title}": urls.section(n)} for n, section in enumerate(plan.sections, 1)
    ]
    if len(plan.sections) > NAV_SECTIONS:
        sections = urls.sections
    overviews = [
        {overview.label: urls.overview(overview.kind)}
        for overview in listed(published)
        if overview.kind != "sections"
    ]
    return [{"首页": urls.home}, {"各方面任务": sections}, *overviews, *handwritten]


@dataclass(frozen=True)
class ProblemFile:
    """The problems of one input file, with what kind of file it is and the command that lists them."""

    name: str
    kind: str
    command: str
    problems: tuple[Problem, ...]


PLAN_COMMAND = "python -m generator validate"
PROGRESS_COMMAND = "python -m generator progress validate"


@dataclass(frozen=True)
class Problems:
    """Under ``mkdocs serve``: what is wrong with the plan file or the round files, by file."""

    title: str
    body: Markup
    """The page's content."""
    missing: Markup
    """The 404 page's content, at every address that has no page yet (``mkdocs serve`` does not
    reload that page by itself)."""

    def report(self, error: InputError) -> str:
        return f"{self.title}：\n{error.report()}"


def problems_page(
    error: InputError, plan_files: Sequence[Path], progress: Path, env: jinja2.Environment
) -> Problems:
    """The problems page: each file's problems under its kind (计划文件 or 落实情况), with its command."""
    by_file: dict[str, list[Problem]] = {}
    for problem in error.problems:
        by_file.setdefault(problem.file, []).append(problem)
    files = []
    for name, found in by_file.items():
        if name in {str(path) for path in plan_files}:
            kind, command = "计划文件", PLAN_COMMAND
        else:
            kind, command = "落实情况目录" if Path(name) == progress else "落实情况轮次文件", PROGRESS_COMMAND
        files.append(ProblemFile(name, kind, command, tuple(found)))
    plan = any(f.command == PLAN_COMMAND for f in files)
    rounds = any(f.command == PROGRESS_COMMAND for f in files)
    title = (
        "计划文件和落实情况文件有误" if plan and rounds else "计划文件有误" if plan else "落实情况文件有误"
    )
    template = env.get_template("problems.html")
    pages = [
        template.render(title=title, files=files, total=len(error.problems), reloads=r) for r in (True, False)
    ]
    return Problems(title, *map(Markup, pages))


def broken_plan_pages(problems: Problems, sources: Iterable[str]) -> dict[str, Page]:
    """Under ``mkdocs serve``: the page listing the problems at each address (its body is
    ``problems.body``)."""
    return {
        src: Page(src=src, title=problems.title, kind="problems", search={"exclude": True}) for src in sources
    }
