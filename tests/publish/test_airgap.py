"""Air-gapped build machines: a wheelhouse made on a connected machine installs everything offline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT


@pytest.mark.slow
def test_wheelhouse_is_complete(tmp_path: Path) -> None:
    wheelhouse = tmp_path / "wheelhouse"
    # On the connected machine (the README's command).
    made = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", str(ROOT), "--wheel-dir", str(wheelhouse)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert made.returncode == 0, made.stderr
    # On the air-gapped machine: no index at all, only the wheelhouse.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": os.devnull, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PLAN_FILE", None)
    installed = subprocess.run(
        [
            str(venv / "bin" / "pip"),
            "install",
            "--quiet",
            "--no-index",
            "--find-links",
            str(wheelhouse),
            "weinan-fzzf",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )
    assert installed.returncode == 0, installed.stderr
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("data", "docs", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    built = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "generator", "build", "-d", str(tmp_path / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "tasks" / "25" / "index.html").is_file()
    assert (tmp_path / "site" / "downloads" / "matrix.xlsx").is_file()
