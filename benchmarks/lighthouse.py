"""Lighthouse (mobile defaults) on the built site served by real nginx with deploy/nginx.conf.

Run from the project folder:  .venv/bin/python -m benchmarks.lighthouse   (or: make lighthouse)

Installs Lighthouse from the npm registry into benchmarks/out/node (once), builds the site,
serves it through nginx with the shipped configuration (gzip, caching, security headers) and
audits the home page, a task page and the matrix with Debian's chromium. Scores are printed
and written to benchmarks/out/lighthouse.json.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
NODE = OUT / "node"
LIGHTHOUSE_VERSION = "12.8.2"
PAGES = {
    "首页": "",
    "方面页": "sections/4/",
    "任务页": "tasks/7/",
    "单位页": "units/shisifaju/",
    "责任单位": "units/",
    "分工矩阵": "matrix/",
    "量化指标": "targets/",
    "全文": "fulltext/",
    "数据下载": "downloads/",
    "关于本站": "about/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SUBPATH = "/gov/fzzf/2024/"


def ensure_lighthouse() -> Path:
    binary = NODE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        NODE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(NODE),
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=True,
        )
    return binary


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_with_nginx(site: Path, work: Path, port: int) -> subprocess.Popen[bytes]:
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(
        "listen [::]:80;", f"listen [::1]:{port};"
    )
    conf = conf.replace("/srv/fzzf/site/", f"{site}/")
    (work / "site.conf").write_text(conf, encoding="utf-8")
    (work / "tmp").mkdir(exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(
        f"""daemon off; {user} worker_processes 1; pid {work}/nginx.pid; error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{ include /etc/nginx/mime.types; default_type application/octet-stream; access_log off;
client_body_temp_path {work}/tmp; proxy_temp_path {work}/tmp; fastcgi_temp_path {work}/tmp;
uwsgi_temp_path {work}/tmp; scgi_temp_path {work}/tmp; include {work}/site.conf; }}
""",
        encoding="utf-8",
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    return subprocess.Popen([nginx, "-p", str(work), "-c", str(work / "nginx.conf")])


def main() -> None:
    lighthouse = ensure_lighthouse()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory(prefix="plan-lighthouse-") as tmp:
        work = Path(tmp)
        port = free_port()
        base = f"http://127.0.0.1:{port}{SUBPATH}"
        env = {**os.environ, "SITE_URL": base, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "site")],
            cwd=ROOT,
            env=env,
            check=True,
        )
        server = serve_with_nginx(work / "site", work, port)
        try:
            for _ in range(50):
                try:
                    urllib.request.urlopen(base, timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            scores: dict[str, dict[str, int]] = {}
            for label, path in PAGES.items():
                report = work / f"{label}.json"
                subprocess.run(
                    [
                        str(lighthouse),
                        base + path,
                        "--quiet",
                        "--output=json",
                        f"--output-path={report}",
                        f"--only-categories={','.join(CATEGORIES)}",
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                        "--disable-component-update --disable-sync --no-first-run",
                    ],
                    env={**os.environ, "CHROME_PATH": chromium},
                    check=True,
                )
                data = json.loads(report.read_text(encoding="utf-8"))
                scores[label] = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
                failed = [
                    a["id"]
                    for a in data["audits"].values()
                    if a.get("score") is not None
                    and a["score"] < 1
                    and a.get("scoreDisplayMode") in {"binary", "numeric"}
                ]
                scores[label]["not_passed"] = failed  # type: ignore[assignment]
        finally:
            server.send_signal(signal.SIGQUIT)
            server.wait(timeout=15)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "lighthouse.json").write_text(json.dumps(scores, ensure_ascii=False, indent=2), encoding="utf-8")
    print("| 页面 | 性能 | 无障碍 | 最佳实践 | SEO |")
    print("| --- | --- | --- | --- | --- |")
    for label, s in scores.items():
        print(f"| {label} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} |")
    for label, s in scores.items():
        if s["not_passed"]:
            print(f"{label} 未满分的审计项：{', '.join(s['not_passed'])}")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
