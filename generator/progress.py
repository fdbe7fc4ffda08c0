"""落实情况: progress reports on the plan's tasks, one YAML file per reporting round.

A round file (``data/progress/2024-h1.yaml``; the folder can be changed with ``PROGRESS_DIR``)
names the round, its 截至 date and the entries: which body reports on which task, with a status
from :data:`STATUSES`, a date, the text and optional evidence. Progress lives apart from the
plan: the plan stays the verbatim official text.

:func:`load_progress` reads every round against the plan and reports every problem of every file
at once (a :class:`~generator.errors.PlanError`, in Chinese, ``file:line:column: path: message``).
The :class:`Progress` it returns is immutable and answers what the pages ask: the rounds in order,
reports by task and by body, the latest status of each (task, body) pair, who has not reported,
and status counts. Nothing here reads the clock: the same files always give the same answers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import multiprocessing
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from generator.errors import PlanError, Problem, position
from generator.files import read_input
from generator.loader import Positions, YamlPath, format_path, read_yaml
from generator.model import Plan, TaskRef
from generator.textcheck import invisible_name, length_warnings, strings, text_problems

DEFAULT_DIR = "data/progress"
SCHEMA_FILE = "progress.schema.json"
DEFAULT_HEADER = f"# yaml-language-server: $schema=../{SCHEMA_FILE}\n"

#: The status vocabulary, in the order a task moves through it, with what each one means.
STATUSES: dict[str, str] = {
    "未启动": "尚未开展实质性工作。",
    "推进中": "已着手落实，正在推进，尚未全部完成。",
    "已完成": "任务要求已全部落实（有明确完成标志的任务）。",
    "持续推进": "常态化、长期性工作已按要求开展并将持续进行（没有终点的任务用此状态，而不是“已完成”）。",
}
Status = Literal["未启动", "推进中", "已完成", "持续推进"]
#: Shown where a responsible body has no report (not a status anyone can report).
NOT_REPORTED = "未报送"

#: A round's id is its file name: it appears in web addresses.
ROUND_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Round ids whose page would be another generated page: a round's page is ``updates/<id>.md``
#: (generator.urls.Urls.update) and ``updates/index.md`` is the list of rounds (/updates/). Its other
#: files, ``downloads/progress/<id>.docx`` and ``downloads/progress/<id>/<body>.xlsx``, share their
#: folders with nothing else.
RESERVED_ROUND_IDS = frozenset({"index"})

#: Excel's own limit on the text of one cell: no longer text fits the workbook a body corrects it
#: in, and text far longer breaks the Word report ("Text node too long") and the site.
MAX_TEXT_LENGTH = 32_767

#: Round files of a plan of 2,500 tasks with 10,000 entries are about 4 MB; the limit leaves eight
#: times that, and refuses what is surely no round file (a device, a 5 GB log) before reading it.
MAX_ROUND_BYTES = 32 * 1024 * 1024

#: Non-empty text; white space around it is not part of it.
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


def _provenance(kind: str) -> dict[str, Any]:
    return {"x-provenance": kind}


REPORTED = _provenance("reported")
"""Supplied by the responsible body in its report."""
EDITORIAL = _provenance("editorial")
"""Set by the site's editors (the 司法局), not by the reporting body."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Frozen):
    """A published document that shows the work (title and web address)."""

    title: Text = Field(description="佐证材料标题，如发布的文件或新闻的标题。", json_schema_extra=REPORTED)
    url: Text = Field(description="佐证材料网址，须以 http:// 或 https:// 开头。", json_schema_extra=REPORTED)


class Entry(_Frozen):
    """One body's report on one task in one round."""

    task: Annotated[int, Field(strict=True)] = Field(
        description="任务序号（1 起，全文连续编号，如第十五项写 15）。", json_schema_extra=EDITORIAL
    )
    unit: Text = Field(
        description="报送单位：须是该项任务的责任单位，名称与计划 units 中登记的完全一致。",
        json_schema_extra=EDITORIAL,
    )
    status: Status = Field(
        description="落实状态：" + "；".join(f"{k}——{v}" for k, v in STATUSES.items()),
        json_schema_extra=REPORTED,
    )
    date: dt.date = Field(
        description="报告日期，格式 YYYY-MM-DD；在计划年度内，且不晚于本轮截至日期。",
        json_schema_extra=REPORTED,
    )
    text: Text = Field(
        description="落实情况正文（纯文本，每段一行；不解释为 Markdown 或 HTML）。",
        json_schema_extra=REPORTED,
    )
    evidence: tuple[Evidence, ...] = Field(
        default=(), description="佐证材料（可选）。", json_schema_extra=REPORTED
    )
    example: bool = Field(
        default=False,
        description="虚构的示例条目（网站显示“示例”）。真实报告不填写此项。",
        json_schema_extra=EDITORIAL,
    )

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The text's paragraphs: its non-blank lines, stripped."""
        return tuple(line.strip() for line in self.text.splitlines() if line.strip())


