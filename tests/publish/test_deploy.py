"""Deploying: downloads, reproducible builds, sub-path behind real nginx (publishing: test_publish.py)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from generator.plan.load import load_plan
from generator.plan.text import official_text
from tests.conftest import SUBPATH
from tests.helpers import PLAN, ROOT

PLAN_OBJ = load_plan(PLAN)
EPOCH = "1713571200"


def test_plan_json_is_complete_and_validates(site: Path) -> None:
    data = json.loads((site / "downloads" / "plan.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "downloads" / "plan.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert list(data) == ["provenance", "publication", "preamble", "sections", "units"]
    tasks = [t for s in data["sections"] for t in s["tasks"]]
    assert [t["text"] for t in tasks] == [r.task.text for r in PLAN_OBJ.tasks]
    assert sum(len(t["responsible"]) for t in tasks) == 112
    assert len(data["units"]) == 28
    assert data["publication"]["summary"] == list(PLAN_OBJ.publication.summary)
    assert data["preamble"] == list(PLAN_OBJ.preamble)


def test_matrix_csv_for_excel(site: Path) -> None:
    raw = (site / "downloads" / "matrix.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
    header = rows[0]
    assert header[:3] == ["序号", "编号", "任务"] and header[4:] == [u.name for u in PLAN_OBJ.units]
    marks = {(header[i], int(row[0])) for row in rows[1:] for i, cell in enumerate(row) if cell == "●"}
    assert marks == {(u.name, ref.number) for u, ref in PLAN_OBJ.assignments()}
    assert len(marks) == 112 and len(rows) == 26


def test_matrix_xlsx_is_formatted(site: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(site / "downloads" / "matrix.xlsx")
    assert wb.sheetnames == ["分工矩阵", "责任单位", "量化指标"]
    ws = wb["分工矩阵"]
    assert ws.freeze_panes == "E2"
    assert ws["C2"].alignment.wrap_text and ws.column_dimensions["C"].width >= 30
    units = [c.value for c in ws[1]][4:]
    marks = {
        (units[c.column - 5], r[0].value) for r in ws.iter_rows(min_row=2) for c in r[4:] if c.value == "●"
    }
    assert len(marks) == 112
    assert wb["责任单位"].max_row == 29 and wb["量化指标"].max_row == 1 + sum(
        len(r.task.targets) for r in PLAN_OBJ.tasks
    )


def test_official_text_download(site: Path) -> None:
    assert (site / "downloads" / "plan.txt").read_text(encoding="utf-8") == official_text(PLAN_OBJ)


def test_downloads_page_lists_formats_and_sizes(site: Path) -> None:
    from bs4 import BeautifulSoup

    doc = BeautifulSoup((site / "downloads" / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = doc.select("article tbody tr")
    names = [row.a["href"] for row in rows]
    assert names == [
        "plan.json",
        "plan.schema.json",
        "matrix.csv",
        "matrix.xlsx",
        "plan.txt",
        "offline.zip",  # the session's site is built as `make site` builds it
    ]  # relative to /downloads/
    for row in rows:
        size = int(row.select_one("td[data-bytes]")["data-bytes"])
        assert size == (site / "downloads" / row.a["href"]).stat().st_size
        fmt = row.select("td")[0]
        for label in fmt.select(".plan-cell-label"):  # the column name shown on phones
            label.decompose()
        assert fmt.get_text() in {"JSON", "JSON Schema", "CSV", "XLSX", "TXT", "ZIP"}


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_builds_are_reproducible(site: Path, tmp_path: Path) -> None:
    """A second build of the same plan, later, gives the session's build byte for byte."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    for key in ("PLAN_FILE", "SITE_URL", "OFFLINE", "PROGRESS_DIR"):
        env.pop(key, None)
    time.sleep(1.1)  # a clock-dependent timestamp would now differ
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "-d", str(tmp_path / "a")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    first, second = _tree(tmp_path / "a"), _tree(site)
    assert first == second
    assert "downloads/offline.zip" in first and "sitemap.xml.gz" in first
    with zipfile.ZipFile(tmp_path / "a" / "downloads" / "offline.zip") as archive:
        assert "离线副本/index.html" in archive.namelist()
        assert {info.date_time for info in archive.infolist()} == {(2024, 4, 20, 0, 0, 0)}


