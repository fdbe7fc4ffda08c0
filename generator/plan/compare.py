"""What changed from one year's plan to the next, computed from the two plans' own words.

Which task of the new plan carries on which task of the old one is an editorial judgement, given
as ``links`` ({new task number: old task number}); everything else is read off the two texts:
the title and text of each carried task compared piece by piece, the bodies that answer for it,
the tasks that are new or no longer listed, the bodies that newly answer for a task or no longer
do, and the quantified targets whose reading changed (each with both phrases, verbatim).

The text comparison is :class:`difflib.SequenceMatcher` over characters (a number or a Latin word
is one piece, so 60 → 80 reads as one change, not as 6 → 8), with short unchanged islands between
two changes folded into them so that a rewritten clause reads as one removal and one addition.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from generator.errors import GeneratorError
from generator.plan.model import TARGET_FIELD_LABELS, Plan, Target, TaskRef, Unit

SegmentKind = Literal["same", "added", "removed"]

#: The pieces a text is compared in: a number (with its decimals and %), a run of Latin letters,
#: or any other single character (a Chinese character, a punctuation mark).
_PIECE = re.compile(r"\d+(?:\.\d+)?%?|[A-Za-z]+|.", re.DOTALL)

#: How many piece-to-piece trials a text comparison may make, per piece of the two texts (see
#: :func:`_matching_blocks`): ordinary prose of 5,000 characters a side takes under half of it.
WORK_PER_PIECE = 400
#: ... and at least this many, however short the texts.
WORK_FLOOR = 100_000

#: The fields of a target's reading that a change is reported for, with their names on the page.
TARGET_FIELDS: dict[str, str] = {
    key: TARGET_FIELD_LABELS[key] for key in ("value", "unit", "qualifier", "frequency", "scope", "period")
}


@dataclass(frozen=True)
class Segment:
    """A run of text that both versions share, or that only the new or only the old one has."""

    kind: SegmentKind
    text: str


Diff = tuple[Segment, ...]


@dataclass(frozen=True)
class Carried:
    """A task of the new plan and the task of the old plan it carries on."""

    new: TaskRef
    old: TaskRef
    title: Diff
    text: Diff
    bodies_added: tuple[str, ...]
    """Bodies that answer for the new task and did not for the old one, in the new task's order."""
    bodies_removed: tuple[str, ...]
    """Bodies that answered for the old task and do not for the new one, in the old task's order."""

    @property
    def title_changed(self) -> bool:
        return _changed(self.title)

    @property
    def text_changed(self) -> bool:
        return _changed(self.text)

    @property
    def bodies_reordered(self) -> bool:
        """The same bodies, listed in another order."""
        return not self.bodies_changed and self.new.task.responsible != self.old.task.responsible

    @property
    def bodies_changed(self) -> bool:
        return bool(self.bodies_added or self.bodies_removed)

    @property
    def changed(self) -> bool:
        return self.title_changed or self.text_changed or self.bodies_changed or self.bodies_reordered


@dataclass(frozen=True)
class BodyChange:
    """A body that answers for tasks in one plan and for none in the other, with those tasks."""

    unit: Unit
    tasks: tuple[TaskRef, ...]


@dataclass(frozen=True)
class TargetChange:
    """A quantified target of a carried task: changed, newly listed or no longer listed."""

    new_task: TaskRef
    old_task: TaskRef
    old: Target | None
    new: Target | None
    fields: tuple[str, ...]
    """The fields of the reading (keys of :data:`TARGET_FIELDS`) that differ; empty unless both sides exist."""

    @property
    def kind(self) -> Literal["changed", "added", "removed"]:
        return "added" if self.old is None else "removed" if self.new is None else "changed"


@dataclass(frozen=True)
class Counts:
    """The numbers of the summary line."""

    carried: int
    carried_changed: int
    text_changed: int
    bodies_changed: int
    added: int
    dropped: int
    bodies_gained: int
    bodies_lost: int
    targets_changed: int
    targets_added: int
    targets_removed: int


