"""What a round brought: for each round, newest first, its reports with what each changed since the
pair's previous report, and its status counts (the /updates/ pages and the feed show these).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.progress.model import NOT_REPORTED, Change, Progress, Round

if TYPE_CHECKING:
    pass


#: Statuses that meet a target as reported (continuous work carried out as required counts).
MET = frozenset({"已完成", "持续推进"})


def published(progress: Progress | None) -> bool:
    """Whether any round has been published."""
    return progress is not None and progress.latest is not None


@dataclass(frozen=True)
class RoundSummary:
    """A round as /updates/ and the feed show it."""

    round: Round
    previous: Round | None
    changes: tuple[Change, ...]
    kinds: dict[str, int]
    """How many reports are new, changed status, or only updated their text."""
    counts: dict[str, int]

    @property
    def status_changes(self) -> list[Change]:
        return [c for c in self.changes if c.kind == "status"]

    def summary(self) -> str:
        """One plain sentence of what the round brought (the feed's summary)."""
        k = self.kinds
        return (
            f"截至{self.round.as_of}，共 {len(self.round.entries)} 条报送：首次报送 {k['new']} 条，"
            f"状态变化 {k['status']} 条，内容更新 {k['text']} 条；未报送 {self.counts[NOT_REPORTED]} 处。"
        )


def round_summaries(progress: Progress | None) -> list[RoundSummary]:
    """Every round, newest first, with what changed since the previous one."""
    if progress is None:
        return []
    summaries = []
    for rnd in reversed(progress.rounds):
        changes = progress.changes(rnd.id)
        kinds = Counter(c.kind for c in changes)
        summaries.append(
            RoundSummary(
                rnd,
                progress.previous(rnd.id),
                changes,
                {k: kinds[k] for k in ("new", "status", "text")},
                progress.status_counts(rnd.id),
            )
        )
    return summaries
