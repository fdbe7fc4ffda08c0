"""Shared helpers for the tests (paths, running the command line)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "data" / "plan.yaml"
SOURCE = ROOT / "data" / "source" / "weinan-2024.txt"
CASES = Path(__file__).resolve().parent / "cases"
MINI = CASES / "mini.yaml"


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m generator`` the way an editor does."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT)}
    full_env.pop("PLAN_FILE", None)  # a test names its plan explicitly, never through the caller's shell
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd or ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def source_plan_lines() -> list[str]:
    """The plan's lines in the published article: from the title line to the last task."""
    lines = [ln for ln in SOURCE.read_text(encoding="utf-8").splitlines() if ln.strip()]
    start = lines.index("渭南市2024年法治政府建设工作要点")
    end = next(i for i, ln in enumerate(lines) if ln.startswith("(二十五)"))
    return lines[start : end + 1]


#: One page of every type of the real site (phone layout tests and `make screenshots` visit each).
PAGE_TYPES = {
    "home": "",
    "section": "sections/3/",
    "task": "tasks/7/",
    "units": "units/",
    "unit": "units/gexianshiquzhengfu/",
    "matrix": "matrix/",
    "targets": "targets/",
    "fulltext": "fulltext/",
    "references": "references/",
    "downloads": "downloads/",
    "about": "about/",
    "help": "help/",
    "404": "404.html",
}
