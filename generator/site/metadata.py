"""Page metadata for 政府网站 conventions: column names, keywords and schema.org JSON-LD.

Pure functions of the plan: the theme prints what they return into ``<head>``.
Links in JSON-LD are relative; they resolve against the page, wherever the site is served.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from generator.plan.model import Plan, TaskRef, Unit, section_label
from generator.site.overviews import BY_KIND
from generator.site.urls import Urls

#: Sections and tasks are shown under the column of the sections overview.
TASKS_COLUMN = BY_KIND["sections"].label

Href = Callable[[str], str]

#: Lists longer than this (the parts of a huge plan, the tasks of a lead unit) are left out of
#: JSON-LD: every page would otherwise carry a copy of the plan's index.
MAX_LISTED = 100


def _org(unit_or_name: Unit | str, href: Href | None = None, url: str | None = None) -> dict[str, Any]:
    name = unit_or_name if isinstance(unit_or_name, str) else unit_or_name.name
    org: dict[str, Any] = {"@type": "GovernmentOrganization", "name": name}
    if url:
        org["url"] = url
    return org


def plan_node(plan: Plan, href: Href, home: str) -> dict[str, Any]:
    pub = plan.publication
    node: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": pub.title,
        "url": href(home),
        "inLanguage": "zh-CN",
        # The source states when the article appeared; the issue date's year is only inferred
        # (an editorial field), and JSON-LD cannot say so: it is left out.
        "datePublished": pub.published.isoformat(),
        "author": _org(pub.issuer),
        "publisher": _org(pub.source),
    }
    if pub.document_number:
        node["identifier"] = pub.document_number
    return node


def jsonld(data: dict[str, Any]) -> Markup:
    """JSON for a ``<script type="application/ld+json">``: stable, and safe inside HTML.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so no plan text can close the script
    element; that is why the result may be marked safe.
    """
    text = json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def home_head(plan: Plan, href: Href, urls: Urls) -> dict[str, Any]:
    node = plan_node(plan, href, urls.home)
    if len(plan.sections) <= MAX_LISTED:
        node["hasPart"] = [
            {
                "@type": "CreativeWork",
                "name": f"{section_label(n)}{s.title}",
                "url": href(urls.section(n)),
                "position": n,
            }
            for n, s in enumerate(plan.sections, 1)
        ]
    node["description"] = " ".join(plan.publication.summary) or plan.preamble[0]
    return {"column": "工作要点", "keywords": _keywords(plan), "jsonld": jsonld(node)}


def section_head(plan: Plan, href: Href, urls: Urls, number: int) -> dict[str, Any]:
    section = plan.sections[number - 1]
    node = {
        "@type": "CreativeWork",
        "name": f"{section_label(number)}{section.title}",
        "position": number,
        "isPartOf": plan_node(plan, href, urls.home),
        "hasPart": [
            {"@type": "CreativeWork", "name": f"{r.label}{r.title}", "url": href(urls.task(r.number))}
            for r in plan.tasks_of_section(number)
        ],
    }
    return {"column": TASKS_COLUMN, "keywords": _keywords(plan, section.title), "jsonld": jsonld(node)}


def task_head(plan: Plan, href: Href, urls: Urls, ref: TaskRef) -> dict[str, Any]:
    units = [plan.units_by_name[n] for n in ref.task.responsible]
    node = {
        "@type": "CreativeWork",
        "name": f"{ref.label}{ref.task.title}",
        "position": ref.number,
        "text": ref.task.text,
        "isPartOf": plan_node(plan, href, urls.home),
        "maintainer": [_org(u, url=href(urls.unit(u.slug))) for u in units],
    }
    named = [u.name for u in units if not u.collective]
    return {
        "column": TASKS_COLUMN,
        "keywords": _keywords(plan, ref.task.title, *named),
        "jsonld": jsonld(node),
    }


def unit_head(plan: Plan, href: Href, urls: Urls, unit: Unit) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "name": unit.name,
        "url": href(urls.unit(unit.slug)),
    }
    refs = plan.tasks_of_unit(unit.name)
    if len(refs) <= MAX_LISTED:
        node["subjectOf"] = [
            {"@type": "CreativeWork", "name": f"{r.label}{r.title}", "url": href(urls.task(r.number))}
            for r in refs
        ]
    return {"column": BY_KIND["units"].label, "keywords": _keywords(plan, unit.name), "jsonld": jsonld(node)}


def overview_head(plan: Plan, href: Href, urls: Urls, column: str, name: str) -> dict[str, Any]:
    node = {"@type": "WebPage", "name": name, "isPartOf": plan_node(plan, href, urls.home)}
    return {"column": column, "keywords": _keywords(plan, name), "jsonld": jsonld(node)}


def _keywords(plan: Plan, *extra: str) -> str:
    return ",".join(dict.fromkeys([*extra, "法治政府建设", "工作要点", plan.publication.source]))
