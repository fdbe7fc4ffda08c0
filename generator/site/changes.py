"""The page of what changed from the year before (``/<year>/changes/``): its template context.

The comparison itself is :func:`generator.plan.compare.compare`; this module only puts it in the
words the page (``templates/changes.html``) shows. The page also needs, from whoever lists it,
``href`` and ``urls`` as every page has them, and ``old_urls``: an object with the same methods
as :class:`~generator.site.urls.Urls` that places the earlier plan's pages (``old_urls.task(n)``,
``old_urls.unit(slug)``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.plan.compare import TARGET_FIELDS, Changes, compare
from generator.plan.model import Plan


def changes_context(new: Plan, old: Plan, links: Mapping[int, int]) -> dict[str, Any]:
    """The template context of the page comparing ``new`` with ``old`` (``links``: {new task: old task})."""
    changes = compare(new, old, links)
    return dict(
        changes=changes,
        counts=changes.counts,
        summary=summary_line(changes, old),
        old_plan=old,
        new_units=new.units_by_name,
        old_units=old.units_by_name,
        new_responsibility=new.responsibility_line,
        old_responsibility=old.responsibility_line,
        unchanged=[c for c in changes.carried if not c.changed],
        changed=[c for c in changes.carried if c.changed],
        target_fields=TARGET_FIELDS,
    )


def summary_line(changes: Changes, old: Plan) -> str:
    """One sentence of counts, e.g. for the page's description."""
    c = changes.counts
    return (
        f"与《{old.publication.title}》相比：延续 {c.carried} 项任务（其中 {c.carried_changed} 项有改动），"
        f"新增 {c.added} 项，不再列出 {c.dropped} 项；"
        f"新承担任务的单位 {c.bodies_gained} 个，不再承担任务的单位 {c.bodies_lost} 个；"
        f"量化指标和时限有变化 {c.targets_changed} 处，新增 {c.targets_added} 处，不再列出 {c.targets_removed} 处。"
    )
