"""The overview pages of the site, declared once.

One table gives each overview page its source path, its label (navigation, the
政府网站 column name, the home page's ways in), its title and template. Pages,
navigation and metadata all read it; nothing else repeats these labels.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Above this many tasks, the matrix, the full text and the targets are split into one page per
#: section (with an index at the usual URL), and the home page lists sections instead of tasks:
#: one page holding everything would grow without bound (a 2,500 × 500 table is not readable).
SPLIT_TASKS = 100


@dataclass(frozen=True)
class Overview:
    """An overview page (and, for large plans, its per-section parts)."""

    kind: str
    """Also the attribute of :class:`~generator.urls.Urls` holding the source path."""
    label: str
    """Navigation label and 政府网站 column name."""
    title: str
    """Page heading and browser title."""
    way: str
    """The link text among the home page's ways into the plan."""
    description: str
    """Page description; ``{title}`` is the publication's title."""
    split: bool = False
    """Split into one page per section when the plan is large (see :data:`SPLIT_TASKS`)."""
    wide: bool = False
    """Hide the navigation sidebar to give a wide table the whole width."""
    searchable: bool = True
    """Whether the page is in the search index (lists that repeat other pages' text are not)."""
    in_nav: bool = True
    """Listed by the generated navigation (hand-written navigation may list it otherwise)."""
    progress: bool = False
    """About 落实情况: listed in the navigation and on the home page only once progress is published."""

    @property
    def template(self) -> str:
        return f"{self.kind}.html"


OVERVIEWS: tuple[Overview, ...] = (
    Overview("sections", "各方面任务", "各方面任务", "按方面浏览", "{title}的各个方面。", searchable=False),
    Overview("units", "责任单位", "责任单位", "按责任单位浏览", "{title}的全部责任单位及其承担的任务。"),
    Overview(
        "matrix",
        "分工矩阵",
        "分工矩阵",
        "分工矩阵",
        "{title}的责任单位与任务对照表。",
        split=True,
        wide=True,
        searchable=False,
    ),
    Overview(
        "targets",
        "量化指标",
        "量化指标和时限",
        "量化指标和时限",
        "{title}中的量化指标和时限要求。",
        split=True,
    ),
    Overview(
        "progress",
        "落实情况",
        "落实情况",
        "落实情况",
        "{title}各项任务的落实情况：各责任单位报送的状态、统计和量化指标的进展。",
        split=True,
        wide=True,
        searchable=False,
        progress=True,
    ),
    Overview(
        "updates",
        "更新动态",
        "更新动态",
        "落实情况更新动态",
        "{title}落实情况的各轮报送及其变化。",
        searchable=False,
        progress=True,
    ),
    Overview("references", "引用文件", "引用文件", "引用文件", "{title}中引用的法律法规和文件。"),
    Overview("fulltext", "全文", "全文", "全文", "{title}全文。", split=True),
    Overview(
        "downloads",
        "数据下载",
        "数据下载",
        "数据下载",
        "{title}的开放数据下载：JSON、CSV、Excel 和正式文本。",
        searchable=False,
    ),
    Overview(
        "about",
        "关于本站",
        "关于本站",
        "关于本站",
        "本站内容的来源、本站整理的内容及其依据。",
        in_nav=False,
    ),
)

BY_KIND = {overview.kind: overview for overview in OVERVIEWS}


def listed(published: bool) -> tuple[Overview, ...]:
    """The overview pages the navigation and the home page list (落实情况 only once published)."""
    return tuple(o for o in OVERVIEWS if o.in_nav and (published or not o.progress))