class RoundFile(_Frozen):
    """A reporting round file: ``data/progress/<id>.yaml`` (the id is the file name)."""

    name: Text = Field(description="本轮名称，如“2024年上半年”。", json_schema_extra=EDITORIAL)
    as_of: dt.date = Field(description="截至日期，格式 YYYY-MM-DD。", json_schema_extra=EDITORIAL)
    open: bool = Field(
        default=False,
        description="本轮是否正在收集（为 true 时网站在单位页面提供填报表下载）。",
        json_schema_extra=EDITORIAL,
    )
    entries: tuple[Entry, ...] = Field(default=(), description="各责任单位报送的落实情况。")


# -- the loaded progress -----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Round:
    """One reporting round as loaded."""

    id: str
    """The file name without ``.yaml``, e.g. ``2024-h1``; used in web addresses."""
    name: str
    as_of: dt.date
    open: bool
    entries: tuple[Entry, ...]
    """In canonical order: by task number, then by the body's place in the task's list."""
    source: str
    """The file it was read from (for edit links and messages)."""

    @property
    def example(self) -> bool:
        """Whether any entry of the round is a fictional example."""
        return any(entry.example for entry in self.entries)

    @cached_property
    def reports(self) -> tuple[Report, ...]:
        return tuple(Report(self, entry) for entry in self.entries)

    @cached_property
    def keys(self) -> frozenset[tuple[int, str]]:
        """The (task, body) pairs reported in this round."""
        return frozenset((e.task, e.unit) for e in self.entries)


@dataclass(frozen=True, eq=False)
class Report:
    """An entry placed in its round."""

    round: Round
    entry: Entry

    @property
    def task(self) -> int:
        return self.entry.task

    @property
    def unit(self) -> str:
        return self.entry.unit

    @property
    def status(self) -> str:
        return self.entry.status

    @property
    def date(self) -> dt.date:
        return self.entry.date

    @property
    def key(self) -> tuple[int, str]:
        return (self.entry.task, self.entry.unit)


@dataclass(frozen=True, eq=False)
class Change:
    """What a round's report changed compared with the latest earlier report of the same pair."""

    report: Report
    previous: Report | None

    @property
    def kind(self) -> Literal["new", "status", "text"]:
        """``new``: first report of the pair; ``status``: the status changed; ``text``: only the text."""
        if self.previous is None:
            return "new"
        return "status" if self.previous.status != self.report.status else "text"


