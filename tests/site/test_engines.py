"""Engine continuity: the site builds the same under MkDocs 1.6.1 and under ProperDocs.

MkDocs 1.x is frozen at 1.6.1 and ProperDocs continues it as a drop-in (it reads ``mkdocs.yml``,
runs the same plugins and themes, and aliases every ``mkdocs.*`` import). The plugin must not
depend on anything the two do differently: every output file is compared byte for byte, ignoring
only the ``<meta name="generator">`` line that names the engine.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EPOCH, EXAMPLE_PROGRESS
from tests.helpers import ROOT

pytestmark = pytest.mark.slow

_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _build(engine: str, dest: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PLAN_FILE", None)
    env["PROGRESS_DIR"] = str(EXAMPLE_PROGRESS)  # the pages that show 落实情况 too
    command = [sys.executable, "-m", engine, "build", "--strict", "-f", "mkdocs.yml", "-d", str(dest)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): _GENERATOR.sub(b"<meta name=generator>", p.read_bytes())
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    _build("mkdocs", tmp_path / "mkdocs")
    _build("properdocs", tmp_path / "properdocs")
    ours, theirs = _files(tmp_path / "mkdocs"), _files(tmp_path / "properdocs")
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []
    # The comparison is not vacuous: both name their engine, and the engines differ.
    home = (tmp_path / "properdocs" / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in home
    assert "ProperDocs" not in (tmp_path / "mkdocs" / "index.html").read_text(encoding="utf-8")
    assert len(ours) > 100 and any(name.startswith("updates/") for name in ours)
