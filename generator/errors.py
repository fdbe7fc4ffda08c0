"""One exception family for everything an editor can get wrong."""

from __future__ import annotations

from dataclasses import dataclass


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


class PlanError(GeneratorError):
    """The plan file has one or more problems; all of them are carried at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        lines.append(f"共发现 {len(self.problems)} 个问题，未生成任何文件。请逐条修改后重试。")
        return "\n".join(lines)
