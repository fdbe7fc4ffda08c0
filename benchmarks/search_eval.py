"""Search evaluation benchmark: top-1 and top-3 of both evaluation sets, typed into the real search box.

Run from the project folder:  .venv/bin/python -m benchmarks.search_eval [--site DIR] [--verbose] [--speed]

Without ``--site`` it builds the current checkout (``mkdocs build --strict``) into a temporary
folder; with ``--site`` it evaluates a site built elsewhere (e.g. from another branch, to compare
before and after). Each query is typed into Material's search box in headless Chromium, exactly
as the tests do (the time column is per query, typing included).

``--speed`` also measures, for the real plan and a synthetic plan of 2,500 tasks, the index's
size (raw and gzipped) and the time from the key event to the first result in the list, in
headless Chromium with 4× CPU throttling (median of several queries).
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
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


SPEED_QUERIES = (
    "行政复议",
    "政府和法院多久开一次座谈会",
    "應急預案",
    "打官司告政府",
    "执法",
    "诉",
    "市公安局负责什么工作",
)
_FIRST_RESULT = """async q => {
  const box = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  return await new Promise(done => {
    let start = 0;
    const seen = new MutationObserver(() => {
      if (list.children.length) { seen.disconnect(); done(performance.now() - start); }
    });
    seen.observe(list, { childList: true });
    box.value = q;
    start = performance.now();
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  });
}"""


def build(dest: Path, plan: Path | None = None) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1713571200"}
    env.pop("PLAN_FILE", None)
    if plan is not None:
        env["PLAN_FILE"] = str(plan)
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


def speed(site: Path, name: str) -> None:
    """Index size and milliseconds from key event to first result, with 4× CPU throttling."""
    from playwright.sync_api import sync_playwright

    from tests.browser import search

    raw = (site / "search" / "search_index.json").read_bytes()
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_context(locale="zh-CN").new_page()
        page.goto(base)
        search(page, "行政")  # opens the box and waits for the index
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        times = []
        for query in SPEED_QUERIES:
            page.locator("input.md-search__input").fill("")
            page.locator("input.md-search__input").press("End")
            page.wait_for_timeout(300)
            times.append(page.evaluate(_FIRST_RESULT, query))
        browser.close()
    print(
        f"{name}：索引 {len(raw) / 1024:.0f} KiB（gzip 后 {len(gzip.compress(raw)) / 1024:.0f} KiB），"
        f"首个结果出现用时中位数 {statistics.median(times):.0f} ms，最长 {max(times):.0f} ms（4 倍 CPU 降速）"
    )


def speed_at_scale(work: Path) -> None:
    from generator.synth.plan import synth_plan
    from generator.yamlio import dump_plan_data

    plan = work / "synth-2500.yaml"
    plan.write_text(dump_plan_data(synth_plan(tasks=2500, units=500, seed=1)), encoding="utf-8")
    speed(build(work / "synth", plan), "2,500 项任务的合成计划")


def main() -> None:
    parser = argparse.ArgumentParser(description="搜索评测：两组查询在真实浏览器中的首位命中率和前三命中率。")
    parser.add_argument("--site", type=Path, help="已构建的网站目录（默认构建当前检出的网站）")
    parser.add_argument("--verbose", action="store_true", help="列出未排在首位的查询")
    parser.add_argument(
        "--speed", action="store_true", help="另测索引大小和首个结果出现的用时（含 2,500 项任务）"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        site = args.site or build(Path(work) / "site")
        run(site, args.verbose)
        if args.speed:
            speed(site, "本计划")
            speed_at_scale(Path(work))


if __name__ == "__main__":
    main()