@dataclass(frozen=True, eq=False)
class Progress:
    """Every round of a plan's progress, oldest first. Pure: nothing reads the clock."""

    plan: Plan
    rounds: tuple[Round, ...]
    """Ordered by 截至 date, then id."""

    @property
    def latest(self) -> Round | None:
        return self.rounds[-1] if self.rounds else None

    def without_caches(self) -> Progress:
        """The same progress with nothing computed yet (what is sent to another process)."""
        return Progress(self.plan, tuple(dataclasses.replace(rnd) for rnd in self.rounds))

    def round(self, round_id: str) -> Round:
        """The round with this id (``KeyError`` if there is none)."""
        for candidate in self.rounds:
            if candidate.id == round_id:
                return candidate
        raise KeyError(round_id)

    def previous(self, round_id: str) -> Round | None:
        """The round before this one, if any."""
        index = self.rounds.index(self.round(round_id))
        return self.rounds[index - 1] if index else None

    def reports(self, round_id: str | None = None) -> tuple[Report, ...]:
        """Every report of one round, or of all rounds (oldest round first)."""
        if round_id is not None:
            return self.round(round_id).reports
        return tuple(r for rnd in self.rounds for r in rnd.reports)

    def reports_of_task(self, number: int) -> tuple[Report, ...]:
        """The task's reports, oldest round first, bodies in the task's order within a round."""
        return self._by_task.get(number, ())

    def reports_of_unit(self, name: str) -> tuple[Report, ...]:
        """The body's reports, oldest round first, by task number within a round."""
        return self._by_unit.get(name, ())

    def timeline(self, number: int, unit: str) -> tuple[Report, ...]:
        """One body's reports on one task, oldest first (the task page's dated timeline)."""
        return tuple(r for r in self.reports_of_task(number) if r.unit == unit)

    def latest_reports(self, upto: str | None = None) -> Mapping[tuple[int, str], Report]:
        """The most recent report of each (task, body) pair, in rounds up to ``upto`` (default: all)."""
        if upto not in self._latest_cache:
            latest: dict[tuple[int, str], Report] = {}
            for rnd in self._rounds_upto(upto):
                for report in rnd.reports:
                    latest[report.key] = report
            self._latest_cache[upto] = MappingProxyType(latest)
        return self._latest_cache[upto]

    def latest_report(self, number: int, unit: str, upto: str | None = None) -> Report | None:
        """The current status of a pair is ``latest_report(...).status`` (None: never reported)."""
        reports = [r for r in self.timeline(number, unit) if r.round in self._rounds_upto(upto)]
        return reports[-1] if reports else None

    def not_reported(self, round_id: str | None = None) -> tuple[tuple[TaskRef, str], ...]:
        """(task, body) pairs with no report in the round (default: the latest). Empty without rounds."""
        rnd = self.round(round_id) if round_id else self.latest
        if rnd is None:
            return ()
        return tuple(
            (ref, name)
            for ref in self.plan.tasks
            for name in ref.task.responsible
            if (ref.number, name) not in rnd.keys
        )

    def not_reported_of_task(self, number: int, round_id: str | None = None) -> tuple[str, ...]:
        """Responsible bodies of the task with no report in the round (default: the latest)."""
        rnd = self.round(round_id) if round_id else self.latest
        if rnd is None:
            return ()
        responsible = self.plan.tasks[number - 1].task.responsible
        return tuple(name for name in responsible if (number, name) not in rnd.keys)

    def unreported_tasks(self, unit: str) -> tuple[TaskRef, ...]:
        """The body's tasks on which it has never reported in any round."""
        reported = {r.task for r in self.reports_of_unit(unit)}
        return tuple(ref for ref in self.plan.tasks_of_unit(unit) if ref.number not in reported)

    def status_counts(
        self, upto: str | None = None, *, section: int | None = None, unit: str | None = None
    ) -> dict[str, int]:
        """Latest status of every responsible (task, body) pair, counted: each status in
        :data:`STATUSES` order, then :data:`NOT_REPORTED`. Filter by section number or body."""
        latest = self.latest_reports(upto)
        refs = self.plan.tasks_of_unit(unit) if unit is not None else self.plan.tasks
        if section is not None:
            refs = tuple(ref for ref in refs if ref.section == section)
        pairs = ((ref.number, name) for ref in refs for name in ref.task.responsible if unit in (None, name))
        return count_statuses(latest[key].status if key in latest else NOT_REPORTED for key in pairs)

    def changes(self, round_id: str) -> tuple[Change, ...]:
        """Each report of the round with the pair's latest report before it (``/updates/``)."""
        before = self.previous(round_id)
        earlier = self.latest_reports(before.id) if before else {}
        return tuple(Change(r, earlier.get(r.key)) for r in self.round(round_id).reports)

    def _rounds_upto(self, upto: str | None) -> tuple[Round, ...]:
        if upto is None:
            return self.rounds
        return self.rounds[: self.rounds.index(self.round(upto)) + 1]

    @cached_property
    def _latest_cache(self) -> dict[str | None, Mapping[tuple[int, str], Report]]:
        return {}

    @cached_property
    def _by_task(self) -> dict[int, tuple[Report, ...]]:
        return _group(self.reports(), lambda r: r.task)

    @cached_property
    def _by_unit(self) -> dict[str, tuple[Report, ...]]:
        return _group(self.reports(), lambda r: r.unit)


def count_statuses(statuses: Iterable[str]) -> dict[str, int]:
    """Count statuses in a fixed order: every status of :data:`STATUSES`, then :data:`NOT_REPORTED`."""
    counts = dict.fromkeys([*STATUSES, NOT_REPORTED], 0)
    for status in statuses:
        counts[status] += 1
    return counts


def _group(reports: Iterable[Report], key: Any) -> dict[Any, tuple[Report, ...]]:
    index: dict[Any, list[Report]] = {}
    for report in reports:
        index.setdefault(key(report), []).append(report)
    return {k: tuple(v) for k, v in index.items()}


# -- loading and validating ---------------------------------------------------------------------


def progress_dir(root: Path, override: str | None) -> Path:
    """The progress folder: ``override`` (the ``PROGRESS_DIR`` setting) or ``data/progress``,
    relative to ``root`` (the folder of mkdocs.yml, or the working directory)."""
    return root / (override or DEFAULT_DIR)


def round_files(folder: Path) -> list[Path]:
    """The round files of a folder, by name (none if the folder does not exist).

    Hidden files are not rounds: the temporary files of writers (``.2024-h1.yaml.*.tmp``) and the
    files editors keep beside the ones they edit. Anything else named ``*.yaml`` that is not a
    folder is one, so that a FIFO or a link to a device is refused with a message, not skipped.
    """
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in {".yaml", ".yml"} and not p.name.startswith(".") and not p.is_dir()
    )


#: Above this much text, round files are read by several processes at once: libyaml reads about
#: 2 MB a second here, and the four rounds of a large plan would otherwise take half the build.
PARALLEL_CHARACTERS = 4_000_000


def load_progress(folder: str | Path, plan: Plan) -> Progress:
    """Read and validate every round file in ``folder`` against the plan.

    A missing or empty folder is no progress at all (the real site ships none). Every problem of
    every file is reported together in one :class:`PlanError`.
    """
    with RoundFiles(folder) as files:
        return files.check(plan)


