"""Search evaluation benchmark: top-1 and top-3 of both evaluation sets, typed into the real search box.

Run from the project folder:  .venv/bin/python -m benchmarks.search_eval [--site DIR] [--verbose]

Without ``--site`` it builds the current checkout (``mkdocs build --strict``) into a temporary
folder; with ``--site`` it evaluates a site built elsewhere (e.g. from another branch, to compare
before and after). Each query is typed into Material's search box in headless Chromium, exactly
as the tests do (the time column is per query, typing included).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402
from tests.search_eval import CASES, CITIZEN_CASES, evaluate, rates, report  # noqa: E402

SETS = (("术语（原有）", CASES), ("群众提问（新增）", CITIZEN_CASES))


def build(dest: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1713571200"}
    env.pop("PLAN_FILE", None)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(dest)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"构建失败：\n{result.stderr}")
    return dest


def run(site: Path, verbose: bool) -> None:
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_context(locale="zh-CN").new_page()
        print(f"{'评测集':<14}{'查询数':>6}{'首位命中':>10}{'前三命中':>10}{'每查询（含输入）':>14}")
        for name, cases in SETS:
            start = time.perf_counter()
            outcomes = evaluate(page, base, cases)
            per_query = (time.perf_counter() - start) / len(outcomes)
            top1, top3 = rates(outcomes)
            print(f"{name:<14}{len(outcomes):>6}{top1:>10.1%}{top3:>10.1%}{per_query:>13.2f}s")
            if verbose:
                print(report(outcomes))
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="搜索评测：两组查询在真实浏览器中的首位命中率和前三命中率。")
    parser.add_argument("--site", type=Path, help="已构建的网站目录（默认构建当前检出的网站）")
    parser.add_argument("--verbose", action="store_true", help="列出未排在首位的查询")
    args = parser.parse_args()
    if args.site:
        run(args.site, args.verbose)
        return
    with tempfile.TemporaryDirectory() as work:
        run(build(Path(work) / "site"), args.verbose)


if __name__ == "__main__":
    main()
