"""One exception family for everything an editor can get wrong."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

YamlPath = tuple[str | int, ...]
#: 1-based (line, column) of each value in a file, by YAML path.
Positions = dict[YamlPath, tuple[int, int]]


def format_path(path: Iterable[str | int]) -> str:
    """``('sections', 0, 'title')`` → ``sections[0].title``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def position(positions: Positions, path: YamlPath) -> tuple[int | None, int | None]:
    """Where a value is, or the nearest enclosing value that has a position."""
    for end in range(len(path), -1, -1):
        if path[:end] in positions:
            return positions[path[:end]]
    return None, None


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in an input file, with where it is and what to do."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class GeneratorError(Exception):
    """Base of every error this package reports to a user (never with a traceback)."""


class InputError(GeneratorError):
    """An input file (or an argument naming one) has one or more problems; all are carried at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        lines.append(f"共发现 {len(self.problems)} 个问题，未生成任何文件。请逐条修改后重试。")
        return "\n".join(lines)


class PlanError(InputError):
    """The plan file has problems."""


class ProgressError(InputError):
    """Round files or returned workbooks (落实情况) have problems."""


class UsageError(InputError):
    """A command's argument names something that does not exist (a body, a round)."""
