"""Which plan, which 落实情况 folder: answered in one place for the plugin, every command and publish.

Each is taken from, in this order: the environment (``PLAN_FILE``, ``PROGRESS_DIR``), the plan
plugin's option in ``mkdocs.yml`` (``plan:``, ``progress:``), the default. A relative path is
relative to the folder of ``mkdocs.yml`` (the project), whatever the current folder is.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PLAN = "data/plan.yaml"
DEFAULT_PROGRESS = "data/progress"
PLAN_VARIABLE = "PLAN_FILE"
PROGRESS_VARIABLE = "PROGRESS_DIR"


@dataclass(frozen=True)
class Inputs:
    """The files a site is built from."""

    plan: Path
    progress: Path
    """The folder of the round files (it need not exist: no progress published yet)."""


def inputs(
    root: Path,
    plan_option: str | None = None,
    progress_option: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Inputs:
    """The plan file and the progress folder of the project at ``root``: environment, then the
    plugin's options, then the defaults."""
    plan = environ.get(PLAN_VARIABLE) or plan_option or DEFAULT_PLAN
    progress = environ.get(PROGRESS_VARIABLE) or progress_option or DEFAULT_PROGRESS
    return Inputs(root / plan, root / progress)