class RoundFiles:
    """The round files of a folder, read, and their quick reading started.

    The quick reading needs no plan: the build starts it (in parallel processes when there is
    much to read, see :data:`PARALLEL_CHARACTERS`) before loading the plan, then :meth:`check`
    checks the rounds against the plan. Use it as a context manager, so that the processes stop
    whatever happens.
    """

    def __init__(self, folder: str | Path) -> None:
        self.problems: list[Problem] = []
        self.texts: dict[Path, str] = {}
        seen: dict[str, Path] = {}
        for path in round_files(Path(folder)):
            if path.stem in seen:
                message = f"与 {seen[path.stem].name} 是同一轮次（标识“{path.stem}”）。请删除或改名其中一个。"
                self.problems.append(Problem(str(path), None, None, "", message))
                continue
            seen[path.stem] = path
            try:
                self.texts[path] = read_round_text(path)
            except PlanError as exc:
                self.problems += exc.problems
        self._pool: ProcessPoolExecutor | None = None
        self._quick: list[Future[RoundFile | None]] = []
        texts = list(self.texts.values())
        workers = min(len(texts), os.cpu_count() or 1)
        if workers > 1 and sum(map(len, texts)) >= PARALLEL_CHARACTERS:
            # "spawn": a clean interpreter, safe even while `mkdocs serve` runs its server threads.
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
            self._quick = [self._pool.submit(_fast_parse, text) for text in texts]

    def __enter__(self) -> RoundFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            # After check() nothing is left to wait for; after an error (in the plan, say) the
            # problems are reported now, while a reading still under way finishes on its own.
            self._pool.shutdown(wait=False, cancel_futures=True)

    def check(self, plan: Plan) -> Progress:
        """The rounds checked against ``plan``; :class:`PlanError` with every problem of every file."""
        problems = list(self.problems)
        quick = [f.result() for f in self._quick] if self._quick else map(_fast_parse, self.texts.values())
        rounds: list[Round] = []
        for (path, text), fast in zip(self.texts.items(), quick, strict=True):
            try:
                rounds.append(_round(text, str(path), path.stem, plan, fast))
            except PlanError as exc:
                problems += exc.problems
        if problems:
            raise PlanError(problems)
        return Progress(plan, tuple(sorted(rounds, key=lambda r: (r.as_of, r.id))))


def load_round(path: str | Path, plan: Plan) -> Round:
    """Read and validate one round file; its id is the file name without the extension."""
    path = Path(path)
    return parse_round(read_round_text(path), str(path), path.stem, plan)


def read_round_text(path: Path) -> str:
    """A round file's text (at most :data:`MAX_ROUND_BYTES`; PlanError for a FIFO, a device, …)."""
    from generator.loader import decode

    return decode(read_input(path, limit=MAX_ROUND_BYTES), str(path))


def parse_round(raw: bytes | str, filename: str, round_id: str, plan: Plan) -> Round:
    """Parse and validate one round given as bytes or text; raise :class:`PlanError` on any problem."""
    from generator.loader import decode

    text = decode(raw, filename) if isinstance(raw, bytes) else raw
    return _round(text, filename, round_id, plan, _fast_parse(text))


def _round(text: str, filename: str, round_id: str, plan: Plan, fast: RoundFile | None) -> Round:
    """The round from its text; ``fast`` is the quick reading of a well-formed file (or None)."""
    id_problem = round_id_problem(round_id)
    if (
        fast
        and id_problem is None
        and not any(check_round(fast, dict(enumerate(fast.entries)), plan, filename, {}))
    ):
        ordered = canonical_order(fast.entries, plan)
        return Round(round_id, fast.name, fast.as_of, fast.open, ordered, filename)
    problems: list[Problem] = []
    if id_problem is not None:
        problems.append(Problem(filename, None, None, "", id_problem))
    try:
        data, positions, problems_in_values = read_yaml(text, filename)
    except PlanError as exc:
        raise PlanError([*problems, *map(_round_wording, exc.problems)]) from None
    problems += map(_round_wording, problems_in_values)
    if not isinstance(data, dict):
        hint = "文件为空。" if data is None else "文件顶层应为映射。"
        hint += "请按格式填写 name、as_of 和 entries（可参照 examples/progress/ 中的示例）。"
        raise PlanError([*problems, Problem(filename, *positions.get((), (1, 1)), "", hint)])
    problems += string_problems(data, filename, positions)
    try:
        parsed = RoundFile.model_validate(data)
    except ValidationError as exc:
        reported = {p.path for p in problems}
        problems += [p for p in _shape_problems(exc, filename, positions) if p.path not in reported]
        parsed = None
    if problems:
        # Report what is wrong in the entries that did validate too: every problem at once.
        header, entries = _valid_parts(data)
        problems += check_round(header, entries, plan, filename, positions)
        raise PlanError(list(dict.fromkeys(problems)))  # PlanError puts them in order
    assert parsed is not None
    problems += check_round(parsed, dict(enumerate(parsed.entries)), plan, filename, positions)
    if problems:
        raise PlanError(problems)
    ordered = canonical_order(parsed.entries, plan)
    return Round(round_id, parsed.name, parsed.as_of, parsed.open, ordered, filename)


