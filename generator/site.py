"""What the generated pages look like to MkDocs: the navigation, and the pages of a broken plan."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import jinja2
from markupsafe import Markup

from generator.errors import PlanError
from generator.model import Plan, section_label
from generator.overviews import listed
from generator.pages import Page
from generator.urls import Urls

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


def broken_plan_pages(
    problems: PlanError, sources: Iterable[str], urls: Urls, env: jinja2.Environment
) -> tuple[dict[str, Page], Markup]:
    """Under ``mkdocs serve``: the pages listing the plan's problems at each address, and their body."""
    body = Markup(env.get_template("problems.html").render(problems=problems))
    listed = {
        src: Page(src=src, title="计划文件有误", kind="problems", search={"exclude": True}) for src in sources
    }
    return listed, body
