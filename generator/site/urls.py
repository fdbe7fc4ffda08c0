"""Every page's place in the site, built in one place.

Pages are identified by their source path (``tasks/3.md``), as MkDocs does. The
public URLs (``/tasks/3/``) are a contract; the links between pages are relative
so that the site works under any sub-path and opened from disk.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


@dataclass(frozen=True)
class Urls:
    """Source paths of every generated page, and links between pages."""

    directory_urls: bool = True
    """Mirror MkDocs' ``use_directory_urls`` (off in the offline copy)."""

    # -- source paths ------------------------------------------------------
    home: str = "index.md"
    sections: str = "sections/index.md"
    units: str = "units/index.md"
    matrix: str = "matrix.md"
    fulltext: str = "fulltext.md"
    targets: str = "targets.md"
    references: str = "references.md"
    downloads: str = "downloads.md"
    about: str = "about.md"
    progress: str = "progress.md"
    updates: str = "updates/index.md"
    feed: str = "feed.xml"

    @staticmethod
    def section(number: int) -> str:
        return f"sections/{number}.md"

    @staticmethod
    def task(number: int) -> str:
        return f"tasks/{number}.md"

    @staticmethod
    def unit(slug: str) -> str:
        return f"units/{slug}.md"

    @staticmethod
    def update(round_id: str) -> str:
        """A reporting round's page (printable report and what changed)."""
        return f"updates/{round_id}.md"

    @staticmethod
    def round_report(round_id: str) -> str:
        """A round's compiled report (.docx)."""
        return f"downloads/progress/{round_id}.docx"

    @staticmethod
    def workbook(round_id: str, slug: str) -> str:
        """A body's fill-in workbook for an open round."""
        return f"downloads/progress/{round_id}/{slug}.xlsx"

    def overview(self, kind: str, part: int | None = None) -> str:
        """An overview page (``matrix.md``) or, in large plans, one of its per-section parts (``matrix/3.md``)."""
        return f"{kind}/{part}.md" if part else str(getattr(self, kind))

    # -- URLs --------------------------------------------------------------
    def url(self, src: str) -> str:
        """The URL of a page relative to the site root, as MkDocs computes it."""
        stem = src.removesuffix(".md")
        if not self.directory_urls:
            return f"{stem}.html"
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem.removesuffix("index")
        return f"{stem}/"

    def link(self, from_src: str, to_src: str, fragment: str = "") -> str:
        """A relative link from a page to a page (``*.md``) or to a file (``downloads/plan.json``)."""
        here = self.url(from_src)
        base = here.rstrip("/") if self.directory_urls else posixpath.dirname(here)
        target = self.url(to_src) if to_src.endswith(".md") else to_src
        relative = _relative(target.rstrip("/"), base)
        if target.endswith("/") or target == "":
            relative = "./" if relative == "." else relative + "/"
        return relative + (f"#{fragment}" if fragment else "")


def _relative(target: str, base: str) -> str:
    """``posixpath.relpath`` for clean site-relative paths (no ``.`` or ``..``), without its cost.

    Building a large site computes a few hundred thousand links.
    """
    t = target.split("/") if target else []
    b = base.split("/") if base else []
    common = 0
    for x, y in zip(t, b, strict=False):
        if x != y:
            break
        common += 1
    parts = [".."] * (len(b) - common) + t[common:]
    return "/".join(parts) or "."
