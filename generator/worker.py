"""The build's work on 落实情况 that can be done beside MkDocs, in a second process.

With a large plan and several rounds, the reports roughly double what the task and unit pages
hold, and the open-data files (the workbook's 落实情况 sheet, progress.json and .csv) and the
rounds' Word reports take as long as rendering every page. MkDocs renders in one process; this
runs beside it. For large progress it first renders the bodies of the pages that show reports
(task and unit pages in parts, in the order MkDocs writes them), then makes the downloads (only
/downloads/ waits for them; it is rendered as it is written); then, always, the rounds' reports
(written after the pages).
The worker receives the plan and its progress already checked, pickled once, and computes the
same pure functions the build would: pages and files are byte for byte those made in one process.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache, cached_property
from pathlib import Path
from typing import Any, overload

from generator import exports, pages, progress_pages
from generator.gov import Gov
from generator.progress import Progress
from generator.urls import Urls

#: In the worker process: what :func:`_receive` was given, and the renderer of page bodies.
_STATE: dict[str, Any] = {}


def _receive(payload: bytes, setting: tuple[Urls, tuple[Path, ...], Gov]) -> None:
    progress: Progress = pickle.loads(payload)
    urls, templates, gov = setting
    _STATE["progress"] = progress
    _STATE["renderer"] = pages.renderer(progress.plan, urls, pages.environment(templates), gov, progress)


def _ready() -> None:
    """Nothing: submitted first, it starts the process, which reads what it was given meanwhile."""


def _bodies(kind: str, start: int, stop: int) -> dict[str, str]:
    # One renderer for every part: a report's fragments are rendered once for all pages.
    return {src: str(html) for src, html in pages.part_bodies(_STATE["renderer"], kind, start, stop).items()}


def _downloads(when: dt.datetime) -> list[exports.Download]:
    progress: Progress = _STATE["progress"]
    return exports.downloads(progress.plan, when, (), progress)


def _reports(urls: Any) -> dict[str, bytes]:
    return progress_pages.report_files(_STATE["progress"], urls)


#: From this many reports on, progress is large: the pages that show reports and the downloads are
#: made by the worker too; below, they take less time here than the worker takes to start.
LARGE_PROGRESS = 5000
#: Task or unit pages per part of the bodies the worker renders: the first part is ready soon, and
#: MkDocs, which takes longer per page, then waits for no other.
PART_PAGES = 200


class ProgressWorker:
    """One process computing a build's round reports and, for large progress, first the bodies of
    the pages that show reports (see :data:`generator.pages.ELSEWHERE`) and the downloads.

    Started before the pages are listed, it is given its work by :meth:`submit`, once they are.
    """

    def __init__(
        self,
        progress: Progress,
        urls: Urls,
        when: dt.datetime,
        templates: Iterable[Path] = (),
        gov: Gov | None = None,
    ) -> None:
        # Pickled once, without the caches the pages fill: about a second for a large plan.
        payload = pickle.dumps(progress.without_caches())
        # "spawn": a clean interpreter, safe even while `mkdocs serve` runs its server threads.
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_receive,
            initargs=(payload, (urls, tuple(templates), gov or Gov())),
        )
        self._urls, self._when = urls, when
        # With one core, the pages would wait for the worker as long as they took here.
        self.large = len(progress.reports()) >= LARGE_PROGRESS and (os.cpu_count() or 1) > 1
        """Whether the worker renders pages and makes the downloads (else only the reports)."""
        self._pool.submit(_ready)
        self.bodies = Bodies()
        self._downloads: Future[list[exports.Download]] | None = None
        self._reports: Future[dict[str, bytes]] | None = None

    def submit(self, listed: Iterable[pages.Page]) -> None:
        """Give the worker its work: the bodies of the ``listed`` pages that have none (large
        progress), in parts and in order, then the downloads, then the reports."""
        by_kind: dict[str, list[str]] = {}
        for page in listed:
            if page.html is None and page.kind in pages.ELSEWHERE:
                by_kind.setdefault(page.kind, []).append(page.src)
        for kind, sources in by_kind.items():
            size = PART_PAGES if kind in pages.PARTED else len(sources)
            for start in range(0, len(sources), size):
                part = self._pool.submit(_bodies, kind, start, start + size)
                self.bodies.add(sources[start : start + size], part)
        if self.large:
            self._downloads = self._pool.submit(_downloads, self._when)
        self._reports = self._pool.submit(_reports, self._urls)

    def downloads(self) -> list[exports.Download]:
        """The downloads (large progress, once submitted): waits until they are made."""
        assert self._downloads is not None, "downloads are made by the worker for large progress only"
        return self._downloads.result()

    def reports(self) -> dict[str, bytes]:
        """The rounds' reports: waits until they are made."""
        assert self._reports is not None, "submit() first"
        return self._reports.result()

    def stop(self) -> None:
        """Cancel what has not begun; a file under way is finished, unwaited for, and dropped."""
        self._pool.shutdown(wait=False, cancel_futures=True)


class Bodies:
    """Page bodies rendered by the worker, by source path: reading one waits for its part."""

    def __init__(self) -> None:
        self._parts: dict[str, Callable[[], dict[str, str]]] = {}

    def add(self, sources: Iterable[str], part: Future[dict[str, str]]) -> None:
        self._parts.update(dict.fromkeys(sources, part.result))

    def add_late(self, src: str, render: Callable[[], object]) -> None:
        """A body rendered here, when first asked for (a page that needs what the worker makes)."""
        self._parts[src] = cache(lambda: {src: str(render())})

    def __contains__(self, src: object) -> bool:
        return src in self._parts

    def __getitem__(self, src: str) -> str:
        return self._parts[src]()[src]


class Later(Sequence[exports.Download]):
    """Downloads made elsewhere, then ``extra``: reading them waits until they are made."""

    def __init__(self, made: Callable[[], list[exports.Download]], extra: Iterable[exports.Download]) -> None:
        self._made = made
        self._extra = tuple(extra)

    @cached_property
    def _items(self) -> list[exports.Download]:
        return [*self._made(), *self._extra]

    @overload
    def __getitem__(self, index: int) -> exports.Download: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[exports.Download]: ...
    def __getitem__(self, index: int | slice) -> exports.Download | Sequence[exports.Download]:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[exports.Download]:
        return iter(self._items)