@dataclass(frozen=True)
class Changes:
    """Everything that changed from ``old`` to ``new``."""

    carried: tuple[Carried, ...]
    """Every linked pair, in the new plan's order."""
    added: tuple[TaskRef, ...]
    """Tasks of the new plan that carry on no task of the old one."""
    dropped: tuple[TaskRef, ...]
    """Tasks of the old plan that no task of the new one carries on."""
    bodies_gained: tuple[BodyChange, ...]
    """Bodies answering for tasks of the new plan and for none of the old, in the new registry's order."""
    bodies_lost: tuple[BodyChange, ...]
    """Bodies that answered for tasks of the old plan and for none of the new, in the old registry's order."""
    targets: tuple[TargetChange, ...]

    @property
    def counts(self) -> Counts:
        kinds = [t.kind for t in self.targets]
        return Counts(
            carried=len(self.carried),
            carried_changed=sum(c.changed for c in self.carried),
            text_changed=sum(c.title_changed or c.text_changed for c in self.carried),
            bodies_changed=sum(c.bodies_changed or c.bodies_reordered for c in self.carried),
            added=len(self.added),
            dropped=len(self.dropped),
            bodies_gained=len(self.bodies_gained),
            bodies_lost=len(self.bodies_lost),
            targets_changed=kinds.count("changed"),
            targets_added=kinds.count("added"),
            targets_removed=kinds.count("removed"),
        )


def compare(new: Plan, old: Plan, links: Mapping[int, int]) -> Changes:
    """What changed from ``old`` to ``new``; ``links`` says which old task each new task carries on.

    Several new tasks may carry on one old task (a task split in two). A number that names no
    task is refused with a message saying which.
    """
    _check_links(new, old, links)
    carried = tuple(
        _carried(ref, old.tasks[links[ref.number] - 1]) for ref in new.tasks if ref.number in links
    )
    continued = set(links.values())
    return Changes(
        carried=carried,
        added=tuple(ref for ref in new.tasks if ref.number not in links),
        dropped=tuple(ref for ref in old.tasks if ref.number not in continued),
        bodies_gained=_bodies_only_in(new, old),
        bodies_lost=_bodies_only_in(old, new),
        targets=tuple(change for pair in carried for change in _target_changes(pair.new, pair.old)),
    )


def diff_text(old: str, new: str) -> Diff:
    """``old`` turned into ``new`` as runs of shared, removed and added text (removals first)."""
    a, b = _PIECE.findall(old), _PIECE.findall(new)
    blocks: list[_Block] = []
    i = j = 0
    for start_a, start_b, size in [*_matching_blocks(a, b), (len(a), len(b), 0)]:
        if i < start_a or j < start_b:
            _push(blocks, _Block(None, "".join(a[i:start_a]), "".join(b[j:start_b])))
        if size:
            same = "".join(a[start_a : start_a + size])
            last = blocks[-1].same if blocks else None
            blocks[-1:] = [_Block(last + same)] if last is not None else [*blocks[-1:], _Block(same)]
        i, j = start_a + size, start_b + size
    segments: list[Segment] = []
    for block in blocks:
        if block.same is not None:
            segments.append(Segment("same", block.same))
            continue
        if block.removed:
            segments.append(Segment("removed", block.removed))
        if block.added:
            segments.append(Segment("added", block.added))
    return tuple(segments)


# -- the pieces ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    """Shared text (``same``), or a change: the old text ``removed`` and the new text ``added``."""

    same: str | None
    removed: str = ""
    added: str = ""

    @property
    def size(self) -> int:
        return max(len(self.removed), len(self.added))