def round_id_problem(round_id: str) -> str | None:
    """Why a round cannot have this id (its file name), or None."""
    if not ROUND_ID.match(round_id):
        return "文件名只能由小写字母、数字和连字符组成（如 2024-h1.yaml），它会出现在网址中。请改名。"
    if round_id in RESERVED_ROUND_IDS:
        return (
            f"轮次标识“{round_id}”会使本轮的页面（updates/{round_id}.md）与网站自动生成的页面重名并替换掉它"
            f"（updates/index.md 是 /updates/ 的轮次列表）。"
            "请给轮次文件另起名字，如 2024-h1.yaml。"
        )
    return None


def _round_wording(problem: Problem) -> Problem:
    """A problem found by the plan's YAML reader, worded for a round file."""
    return dataclasses.replace(problem, message=_reworded(problem.message))


def _reworded(message: str) -> str:
    return message.replace("计划文件", "轮次文件").replace("data/plan.schema.json", SCHEMA_FILE)


def string_problems(data: Any, filename: str, positions: Positions) -> list[Problem]:
    """The plan's rules for text (generator.textcheck) on every string of a round file's data,
    :data:`MAX_TEXT_LENGTH`, and the two characters XML cannot hold (:data:`NOT_IN_XML`)."""
    problems = []
    for path, text in strings(data):
        where = (filename, *position(positions, path), format_path(path))
        if len(text) > MAX_TEXT_LENGTH:
            problems.append(Problem(*where, _too_long(len(text))))
        if not NOT_IN_XML.isdisjoint(text):
            index, ch = next((i, ch) for i, ch in enumerate(text) if ch in NOT_IN_XML)
            message = (
                f"第 {index + 1} 个字符 U+{ord(ch):04X} 不是文字（Unicode 非字符），"
                "网页、填报表和汇总都无法写入它。请删除它（可整段重新输入）。"
            )
            problems.append(Problem(*where, message))
    if any(_has_invisible(text) for _, text in strings(data)):  # most files: none, found quickly
        problems += text_problems(data, filename, positions)
    return problems


#: Characters that are neither refused by generator.textcheck (they are unassigned, not control
#: characters) nor allowed in XML 1.0: lxml refuses them, so the report, workbooks and site would fail.
NOT_IN_XML = frozenset("\ufffe\uffff")


def _too_long(length: int) -> str:
    return (
        f"文字长达 {length} 个字符，超过 {MAX_TEXT_LENGTH} 个字符的上限（Excel 一个单元格最多容纳 {MAX_TEXT_LENGTH} 个字符，"
        "填报表和汇总都装不下更长的文字）。请删减；详细材料可另行公开发布，作为佐证材料附上网址。"
    )


def _has_invisible(text: str) -> bool:
    """Whether the text has a character generator.textcheck or :data:`NOT_IN_XML` refuses."""
    return any(invisible_name(ch) is not None or ch in NOT_IN_XML for ch in set(text))


def round_warnings(rnd: Round) -> list[Problem]:
    """Soft problems of a valid round, as the plan has them: text much longer than such a field
    ever is (see generator.textcheck.length_warnings)."""
    from generator.textcheck import MAX_FIELD_LENGTH

    texts = [rnd.name, *(text for entry in rnd.entries for _, text in strings(entry_data(entry)))]
    if all(len(text) <= MAX_FIELD_LENGTH for text in texts):
        return []
    data, positions, _ = read_yaml(read_round_text(Path(rnd.source)), rnd.source)
    return length_warnings(data, rnd.source, positions)


class _StrictFastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's loader, refusing duplicate keys (the checked reader then says where they are)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [k.value for k, _ in node.value]
        if len(set(keys)) != len(keys):
            raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
        return super().construct_mapping(node, deep)


#: What only a hostile or unusual file contains: anchors, aliases or tags; nested flow collections;
#: deep indentation. Such a file goes to the checked reader, which refuses it with a clear message
#: before anything can grow without bound (see generator.loader.read_yaml).
_UNUSUAL = re.compile(r"[&*!]|[\[{][^\]}\n]*[\[{]|^ {41,}\S", re.M)


def _plainly_shaped(text: str) -> bool:
    return _UNUSUAL.search(text) is None


