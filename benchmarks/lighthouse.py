"""Lighthouse (mobile defaults) on the built site served by real nginx with deploy/nginx.conf.

Run from the project folder:  .venv/bin/python -m benchmarks.lighthouse   (or: make lighthouse)

Installs Lighthouse from the npm registry into benchmarks/out/node (once), builds the site,
serves it through nginx with the shipped configuration (gzip, caching, security headers) and
audits every page type (or those named) with Debian's chromium, each ``--runs`` times, round-robin.
The medians of the scores and of the five metrics (FCP, LCP, TBT, CLS, SI) are printed and written
to benchmarks/out/lighthouse.json; ``--keep DIR`` keeps every full report.

    .venv/bin/python -m benchmarks.lighthouse 任务页 分工矩阵 --runs 3 --keep /tmp/lh
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

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


METRICS = {
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
    "SI": "speed-index",
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.lighthouse",
        description="用 Lighthouse（移动端默认设置）审计 nginx 提供的网站；每个页面类型取多次运行的中位数。",
    )
    parser.add_argument(
        "pages",
        nargs="*",
        metavar="页面",
        help=f"只审计这些页面类型（默认全部）：{'、'.join(PAGES)}",
    )
    parser.add_argument("--runs", type=int, default=1, help="每个页面运行几次，取中位数（默认 1）")
    parser.add_argument("--keep", type=Path, help="把每次运行的完整 JSON 报告保存到这个目录")
    args = parser.parse_args(argv)
    unknown = [p for p in args.pages if p not in PAGES]
    if unknown:
        parser.error(f"没有这些页面类型：{'、'.join(unknown)}。可选：{'、'.join(PAGES)}")
    if args.runs < 1:
        parser.error("--runs 至少为 1")
    return args


def audit(lighthouse: Path, url: str, report: Path) -> dict[str, Any]:
    """One Lighthouse run on one address; the parsed JSON report."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    subprocess.run(
        [
            str(lighthouse),
            url,
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
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return data


def summary(data: dict[str, Any]) -> dict[str, Any]:
    """Category scores, the five performance metrics and the audits not passed, from one report."""
    result: dict[str, Any] = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
    for name, audit_id in METRICS.items():
        result[name] = data["audits"][audit_id]["numericValue"]
    result["not_passed"] = sorted(
        a["id"]
        for a in data["audits"].values()
        if a.get("score") is not None
        and a["score"] < 1
        and a.get("scoreDisplayMode") in {"binary", "numeric"}
    )
    return result


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median of every score and metric over the runs; audits not passed in any run."""
    keys = [*CATEGORIES, *METRICS]
    result: dict[str, Any] = {k: statistics.median(r[k] for r in runs) for k in keys}
    result["performance_runs"] = [r["performance"] for r in runs]
    result["not_passed"] = sorted({a for r in runs for a in r["not_passed"]})
    return result


def wait_for(url: str) -> None:
    for _ in range(50):
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)


def run_all(args: argparse.Namespace, work: Path, base: str) -> dict[str, dict[str, Any]]:
    lighthouse = ensure_lighthouse()
    labels = args.pages or list(PAGES)
    results: dict[str, list[dict[str, Any]]] = {label: [] for label in labels}
    for run in range(args.runs):  # round-robin, so that a busy moment does not hit one page only
        for label in labels:
            report = (args.keep or work) / f"{label}-{run + 1}.json"
            results[label].append(summary(audit(lighthouse, base + PAGES[label], report)))
    return {label: median_of(runs) for label, runs in results.items()}


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
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
            wait_for(base)
            scores = run_all(args, work, base)
        finally:
            server.send_signal(signal.SIGQUIT)
            server.wait(timeout=15)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "lighthouse.json").write_text(json.dumps(scores, ensure_ascii=False, indent=2), encoding="utf-8")
    print_table(scores, args.runs)


def print_table(scores: dict[str, dict[str, Any]], runs: int) -> None:
    if runs > 1:
        print(f"（每项为 {runs} 次运行的中位数）")
    print("| 页面 | 性能 | 无障碍 | 最佳实践 | SEO | FCP ms | LCP ms | TBT ms | CLS | SI ms |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, s in scores.items():
        cells = [s["performance"], s["accessibility"], s["best-practices"], s["seo"]]
        cells += [round(s["FCP"]), round(s["LCP"]), round(s["TBT"]), f"{s['CLS']:.3f}", round(s["SI"])]
        print(f"| {label} | " + " | ".join(str(c) for c in cells) + " |")
    for label, s in scores.items():
        if runs > 1:
            print(f"{label} 各次性能分：{s['performance_runs']}")
    for label, s in scores.items():
        if s["not_passed"]:
            print(f"{label} 未满分的审计项：{', '.join(s['not_passed'])}")


if __name__ == "__main__":
    main()
