"""Shared helpers for the tests (paths, running the command line)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "data" / "plan.yaml"
SOURCE = ROOT / "data" / "source" / "weinan-2024.txt"
CASES = Path(__file__).resolve().parent / "cases"
MINI = CASES / "mini.yaml"


#: Commands that build a site: always in their own process (MkDocs keeps state between builds).
SITE_COMMANDS = {"build", "publish", "serve"}


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, isolated: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m generator`` the way an editor does, and return what it printed.

    Quick commands run in this process, through the same ``main`` that ``python -m generator``
    calls (starting an interpreter per call was most of the fast tests' time); anything but a
    Chinese message and an exit status still fails the test, as an uncaught exception. Site
    builds, and tests that guard against a hang (``isolated``), get a process of their own.
    """
    full_env = {**os.environ, "PYTHONPATH": str(ROOT)}
    full_env.pop("PLAN_FILE", None)  # a test names its plan explicitly, never through the caller's shell
    full_env.update(env or {})
    if isolated or SITE_COMMANDS & set(args[:1]) or "--help" in args:
        return subprocess.run(
            [sys.executable, "-m", "generator", *args],
            cwd=cwd or ROOT,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    return _in_process(list(args), cwd or ROOT, full_env)


def _in_process(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(args)
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["generator", *args], code, out.getvalue(), err.getvalue())


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