def _fast_parse(text: str) -> RoundFile | None:
    """The round if it is well formed, read quickly without positions; None on any problem.

    Round files can hold tens of thousands of entries; a valid file is read by libyaml, and only a
    file with problems is read again, more slowly, keeping every position for the messages.
    """
    if not getattr(yaml, "__with_libyaml__", False) or not _plainly_shaped(text):
        return None
    try:
        data = yaml.load(text, Loader=_StrictFastLoader)
        texts = [text for _, text in strings(data)]
        if any(len(text) > MAX_TEXT_LENGTH for text in texts) or _has_invisible("".join(texts)):
            return None  # the checked reader says where
        return RoundFile.model_validate(data)
    except (yaml.YAMLError, ValidationError, ValueError, TypeError):
        return None


def _valid_parts(data: dict[str, Any]) -> tuple[RoundFile | None, dict[int, Entry]]:
    """The round's header and those entries that are well formed on their own, by index."""
    try:
        known = {key: value for key, value in data.items() if key in {"name", "as_of", "open"}}
        header: RoundFile | None = RoundFile.model_validate(known)
    except ValidationError:
        header = None
    entries: dict[int, Entry] = {}
    raw = data.get("entries")
    for i, item in enumerate(raw if isinstance(raw, list) else []):
        try:
            entries[i] = Entry.model_validate(item)
        except ValidationError:
            continue
    return header, entries


def canonical_order(entries: Iterable[Entry], plan: Plan) -> tuple[Entry, ...]:
    """Entries by task number, then by the body's place in the task's list of responsible bodies."""

    def key(entry: Entry) -> tuple[int, int]:
        responsible = plan.tasks[entry.task - 1].task.responsible
        return (entry.task, responsible.index(entry.unit) if entry.unit in responsible else len(responsible))

    return tuple(sorted(entries, key=key))


def _shape_problems(exc: ValidationError, filename: str, positions: Positions) -> Iterator[Problem]:
    from generator.loader import shape_message

    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if err["type"] == "extra_forbidden":
            message = f"未知字段“{loc[-1]}”。请检查拼写，或删除该字段（可用字段见 {SCHEMA_FILE}）。"
        elif err["type"] == "literal_error" and loc[-1] == "status":
            message = _status_message(err.get("input"))
        elif err["type"] == "int_type":
            message = f"应为任务序号（1 起的整数，如 15），而不是“{err.get('input')}”。"
        else:
            message = _reworded(shape_message(err))
        yield Problem(filename, *position(positions, loc), format_path(loc), message)


def _status_message(given: object) -> str:
    close = difflib.get_close_matches(str(given), list(STATUSES), n=1, cutoff=0.3)
    hint = f"是否想写“{close[0]}”？" if close else ""
    return f"未知的落实状态“{given}”。{hint}只能是：{'、'.join(STATUSES)}。"


def check_round(
    header: RoundFile | None, entries: dict[int, Entry], plan: Plan, filename: str, positions: Positions
) -> Iterator[Problem]:
    """Checks that need the plan: tasks, responsible bodies, dates, duplicates, text and links.

    ``entries`` maps each entry's index in the file to the entry (only the well-formed ones).
    """

    def at(path: YamlPath, message: str) -> Problem:
        return Problem(filename, *position(positions, path), format_path(path), message)

    year = plan.publication.issued.year
    as_of = header.as_of if header else None
    if as_of is not None and as_of.year != year:
        # 截至 is the day a round reports up to, not the day it is compiled: the round that closes
        # the year is as of 12-31 even when its reports come in January (examples/progress/2024-h2.yaml),
        # and entries are dated within the plan's year, so no later date covers anything more.
        yield at(
            ("as_of",),
            f"截至日期 {as_of} 不在计划年度（{year}年）内。本轮截至日期应在 {year}-01-01 至 {year}-12-31 之间：请核对 as_of。",
        )
        as_of = None  # entries are not compared with it as well
    first: dict[tuple[int, str], int] = {}
    for i, entry in entries.items():
        for path, message in entry_problems(entry, as_of, plan):
            yield at(("entries", i, *path), message)
        key = (entry.task, entry.unit)
        if key in first:
            line = position(positions, ("entries", first[key]))[0]
            yield at(
                ("entries", i),
                f"{entry.unit}对第 {entry.task} 项任务的落实情况在本轮重复填报（第 {line} 行已有）。请合并为一条。",
            )
        first.setdefault(key, i)


