"""The MkDocs build as a whole: strictness, escaping, environment contract, live preview."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import build_site
from tests.helpers import MINI, ROOT, free_port, run_cli

HOSTILE = (
    MINI.read_text(encoding="utf-8")
    .replace("title: 推进职能协调高效", "title: '<script>alert(1)</script>**加粗**_斜体_[链接](x)&amp;'")
    .replace(
        "text: 全面实行政府权责清单制度,重大行政决策合法性审查率100%。",
        "text: '<img src=x onerror=alert(2)> # 1. + 全面实行政府权责清单制度,重大行政决策合法性审查率100%。'",
    )
)


def test_real_plan_builds_strictly_without_warnings(site_build) -> None:  # type: ignore[no-untyped-def]
    _, result = site_build  # the session's build of the real plan, as `make site` runs it
    assert result.returncode == 0, result.stderr
    assert not [ln for ln in result.stderr.splitlines() if ln.startswith(("WARNING", "ERROR"))]


@pytest.mark.slow
def test_plan_text_is_text_never_markup(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(HOSTILE, encoding="utf-8")
    result = build_site(tmp_path / "site", plan=plan)
    assert result.returncode == 0, result.stderr
    raw = (tmp_path / "site" / "tasks" / "1" / "index.html").read_text(encoding="utf-8")
    doc = BeautifulSoup(raw, "html.parser")
    title = "<script>alert(1)</script>**加粗**_斜体_[链接](x)&amp;"
    assert doc.select_one("article h1").get_text() == f"(一){title}"
    assert doc.title.get_text().startswith(f"(一){title}")
    assert doc.select_one(".plan-text").get_text().startswith("<img src=x onerror=alert(2)> # 1. + ")
    executable = [s for s in doc.find_all("script") if s.get("type") != "application/ld+json"]
    assert not [s for s in executable if "alert" in s.get_text()]
    for data in doc.find_all("script", attrs={"type": "application/ld+json"}):
        assert "<" not in data.string  # JSON-LD escapes markup characters
    assert not doc.select("article img, article strong em, article .plan-text ol, article h1 ol")
    assert "<script>alert(1)" not in raw and "<img src=x" not in raw
    home = BeautifulSoup((tmp_path / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert f"(一){title}" in [a.get_text() for a in home.select(".plan-tasklist a")]


@pytest.mark.slow
def test_invalid_plan_stops_the_build_with_the_validate_messages(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        MINI.read_text(encoding="utf-8").replace(
            "- 市司法局\n    - 市政府有关部门", "- 市司法厅\n    - 市政府有关部门"
        ),
        encoding="utf-8",
    )
    result = build_site(tmp_path / "site", plan=plan)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "未登记的责任单位“市司法厅”" in output
    assert f"{plan}:16:7: sections[0].tasks[0].responsible[0]" in output
    assert "Traceback" not in output
    assert not (tmp_path / "site" / "index.html").exists()


@pytest.mark.slow
def test_environment_contract(tmp_path: Path) -> None:
    result = build_site(
        tmp_path / "site", plan=MINI, env={"SITE_URL": "https://example.gov.cn/gov/fzzf/2024/"}
    )
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.gov.cn/gov/fzzf/2024/">' in index
    assert "示例市2024年法治政府建设工作要点" in index  # PLAN_FILE chose the plan
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2024-04-20</lastmod>" in sitemap  # SOURCE_DATE_EPOCH=1713571200


@pytest.mark.slow
def test_serve_rebuilds_when_the_plan_changes(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    port = free_port()
    env = {**os.environ, "PLAN_FILE": str(plan)}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def fetch() -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/tasks/1/", timeout=5) as response:
            return response.read().decode("utf-8")

    def wait_for(text: str) -> bool:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if text in fetch():
                    return True
            except OSError:
                pass
            time.sleep(0.5)
        return False

    try:
        assert wait_for("推进职能协调高效")
        plan.write_text(
            plan.read_text(encoding="utf-8").replace("推进职能协调高效", "推进职能更加协调高效"),
            encoding="utf-8",
        )
        assert wait_for("推进职能更加协调高效")
        # A broken plan: every page answers at once with the problems `validate` lists ...
        good = plan.read_text(encoding="utf-8")
        plan.write_text(good.replace("- 市司法局\n", "- 市司法厅\n", 1), encoding="utf-8")
        assert wait_for("未登记的责任单位“市司法厅”")
        started = time.monotonic()
        for path in ("", "tasks/1/", "units/"):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as response:
                assert "计划文件有误" in response.read().decode("utf-8")
        assert time.monotonic() - started < 5
        # ... and the site comes back when the plan is fixed.
        plan.write_text(good, encoding="utf-8")
        assert wait_for("推进职能更加协调高效")
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.slow
def test_build_switches_the_offline_copy_in_the_configuration_not_the_environment(tmp_path: Path) -> None:
    # OFFLINE=true in the caller's shell must not turn the site itself into an offline copy; the offline
    # copy is switched on in its own loaded configuration (no process-wide environment change).
    result = run_cli("build", "-d", str(tmp_path / "site"), env={"OFFLINE": "true", "PLAN_FILE": str(MINI)})
    assert result.returncode == 0, result.stderr
    assert f"网站已构建到 {tmp_path / 'site'}/，检查通过。" in result.stdout
    site = tmp_path / "site"
    assert (site / "tasks" / "1" / "index.html").is_file() and not (site / "tasks" / "1.html").exists()
    assert not (site / "search" / "search_index.js").exists()
    with zipfile.ZipFile(site / "downloads" / "offline.zip") as archive:
        names = set(archive.namelist())
    assert {"离线副本/tasks/1.html", "离线副本/search/search_index.js"} <= names
    assert "离线副本/tasks/1/index.html" not in names
