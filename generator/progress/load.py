"""Reading round files against the plan: every problem of every file at once.

A well-formed file is read quickly by libyaml; a file with any problem is read again, keeping every
position, so that each problem says file:line:column and YAML path in Chinese. Large folders are
read by several processes while the plan loads (:class:`RoundFiles`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import os
import re
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.errors import InputError, Positions, Problem, ProgressError, format_path, position
from generator.files import read_input
from generator.plan.model import Plan
from generator.progress.checks import (
    _has_invisible,
    _status_message,
    canonical_order,
    check_round,
    round_id_problem,
    string_problems,
)
from generator.progress.model import (
    MAX_TEXT_LENGTH,
    SCHEMA_FILE,
    Entry,
    Progress,
    Round,
    RoundFile,
)
from generator.progress.write import entry_data
from generator.textcheck import MAX_FIELD_LENGTH, length_warnings, strings
from generator.yamlio import decode, read_yaml, shape_message

#: Round files of a plan of 2,500 tasks with 10,000 entries are about 4 MB; the limit leaves eight
#: times that, and refuses what is surely no round file (a device, a 5 GB log) before reading it.
MAX_ROUND_BYTES = 32 * 1024 * 1024


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
    every file is reported together in one :class:`~generator.errors.ProgressError`.
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
            except InputError as exc:
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
        """The rounds checked against ``plan``; :class:`~generator.errors.ProgressError` with every problem of every file."""
        problems = list(self.problems)
        quick = [f.result() for f in self._quick] if self._quick else map(_fast_parse, self.texts.values())
        rounds: list[Round] = []
        for (path, text), fast in zip(self.texts.items(), quick, strict=True):
            try:
                rounds.append(_round(text, str(path), path.stem, plan, fast))
            except InputError as exc:
                problems += exc.problems
        if problems:
            raise ProgressError(problems)
        return Progress(plan, tuple(sorted(rounds, key=lambda r: (r.as_of, r.id))))


def load_round(path: str | Path, plan: Plan) -> Round:
    """Read and validate one round file; its id is the file name without the extension."""
    path = Path(path)
    return parse_round(read_round_text(path), str(path), path.stem, plan)


def read_round_text(path: Path) -> str:
    """A round file's text (at most :data:`MAX_ROUND_BYTES`; InputError for a FIFO, a device, …)."""

    return decode(read_input(path, limit=MAX_ROUND_BYTES), str(path))


def parse_round(raw: bytes | str, filename: str, round_id: str, plan: Plan) -> Round:
    """Parse and validate one round given as bytes or text; raise :class:`~generator.errors.ProgressError` on any problem."""

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
    except InputError as exc:
        raise ProgressError([*problems, *map(_round_wording, exc.problems)]) from None
    problems += map(_round_wording, problems_in_values)
    if not isinstance(data, dict):
        hint = "文件为空。" if data is None else "文件顶层应为映射。"
        hint += "请按格式填写 name、as_of 和 entries（可参照 examples/progress/ 中的示例）。"
        raise ProgressError([*problems, Problem(filename, *positions.get((), (1, 1)), "", hint)])
    problems += string_problems(data, filename, positions)
    try:
        parsed = RoundFile.model_validate(data)
    except ValidationError as exc:
        reported = {p.path for p in problems}
        problems += [p for p in _shape_problems(exc, filename, positions) if p.path not in reported]
        parsed = None
    if problems:
        # Report what is wrong in the rest of the file too, malformed entries included: every problem at once.
        header, entries, masked = _valid_parts(data, plan)
        problems += [
            p
            for p in check_round(header, entries, plan, filename, positions)
            if not any(p.path == m or p.path.startswith(m + ".") for m in masked)
        ]
        raise ProgressError(list(dict.fromkeys(problems)))  # the error puts them in order
    assert parsed is not None
    problems += check_round(parsed, dict(enumerate(parsed.entries)), plan, filename, positions)
    if problems:
        raise ProgressError(problems)
    ordered = canonical_order(parsed.entries, plan)
    return Round(round_id, parsed.name, parsed.as_of, parsed.open, ordered, filename)


def _round_wording(problem: Problem) -> Problem:
    """A problem found by the plan's YAML reader, worded for a round file."""
    return dataclasses.replace(problem, message=_reworded(problem.message))


def _reworded(message: str) -> str:
    return message.replace("计划文件", "轮次文件").replace("data/plan.schema.json", SCHEMA_FILE)


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


#: What stands in for a malformed field while the rest of its entry is checked (never reported).
_STAND_IN: dict[str, Any] = {"status": "推进中", "text": "（待改正）", "evidence": (), "example": False}


def _valid_parts(data: dict[str, Any], plan: Plan) -> tuple[RoundFile | None, dict[int, Entry], set[str]]:
    """The round's header and its entries by index, for the checks that need the plan, and the YAML
    paths whose checks are left out. An entry whose own shape is wrong is checked with a stand-in
    for each malformed field (its problem is already reported), so the rest of it is checked too."""
    try:
        known = {key: value for key, value in data.items() if key in {"name", "as_of", "open"}}
        header: RoundFile | None = RoundFile.model_validate(known)
    except ValidationError:
        header = None
    entries: dict[int, Entry] = {}
    masked: set[str] = set()
    raw = data.get("entries")
    for i, item in enumerate(raw if isinstance(raw, list) else []):
        try:
            entries[i] = Entry.model_validate(item)
            continue
        except ValidationError as exc:
            wrong = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
        if not isinstance(item, dict) or wrong & {"task", "unit"} or not wrong <= {*_STAND_IN, "date"}:
            continue  # nothing further can be said of which task or body it is about
        stand_in = {**_STAND_IN, "date": dt.date(plan.publication.issued.year, 1, 1)}
        repaired = {**item, **{field: stand_in[field] for field in wrong}}
        try:
            entries[i] = Entry.model_validate(repaired)
        except ValidationError:
            continue
        masked |= {format_path(("entries", i, field)) for field in wrong}
    return header, entries, masked


def _shape_problems(exc: ValidationError, filename: str, positions: Positions) -> Iterator[Problem]:

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


def round_warnings(rnd: Round) -> list[Problem]:
    """Soft problems of a valid round, as the plan has them: text much longer than such a field
    ever is (see generator.textcheck.length_warnings)."""

    texts = [rnd.name, *(text for entry in rnd.entries for _, text in strings(entry_data(entry)))]
    if all(len(text) <= MAX_FIELD_LENGTH for text in texts):
        return []
    data, positions, _ = read_yaml(read_round_text(Path(rnd.source)), rnd.source)
    return length_warnings(data, rnd.source, positions)