def entry_problems(entry: Entry, as_of: dt.date | None, plan: Plan) -> Iterator[tuple[YamlPath, str]]:
    """What is wrong with one entry given the plan and the round's 截至 date: (path in the entry, message)."""
    count = len(plan.tasks)
    if not 1 <= entry.task <= count:
        yield ("task",), f"没有第 {entry.task} 项任务：计划共 {count} 项任务，序号应为 1 至 {count}。"
    elif entry.unit not in plan.tasks[entry.task - 1].task.responsible:
        yield ("unit",), _unit_message(entry, plan)
    year = plan.publication.issued.year
    if entry.date.year != year:
        yield ("date",), f"日期 {entry.date} 不在计划年度（{year}年）内。请核对日期。"
    elif as_of is not None and entry.date > as_of:
        yield ("date",), f"日期 {entry.date} 晚于本轮截至日期 {as_of}。请核对日期，或放入下一轮。"
    for e, evidence in enumerate(entry.evidence):
        problem = web_address_problem(evidence.url)
        if problem is not None:
            yield ("evidence", e, "url"), problem
        elif (shown := _title_host(evidence.title)) is not None:
            host = urlsplit(evidence.url).hostname or ""
            if not _same_site(shown, host):
                yield (
                    ("evidence", e, "title"),
                    f"佐证材料标题“{evidence.title}”写成了网址，却与佐证材料网址所在的网站（{host}）不同，会误导读者。"
                    "标题请写文件或新闻的标题；网址写在 url 中。",
                )


def _unit_message(entry: Entry, plan: Plan) -> str:
    responsible = plan.tasks[entry.task - 1].task.responsible
    listed = "、".join(responsible)
    if entry.unit in plan.units_by_name:
        return f"“{entry.unit}”不是第 {entry.task} 项任务的责任单位（责任单位：{listed}）。请核对任务序号或单位。"
    close = difflib.get_close_matches(entry.unit, list(responsible), n=1, cutoff=0.5)
    hint = f"是否想写“{close[0]}”？" if close else ""
    return f"未登记的单位“{entry.unit}”。{hint}请照计划中登记的名称填写（第 {entry.task} 项的责任单位：{listed}）。"


def is_web_address(url: str) -> bool:
    """An absolute http(s) address with a plain host: see :func:`web_address_problem`."""
    return web_address_problem(url) is None


#: One label of a host name: letters (of any script), digits and inner hyphens.
_LABEL = re.compile(r"(?!-)[^\W_]+(?:-+[^\W_]+)*")


def web_address_problem(url: str) -> str | None:
    """Why ``url`` is not an absolute http(s) address a reader can trust (a Chinese sentence), or None.

    Refused: other schemes, no host, white space or invisible characters, a user name or password
    before the host (``https://www.weinan.gov.cn@evil.example/`` goes to evil.example), a host that
    is not a plain name or IP address, and an impossible port.
    """
    shown = f"“{url}”"
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return f"{shown}的网站名或端口号无效。请从浏览器地址栏复制完整的网址。"
    if (
        parts.scheme not in {"http", "https"}
        or not parts.netloc
        or re.search(r"\s", url)
        or any(invisible_name(ch) is not None for ch in url)
    ):
        return f"{shown}不是网址。佐证材料须是已公开发布的文件，网址以 http:// 或 https:// 开头，不含空格。"
    if "@" in parts.netloc:
        return (
            f"{shown}在“@”之前写有用户名或密码，浏览器实际打开的是“@”之后的网站（{parts.hostname}）。"
            "请填写佐证材料所在网站的网址，去掉“@”及其之前的部分。"
        )
    host = parts.hostname or ""
    if not port_ok or not _plain_host(host, bracketed="[" in parts.netloc):
        return f"{shown}的网站名或端口号无效。请从浏览器地址栏复制完整的网址。"
    return None


def _plain_host(host: str, *, bracketed: bool) -> bool:
    """A host name of letters, digits, hyphens and dots, or an IP address (IPv6 in brackets)."""
    import ipaddress

    if bracketed:
        try:
            return ipaddress.ip_address(host).version == 6
        except ValueError:
            return False
    labels = host.removesuffix(".").split(".")
    return all(_LABEL.fullmatch(label) for label in labels)


#: A host name as it is written in text (``www.weinan.gov.cn``), with an optional port and path.
_WRITTEN_HOST = re.compile(
    r"(?P<host>(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?P<top>[a-z]{2,63}))\.?(?::\d+)?(?:[/?#]\S*)?", re.I
)
#: File types, which make a file name (notice.pdf) look like a host name.
_FILE_TYPES = frozenset(
    {"pdf", "doc", "docx", "xls", "xlsx", "et", "wps", "ofd", "txt", "md", "rtf", "jpg", "jpeg", "png", "gif"}
    | {"zip", "rar", "htm", "html"}
)


def _title_host(title: str) -> str | None:
    """The host a title shows if the title is itself written as a web address or host name."""
    title = title.strip()
    if re.match(r"https?://", title, re.I):
        try:
            return (urlsplit(title).hostname or "").removesuffix(".")
        except ValueError:
            return ""
    match = _WRITTEN_HOST.fullmatch(title)
    if match is None or (match["top"].lower() in _FILE_TYPES and not title.lower().startswith("www.")):
        return None
    return match["host"].lower()


def _same_site(shown: str, host: str) -> bool:
    """Whether ``host`` is the site a title shows: the same host, or a host under it."""
    shown, host = shown.removeprefix("www."), host.removesuffix(".").removeprefix("www.")
    return bool(shown) and (host == shown or host.endswith("." + shown))