def _matching_blocks(a: list[str], b: list[str]) -> list[tuple[int, int, int]]:
    """The pieces ``a`` and ``b`` share, as ``difflib`` finds them, within a fixed amount of work.

    What the texts begin and end with in common is taken first. ``SequenceMatcher`` takes cubic
    time on text that repeats one character (seconds for a few hundred pieces), so its search is
    run here range by range, each range's cost known in advance (every piece of ``a`` in it is
    tried against each place ``b`` has that piece, and costs one trial more), and the work is bounded in proportion to the
    texts' length: a range that would exceed what is left of it is not searched and reads as
    removed and added. The same texts always give the same result.
    """
    common = min(len(a), len(b))
    head = tail = 0
    while head < common and a[head] == b[head]:
        head += 1
    while tail < common - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    found = [(0, 0, head)] if head else []
    if tail:
        found.append((len(a) - tail, len(b) - tail, tail))
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    in_b = Counter(b)
    cost = list(accumulate((1 + in_b[piece] for piece in a), initial=0))
    left = max(WORK_FLOOR, WORK_PER_PIECE * (len(a) + len(b)))
    ranges = deque([(head, len(a) - tail, head, len(b) - tail)])
    while ranges:
        alo, ahi, blo, bhi = ranges.popleft()
        work = cost[ahi] - cost[alo]
        if work > left:
            continue
        left -= work
        i, j, size = matcher.find_longest_match(alo, ahi, blo, bhi)
        if size:
            found.append((i, j, size))
            if alo < i and blo < j:
                ranges.append((alo, i, blo, j))
            if i + size < ahi and j + size < bhi:
                ranges.append((i + size, ahi, j + size, bhi))
    return sorted(found)


def _push(blocks: list[_Block], change: _Block) -> None:
    """Append a change, folding into it each unchanged island no longer than the changes around it."""
    while len(blocks) >= 2 and blocks[-1].same is not None and blocks[-2].same is None:
        island, before = blocks[-1].same, blocks[-2]
        if len(island) > min(before.size, change.size):
            break
        blocks[-2:] = []
        change = _Block(None, before.removed + island + change.removed, before.added + island + change.added)
    blocks.append(change)


def _changed(diff: Diff) -> bool:
    return any(segment.kind != "same" for segment in diff)


def _check_links(new: Plan, old: Plan, links: Mapping[int, int]) -> None:
    wrong = [
        f"新计划第 {n} 项承接上一年第 {o} 项"
        for n, o in sorted(links.items())
        if not 1 <= n <= len(new.tasks) or not 1 <= o <= len(old.tasks)
    ]
    if wrong:
        raise GeneratorError(
            f"任务对应关系中的编号不存在：{'；'.join(wrong)}。新计划共 {len(new.tasks)} 项任务，"
            f"上一年共 {len(old.tasks)} 项任务。请改正编号后重试。"
        )


def _carried(new: TaskRef, old: TaskRef) -> Carried:
    now, before = new.task.responsible, old.task.responsible
    return Carried(
        new=new,
        old=old,
        title=diff_text(old.task.title, new.task.title),
        text=diff_text(old.task.text, new.task.text),
        bodies_added=tuple(name for name in now if name not in before),
        bodies_removed=tuple(name for name in before if name not in now),
    )


def _bodies_only_in(plan: Plan, other: Plan) -> tuple[BodyChange, ...]:
    elsewhere = {name for ref in other.tasks for name in ref.task.responsible}
    return tuple(
        BodyChange(unit, refs)
        for unit in plan.units
        if unit.name not in elsewhere and (refs := plan.tasks_of_unit(unit.name))
    )


def _target_changes(new: TaskRef, old: TaskRef) -> Iterable[TargetChange]:
    """The targets of a carried task paired up, then those that differ, were added or went.

    A phrase that is still there word for word is the same target. The others are paired by kind
    and unit, in their order; what is left by kind alone, in order.
    """
    before = [t for t in old.task.targets if t.phrase not in {n.phrase for n in new.task.targets}]
    after = [t for t in new.task.targets if t.phrase not in {o.phrase for o in old.task.targets}]
    pairs: list[tuple[Target, Target]] = []
    for key in (_kind_and_unit, _kind):
        for o in list(before):
            match = next((n for n in after if key(n) == key(o)), None)
            if match is not None:
                pairs.append((o, match))
                before.remove(o)
                after.remove(match)
    pairs.sort(key=lambda pair: new.task.targets.index(pair[1]))
    for o, n in pairs:
        fields = tuple(f for f in TARGET_FIELDS if getattr(o, f) != getattr(n, f))
        if fields:
            yield TargetChange(new, old, o, n, fields)
    for n in after:
        yield TargetChange(new, old, None, n, ())
    for o in before:
        yield TargetChange(new, old, o, None, ())


def _kind_and_unit(target: Target) -> tuple[str, str | None]:
    return target.kind, target.unit


def _kind(target: Target) -> tuple[str, str | None]:
    return target.kind, None
