"""What the generated pages look like to MkDocs: navigation and virtual file contents."""

from __future__ import annotations

import json
from typing import Any

from generator.model import Plan, section_label
from generator.pages import Page
from generator.urls import Urls

#: Above this many sections the navigation links the sections index instead of listing each one.
NAV_SECTIONS = 20


def site_nav(plan: Plan, urls: Urls, handwritten: list[Any]) -> list[Any]:
    """A small, hierarchical navigation: sections and overview pages, then the hand-written pages.

    Tasks and units are reached from their section and index pages, not listed in the
    navigation: a navigation with every page makes each page grow with the plan.
    """
    sections: Any = [
        {f"{section_label(n)}{section.title}": urls.section(n)} for n, section in enumerate(plan.sections, 1)
    ]
    if len(plan.sections) > NAV_SECTIONS:
        sections = urls.sections
    return [
        {"首页": urls.home},
        {"各方面任务": sections},
        {"责任单位": urls.units},
        {"分工矩阵": urls.matrix},
        {"量化指标": urls.targets},
        {"引用文件": urls.references},
        {"全文": urls.fulltext},
        {"数据下载": urls.downloads},
        *handwritten,
    ]


def stub_markdown(page: Page) -> str:
    """The virtual file's text: front matter only; the body is inserted as HTML, never as Markdown."""
    front = "\n".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in page.front_matter().items()
    )
    return f"---\n{front}\n---\n\n<!-- 本页由 data/plan.yaml 生成，请勿手工编辑。 -->\n"
