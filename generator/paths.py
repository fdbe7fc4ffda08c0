"""Which plan, which 落实情况 folder: answered in one place for the plugin, every command and publish.

Each is taken from, in this order: the environment (``PLAN_FILE``, ``PROGRESS_DIR``), the plan
plugin's option in ``mkdocs.yml`` (``plan:``, ``progress:``), the default. A relative path is
relative to the folder of ``mkdocs.yml`` (the project), whatever the current folder is.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PLAN = "data/plan.yaml"
DEFAULT_PROGRESS = "data/progress"
PLAN_VARIABLE = "PLAN_FILE"
PROGRESS_VARIABLE = "PROGRESS_DIR"


@dataclass(frozen=True)
class Inputs:
    """The files a site is built from."""

    plans: tuple[Path, ...]
    """The plan files: one, or every year's on a site of several plans (in the order listed)."""
    progress: Path
    """The folder of the round files (it need not exist: no progress published yet). On a site of
    several plans, each plan's rounds are in its subfolder named by the plan's year."""

    @property
    def plan(self) -> Path:
        """The plan a command works on by default: the last listed (the current year's)."""
        return self.plans[-1]


def inputs(
    root: Path,
    plan_option: str | Sequence[str] | None = None,
    progress_option: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Inputs:
    """The plan files and the progress folder of the project at ``root``: environment (``PLAN_FILE``
    names one plan), then the plugin's options (``plan:`` one file or a list), then the defaults."""
    listed = [plan_option] if isinstance(plan_option, str) else list(plan_option or [])
    plans = [environ[PLAN_VARIABLE]] if environ.get(PLAN_VARIABLE) else listed or [DEFAULT_PLAN]
    progress = environ.get(PROGRESS_VARIABLE) or progress_option or DEFAULT_PROGRESS
    return Inputs(tuple(root / plan for plan in plans), root / progress)
