"""Shared helpers for the tests (paths, running the command line)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import signal
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
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
    from generator.cli.main import main

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


@dataclass
class Measured:
    """A command run in a process of its own, with its wall time and peak memory."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    megabytes: float


#: Runs its arguments and writes the child's wall time and peak memory. The CLI must be started from
#: this small process: a child forked from pytest inherits pytest's memory high-water mark.
_MEASURE = """
import os, subprocess, sys, time
start = time.monotonic()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{time.monotonic() - start} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measured_cli(
    *args: str,
    cwd: Path,
    limit: float = 60,
    tool: str = "generator",
    env: dict[str, str | None] | None = None,
) -> Measured:
    """``python -m generator …`` (or another ``tool``) in a process of its own, measured (see
    :data:`_MEASURE`), with ``env`` over the test's environment (``None`` removes a variable); a run
    longer than ``limit`` seconds is killed and fails the test instead of stopping the suite."""
    settings: dict[str, str | None] = {"PLAN_FILE": None, **(env or {})}
    full = {**os.environ, "PYTHONPATH": str(ROOT)}
    for key, value in settings.items():
        if value is None:
            full.pop(key, None)
        else:
            full[key] = value
    with tempfile.TemporaryDirectory() as scratch:
        measured = Path(scratch) / "measured"
        wrapper = subprocess.Popen(
            [sys.executable, "-c", _MEASURE, str(measured), sys.executable, "-m", tool, *args],
            cwd=cwd,
            env=full,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            stdout, stderr = wrapper.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(wrapper.pid, signal.SIGKILL)
            wrapper.communicate()
            raise
        seconds, kilobytes = measured.read_text().split()
    return Measured(
        wrapper.returncode,
        stdout.decode("utf-8"),
        stderr.decode("utf-8"),
        float(seconds),
        int(kilobytes) / 1024,  # ru_maxrss is in KB on Linux
    )


def tree_state(folder: Path) -> dict[str, str]:
    """Everything under ``folder``, hidden entries included: files by content, links by where they point
    (to assert that a refused command changed nothing)."""
    state = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            state[key] = "-> " + os.readlink(path)
        elif path.is_file():
            state[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            state[key] = "dir"
    return state


def free_port() -> int:
    """A free port on loopback (for a server a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
