"""Where the pages' bodies, the downloads and the rounds' reports are made: here or beside MkDocs.

The plugin asks one :class:`Made` for everything that takes time to make: a page's body (as
MkDocs writes that page), the files of /downloads/ and each round's Word report (once the pages
are written). Which one it is, is a setting, never a guess from the machine:

* :class:`HereMade` makes each of them in this process, when first asked for;
* :class:`WorkerMade` starts a second process that lists the same pages from the same checked
  plan and progress (pickled once) and, while MkDocs renders the other pages here, renders the
  bodies of the pages that show reports (:data:`generator.pages.ELSEWHERE`) in parts, in the
  order MkDocs writes them, then makes the downloads, then the reports.

Both compute the same pure functions: the site is byte for byte the same either way.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from generator.plan.model import Plan
from generator.progress.model import Progress
from generator.progress.summary import published
from generator.site import pages, progress_views
from generator.site.downloads import Download
from generator.site.downloads import downloads as site_downloads
from generator.site.editions import Bodies, Lineage
from generator.site.gov import Gov
from generator.site.urls import Urls

#: From this many reports on, a second process pays for itself: below, the pages that show
#: reports take less time here than the process takes to start (the ``auto`` setting).
LARGE_PROGRESS = 5000
#: Task or unit pages per part of the bodies the worker renders: the first part is ready soon, and
#: MkDocs, which takes longer per page, then waits for no other.
PART_PAGES = 200
#: The plugin's ``worker`` setting: ``auto`` uses a second process for large progress only.
CHOICES = ("auto", "always", "never")


class Made(Protocol):
    """What the plugin asks for; each answer is the same wherever it is made."""

    def body(self, src: str) -> str: ...
    def downloads(self) -> Sequence[Download]: ...
    def reports(self) -> dict[str, bytes]: ...
    def stop(self) -> None: ...


@dataclass(frozen=True)
class Build:
    """What a build makes its pages and files from (the same in either process)."""

    plan: Plan
    progress: Progress | None
    urls: Urls
    when: dt.datetime
    templates: tuple[Path, ...]
    gov: Gov
    feed: bool
    """Whether the site has an Atom feed of its rounds."""
    extra: tuple[Download, ...] = ()
    """Files added to /downloads/ by ``python -m generator build`` (the offline copy)."""
    lineage: Lineage = field(default_factory=dict)
    """On a site of several plans: the task each task continues, and the tasks continuing it."""
    elsewhere: Bodies = field(default_factory=dict)
    """On a site of several plans: each body in the other years' plans."""
    previous: tuple[Plan, Urls] | None = None
    """On a site of several plans: the year before's plan, if the site has it (for /changes/)."""

    def pages(self, files: pages.Files) -> pages.Pages:
        env = pages.environment(self.templates)
        return pages.Pages(
            self.plan,
            self.urls,
            env,
            self.gov,
            self.progress,
            files=files,
            feed=self.feed,
            lineage=self.lineage,
            elsewhere=self.elsewhere,
            previous=self.previous,
        )

    def downloads(self) -> list[Download]:
        return site_downloads(self.plan, self.when, self.extra, self.progress)

    def reports(self) -> dict[str, bytes]:
        return progress_views.report_files(self.progress, self.urls)


def made(build: Build, setting: str = "auto") -> HereMade | WorkerMade:
    """Where this build makes its bodies and files, as the ``worker`` setting says: a second
    process (``always``, or ``auto`` with large progress) or this one (``never``, or without
    progress: there is nothing to hand over)."""
    progress = build.progress
    if not published(progress) or setting == "never":
        return HereMade(build)
    assert progress is not None
    if setting == "always" or len(progress.reports()) >= LARGE_PROGRESS:
        return WorkerMade(build)
    return HereMade(build)


class Fixed:
    """The same body at every address, and no files (``mkdocs serve`` showing a broken plan)."""

    def __init__(self, body: str) -> None:
        self._body = body

    def body(self, src: str) -> str:
        return self._body

    def downloads(self) -> Sequence[Download]:
        return ()

    def reports(self) -> dict[str, bytes]:
        return {}

    def stop(self) -> None:
        """Nothing runs elsewhere."""


class HereMade:
    """Everything made in this process, each when first asked for."""

    def __init__(self, build: Build) -> None:
        self.downloads = cache(build.downloads)
        self.reports = build.reports
        self.pages = build.pages(self.downloads)

    def body(self, src: str) -> str:
        return self.pages.body(src)

    def stop(self) -> None:
        """Nothing runs elsewhere."""


# -- the second process ----------------------------------------------------------------------

#: In the worker process: the build and the pages it lists.
_STATE: dict[str, Any] = {}


def _receive(payload: bytes) -> None:
    build: Build = pickle.loads(payload)
    _STATE["build"] = build
    _STATE["pages"] = build.pages(tuple)  # lists what the build lists; never renders /downloads/


def _ready() -> None:
    """Nothing: submitted first, it starts the process, which reads what it was given meanwhile."""


def _bodies(sources: list[str]) -> dict[str, str]:
    return {src: str(_STATE["pages"].body(src)) for src in sources}


def _downloads() -> list[Download]:
    return _STATE["build"].downloads()


def _reports() -> dict[str, bytes]:
    return _STATE["build"].reports()


class WorkerMade:
    """The bodies of the pages that show reports, the downloads and the reports made in a second
    process; the other pages' bodies here (see the module's docstring)."""

    def __init__(self, build: Build) -> None:
        assert build.progress is not None, "only progress is made elsewhere"
        # Pickled once, without the caches the pages fill and without the offline copy (added
        # here): about a second for a large plan.
        progress = build.progress.without_caches()
        payload = pickle.dumps(replace(build, plan=progress.plan, progress=progress, extra=()))
        # "spawn": a clean interpreter, safe even while `mkdocs serve` runs its server threads.
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_receive,
            initargs=(payload,),
        )
        self._pool.submit(_ready)  # starts the process while this one lists the pages
        self._extra = build.extra
        try:
            self.pages = build.pages(self.downloads)
        except BaseException:
            self.stop()
            raise
        self._parts: dict[str, Callable[[], dict[str, str]]] = {}
        by_kind: dict[str, list[str]] = {}
        for page in self.pages.listed.values():
            if page.kind in pages.ELSEWHERE:
                by_kind.setdefault(page.kind, []).append(page.src)
        for sources in by_kind.values():
            for start in range(0, len(sources), PART_PAGES):
                part = sources[start : start + PART_PAGES]
                self._parts.update(dict.fromkeys(part, self._pool.submit(_bodies, part).result))
        self._downloads: Future[list[Download]] = self._pool.submit(_downloads)
        self._reports: Future[dict[str, bytes]] = self._pool.submit(_reports)

    def body(self, src: str) -> str:
        if src in self._parts:
            return self._parts[src]()[src]
        return self.pages.body(src)

    def downloads(self) -> Sequence[Download]:
        return [*self._downloads.result(), *self._extra]

    def reports(self) -> dict[str, bytes]:
        return self._reports.result()

    def stop(self) -> None:
        """Cancel what has not begun; a file under way is finished, unwaited for, and dropped."""
        self._pool.shutdown(wait=False, cancel_futures=True)
