"""Every page's place in the site, built in one place.

Pages are identified by their source path (``tasks/3.md``), as MkDocs does. The
public URLs (``/tasks/3/``) are a contract; the links between pages are relative
so that the site works under any sub-path and opened from disk.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

#: The overview pages' source paths within a plan's folder.
_PLACES = {
    "home": "index.md",
    "sections": "sections/index.md",
    "units": "units/index.md",
    "matrix": "matrix.md",
    "fulltext": "fulltext.md",
    "targets": "targets.md",
    "references": "references.md",
    "downloads": "downloads.md",
    "about": "about.md",
    "progress": "progress.md",
    "updates": "updates/index.md",
    "feed": "feed.xml",
    "changes": "changes.md",
}


@dataclass(frozen=True)
class Urls:
    """Source paths of every page and file of one plan, and links between pages.

    ``prefix`` is the folder the plan's pages live in: none for a site of one plan, the plan's year
    (``2024/``) on a site of several, where every page has the path it has on a one-plan site under
    that folder (``2024/tasks/15.md``), so a plan keeps its addresses when its site moves up a level.
    """

    directory_urls: bool = True
    """Mirror MkDocs' ``use_directory_urls`` (off in the offline copy)."""
    prefix: str = ""

    # -- source paths ------------------------------------------------------
    @property
    def home(self) -> str:
        return self.prefix + _PLACES["home"]

    @property
    def sections(self) -> str:
        return self.prefix + _PLACES["sections"]

    @property
    def units(self) -> str:
        return self.prefix + _PLACES["units"]

    @property
    def matrix(self) -> str:
        return self.prefix + _PLACES["matrix"]

    @property
    def fulltext(self) -> str:
        return self.prefix + _PLACES["fulltext"]

    @property
    def targets(self) -> str:
        return self.prefix + _PLACES["targets"]

    @property
    def references(self) -> str:
        return self.prefix + _PLACES["references"]

    @property
    def downloads(self) -> str:
        return self.prefix + _PLACES["downloads"]

    @property
    def about(self) -> str:
        return self.prefix + _PLACES["about"]

    @property
    def changes(self) -> str:
        """What changed from the year before (on a site of several plans)."""
        return self.prefix + _PLACES["changes"]

    @property
    def progress(self) -> str:
        return self.prefix + _PLACES["progress"]

    @property
    def updates(self) -> str:
        return self.prefix + _PLACES["updates"]

    @property
    def feed(self) -> str:
        return self.prefix + _PLACES["feed"]

    def section(self, number: int) -> str:
        return f"{self.prefix}sections/{number}.md"

    def task(self, number: int) -> str:
        return f"{self.prefix}tasks/{number}.md"

    def unit(self, slug: str) -> str:
        return f"{self.prefix}units/{slug}.md"

    def update(self, round_id: str) -> str:
        """A reporting round's page (printable report and what changed)."""
        return f"{self.prefix}updates/{round_id}.md"

    def download(self, name: str) -> str:
        """A file offered on /downloads/ (``downloads/plan.json``)."""
        return f"{self.prefix}downloads/{name}"

    def round_report(self, round_id: str) -> str:
        """A round's compiled report (.docx)."""
        return self.download(f"progress/{round_id}.docx")

    def workbook(self, round_id: str, slug: str) -> str:
        """A body's fill-in workbook for an open round."""
        return self.download(f"progress/{round_id}/{slug}.xlsx")

    def overview(self, kind: str, part: int | None = None) -> str:
        """An overview page (``matrix.md``) or, in large plans, one of its per-section parts (``matrix/3.md``)."""
        return f"{self.prefix}{kind}/{part}.md" if part else self.prefix + _PLACES[kind]

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