# -- serving under a sub-path through real nginx ------------------------------------------------------------


@pytest.fixture(scope="module")
def nginx(addressed_site: tuple[Path, str, int], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx_bin).exists():
        pytest.fail("需要 Debian 的 nginx：apt-get install nginx（.ci/run 会自动安装）")
    work = tmp_path_factory.mktemp("nginx")
    site, base, port = addressed_site  # built with SITE_URL for this port and sub-path
    shipped = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    # Only the port and the folder change; everything else is the shipped file.
    conf = shipped.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(
        "listen [::]:80;", f"listen [::1]:{port};"
    )
    conf = conf.replace("/srv/fzzf/site/", f"{site}/")
    assert f"alias {site}/;" in conf and f"[::1]:{port}" in conf
    (work / "site.conf").write_text(conf, encoding="utf-8")
    (work / "nginx.conf").write_text(
        f"""daemon off;
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {work}/access.log;
    client_body_temp_path {work}/tmp;
    proxy_temp_path {work}/tmp;
    fastcgi_temp_path {work}/tmp;
    uwsgi_temp_path {work}/tmp;
    scgi_temp_path {work}/tmp;
    include {work}/site.conf;
}}
""",
        encoding="utf-8",
    )
    (work / "tmp").mkdir()
    check = subprocess.run(
        [nginx_bin, "-t", "-p", str(work), "-c", str(work / "nginx.conf")], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    server = subprocess.Popen(
        [nginx_bin, "-p", str(work), "-c", str(work / "nginx.conf")], stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base, timeout=2).close()
            break
        except OSError:
            time.sleep(0.2)
    try:
        yield base
    finally:
        server.send_signal(signal.SIGQUIT)
        server.wait(timeout=15)


def _get(url: str, **headers: str):  # type: ignore[no-untyped-def]
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10)


def test_nginx_headers_gzip_and_caching(nginx: str) -> None:
    with _get(nginx, **{"Accept-Encoding": "gzip"}) as response:
        headers = response.headers
        assert headers["Content-Encoding"] == "gzip"
        assert headers["Cache-Control"] == "no-cache"
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] and headers["X-Frame-Options"] == "SAMEORIGIN"
    html = _get(nginx).read().decode("utf-8")
    css = re.search(r'href="(assets/stylesheets/main\.[0-9a-f]{8}\.min\.css)"', html)
    assert css, "fingerprinted stylesheet not found"
    with _get(nginx + css[1]) as response:
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with _get(nginx + "assets/plan.css") as response:
        assert response.headers["Cache-Control"] == "public, max-age=3600"
    port = nginx.split(":")[2].split("/")[0]
    with _get(f"http://[::1]:{port}{SUBPATH}") as response:  # IPv6 listening
        assert response.status == 200


def test_downloads_served_under_the_subpath(nginx: str) -> None:
    for name in ("plan.json", "plan.schema.json", "matrix.csv", "matrix.xlsx", "plan.txt"):
        with _get(nginx + "downloads/" + name) as response:
            assert response.status == 200 and len(response.read()) > 100


@pytest.mark.browser
def test_site_under_subpath_has_no_csp_violation_or_broken_request(page, nginx: str) -> None:  # type: ignore[no-untyped-def]
    from tests.browser import search

    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(m.text) if "Content Security Policy" in m.text or m.type == "error" else None
        ),
    )
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    for path in [
        "",
        "tasks/7/",
        "matrix/",
        "units/",
        "units/shisifaju/",
        "fulltext/",
        "downloads/",
        "targets/",
        "references/",
    ]:
        page.goto(nginx + path)
        page.wait_for_load_state("networkidle")
        assert page.url.startswith(nginx)
    page.goto(nginx + "tasks/7/")
    page.locator("a.plan-unit", has_text="市司法局").click()
    page.wait_for_url("**" + SUBPATH + "units/shisifaju/")
    results = search(page, "掌上复议")
    assert results and results[0] == SUBPATH + "tasks/15/"
    page.keyboard.press("Escape")
    page.get_by_role("button", name="长者模式").click()
    page.wait_for_load_state("networkidle")
    assert problems == []
    missing = page.goto(nginx + "no-such-page/")
    assert missing is not None and missing.status == 404
    assert page.locator("h1").first.inner_text() == "404 - 找不到页面"
