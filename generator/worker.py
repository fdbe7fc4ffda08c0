"""The build's work on 落实情况 that pages wait for late or not at all, done in a second process.

With a large plan and several rounds, the open-data files (the workbook's 落实情况 sheet, progress
.json and .csv) and the rounds' Word reports take as long as rendering every page. MkDocs renders
in one process; this runs beside it: for large progress the downloads first (only /downloads/
waits for them, and it is rendered late), then always the reports (written after the pages).
The worker receives the plan and its progress already checked, pickled once, and computes the
same pure functions the build would: the files are byte for byte those made in one process.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import pickle
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cached_property
from typing import Any, overload

from generator import exports, progress_pages
from generator.progress import Progress

#: In the worker process: what :func:`_receive` was given.
_STATE: dict[str, Any] = {}


def _receive(payload: bytes) -> None:
    _STATE["progress"] = pickle.loads(payload)


def _downloads(when: dt.datetime) -> list[exports.Download]:
    progress: Progress = _STATE["progress"]
    return exports.downloads(progress.plan, when, (), progress)


def _reports(urls: Any) -> dict[str, bytes]:
    return progress_pages.report_files(_STATE["progress"], urls)


#: From this many reports on, the downloads are made by the worker too; below, they take less
#: time in the build's own process than the worker takes to start.
WORKER_DOWNLOADS = 5000


class ProgressWorker:
    """One process computing a build's round reports and, for large progress, first its downloads."""

    def __init__(self, progress: Progress, urls: Any, when: dt.datetime) -> None:
        # Pickled once, without the caches the pages fill: about a second for a large plan.
        payload = pickle.dumps(progress.without_caches())
        # "spawn": a clean interpreter, safe even while `mkdocs serve` runs its server threads.
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_receive,
            initargs=(payload,),
        )
        self.downloads: Future[list[exports.Download]] | None = None
        if len(progress.reports()) >= WORKER_DOWNLOADS:
            self.downloads = self._pool.submit(_downloads, when)
        self.reports: Future[dict[str, bytes]] = self._pool.submit(_reports, urls)

    def stop(self) -> None:
        """Cancel what has not begun; a file under way is finished, unwaited for, and dropped."""
        self._pool.shutdown(wait=False, cancel_futures=True)


class Later(Sequence[exports.Download]):
    """Downloads made elsewhere, then ``extra``: reading them waits until they are made."""

    def __init__(self, made: Future[list[exports.Download]], extra: Iterable[exports.Download]) -> None:
        self._made = made
        self._extra = tuple(extra)

    @cached_property
    def _items(self) -> list[exports.Download]:
        return [*self._made.result(), *self._extra]

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