# -- writing ----------------------------------------------------------------------------------


def progress_schema() -> dict[str, Any]:
    """The JSON Schema of a round file, generated from the model."""
    schema = RoundFile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "落实情况轮次文件（data/progress/<轮次标识>.yaml）"
    schema["x-statuses"] = [{"status": k, "description": v} for k, v in STATUSES.items()]
    return schema


def entry_data(entry: Entry) -> dict[str, Any]:
    """An entry as the YAML file holds it: fixed key order, defaults left out."""
    data: dict[str, Any] = {
        "task": entry.task,
        "unit": entry.unit,
        "status": entry.status,
        "date": entry.date,
        "text": entry.text,
    }
    if entry.evidence:
        data["evidence"] = [{"title": e.title, "url": e.url} for e in entry.evidence]
    if entry.example:
        data["example"] = True
    return data


def dump_round(
    name: str, as_of: dt.date, entries: Iterable[Entry], *, open: bool = False, header: str | None = None
) -> str:
    """A round file's text: canonical layout, multi-line text as a literal block.

    ``header`` is the comment lines put first (default: the schema line for ``data/progress/``).
    """
    data: dict[str, Any] = {"name": name, "as_of": as_of}
    if open:
        data["open"] = True
    data["entries"] = [entry_data(e) for e in entries]
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9, indent=2)
    return (DEFAULT_HEADER if header is None else header) + body


def leading_comments(text: str) -> str:
    """The comment lines a round file starts with (kept when the file is rewritten)."""
    lines = text.splitlines(keepends=True)
    kept = []
    for line in lines:
        if not line.startswith("#"):
            break
        kept.append(line if line.endswith("\n") else line + "\n")
    return "".join(kept)


class _Dumper(yaml.SafeDumper):
    """Block style, no aliases, Chinese as is, paragraphs as a literal block."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


# -- synthetic progress (benchmarks, examples) ---------------------------------------------------


def round_calendar(year: int, count: int) -> list[tuple[str, str, dt.date]]:
    """``count`` rounds splitting the year evenly: (id, name, 截至 date) each, at month ends."""
    names = {
        1: ["全年"],
        2: ["上半年", "下半年"],
        4: ["第一季度", "第二季度", "第三季度", "第四季度"],
    }
    prefix = {1: "y", 2: "h", 4: "q"}.get(count, "r")
    calendar = []
    for k in range(1, count + 1):
        month = max(1, round(12 * k / count))
        end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        label = names[count][k - 1] if count in names else f"第{k}轮"
        calendar.append((f"{year}-{prefix}{k}", f"{year}年{label}（示例）", end))
    return calendar


def synth_progress(plan: Plan, *, rounds: int = 4, seed: int = 0, coverage: float = 1.0) -> dict[str, str]:
    """Fictional progress for a plan: ``rounds`` round files (id → YAML text), every entry marked
    as an example. Each responsible (task, body) pair reports in a round with chance ``coverage``;
    statuses only move forward. The same plan and seed give the same files."""
    import random

    rng = random.Random(seed)
    year = plan.publication.issued.year
    state: dict[tuple[int, str], int] = {}
    files: dict[str, str] = {}
    start = dt.date(year, 1, 1)
    for round_id, name, as_of in round_calendar(year, rounds):
        entries = []
        for ref in plan.tasks:
            for unit in ref.task.responsible:
                if rng.random() < coverage:
                    entries.append(_synth_entry(rng, ref, unit, state, (start, as_of)))
        files[round_id] = dump_round(name, as_of, entries)
        start = as_of + dt.timedelta(days=1)
    return files


def _synth_entry(
    rng: Any, ref: TaskRef, unit: str, state: dict[tuple[int, str], int], period: tuple[dt.date, dt.date]
) -> Entry:
    from generator.synth import CLAUSES, OBJECTS, VERBS

    statuses = list(STATUSES)
    step = min(3, state.get((ref.number, unit), 0) + rng.choice([0, 1, 1, 2]))
    state[(ref.number, unit)] = step
    status = statuses[step] if step < 3 else rng.choice(["已完成", "持续推进"])
    date = period[0] + dt.timedelta(days=rng.randrange((period[1] - period[0]).days + 1))
    paragraphs = [
        f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}，"
        + "，".join(rng.choice(CLAUSES).format(o=rng.choice(OBJECTS)) for _ in range(rng.randint(2, 3)))
        + "。"
        for _ in range(rng.randint(1, 3))
    ]
    evidence: tuple[Evidence, ...] = ()
    if rng.random() < 0.2:
        link = f"https://example.org/progress/{ref.number}-{rng.randrange(10**6)}"
        evidence = (Evidence(title=f"{ref.task.title}工作动态（示例）", url=link),)
    text = "\n".join(paragraphs)
    return Entry(
        task=ref.number, unit=unit, status=status, date=date, text=text, evidence=evidence, example=True
    )
