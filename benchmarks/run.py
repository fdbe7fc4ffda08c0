"""Benchmark: build time, memory and page size at scale, against a bare mkdocs-material site.

Run from the project folder:  .venv/bin/python -m benchmarks.run   (or: make bench)

Measures, in one run on this machine:
1. the real plan's build against a bare mkdocs-material site with the same pages as plain
   Markdown (median of several runs, and their ratio);
2. builds of synthetic plans with 25, 250 and 2,500 tasks (5, 50, 500 units): time, peak
   memory, site size, largest page;
3. the edit loop: time from saving the plan to the rebuilt page under ``mkdocs serve``.
Results are printed as a table and written to benchmarks/out/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.plan.load import load_plan  # noqa: E402
from generator.site.nav import site_nav  # noqa: E402
from generator.site.pages import Pages  # noqa: E402
from generator.site.urls import Urls  # noqa: E402
from generator.synth.plan import synth_plan  # noqa: E402
from generator.yamlio import dump_plan_data  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1713571200"}
ENV.pop("PLAN_FILE", None)


def run_measured(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Wall time in seconds and peak resident memory in MiB of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"命令失败：{' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}"
        )
    return elapsed, usage.ru_maxrss // 1024


def run_measured_tree(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, int]:
    """Like :func:`run_measured`, and the peak of the memory of the command and all its worker
    processes together (sampled ten times a second from /proc; MiB)."""
    done = threading.Event()
    peak = [0]

    def sample(root: int) -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], _tree_rss(root))

    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    start = time.perf_counter()
    sampler = threading.Thread(target=sample, args=(process.pid,), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"命令失败：{' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}"
        )
    return elapsed, usage.ru_maxrss // 1024, peak[0] // 1024


def _tree_rss(root: int) -> int:
    """Resident memory (KiB) of a process and its descendants, now."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    tree = {root}
    grew = True
    while grew:
        grown = {pid for pid, parent in parents.items() if parent in tree} | tree
        grew, tree = len(grown) > len(tree), grown
    return sum(rss.get(pid, 0) for pid in tree)


def site_stats(site: Path) -> tuple[int, int, str]:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    return sum(p.stat().st_size for p in files), largest.stat().st_size, largest.relative_to(site).as_posix()


def bare_site(folder: Path, plan_file: Path = ROOT / "data" / "plan.yaml") -> Path:
    """A plan's pages as plain Markdown in a bare mkdocs-material site (same navigation)."""
    plan = load_plan(plan_file)
    urls = Urls()
    docs = folder / "docs"
    made = Pages(plan, urls)
    for page in made.listed.values():
        target = docs / page.src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {page.title}\n\n{made.body(page.src)}\n", encoding="utf-8")
    for extra in ("about.md", "help.md"):
        shutil.copy(ROOT / "docs" / extra, docs / extra)
    nav = site_nav(plan, urls, [{"关于本站": "about.md"}, {"使用说明": "help.md"}])
    config = {
        "site_name": plan.publication.title,
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": [{"search": {"lang": "zh"}}],
        "nav": nav,
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    (folder / "mkdocs.yml").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return folder


def compare_with_bare(runs: int, work: Path) -> dict[str, float]:
    bare = bare_site(work / "bare")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    ours = [run_measured([*mkdocs, "-d", str(work / "ours-site")], ROOT, ENV)[0] for _ in range(runs)]
    theirs = [run_measured([*mkdocs, "-d", str(work / "bare-site")], bare, ENV)[0] for _ in range(runs)]
    result = {"ours_s": statistics.median(ours), "bare_s": statistics.median(theirs)}
    result["ratio"] = result["ours_s"] / result["bare_s"]
    return result


def scale(sizes: list[tuple[int, int]], work: Path) -> list[dict[str, object]]:
    rows = []
    for tasks, units in sizes:
        plan_file = work / f"synth-{tasks}.yaml"
        plan_file.write_text(dump_plan_data(synth_plan(tasks=tasks, units=units, seed=1)), encoding="utf-8")
        site = work / f"synth-{tasks}"
        env = {**ENV, "PLAN_FILE": str(plan_file)}
        seconds, memory = run_measured(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], ROOT, env
        )
        size, largest, largest_page = site_stats(site)
        pages = sum(1 for _ in site.rglob("*.html"))
        bare_seconds = None
        if tasks == max(t for t, _ in sizes):
            # What bounds the largest build: the same pages in a bare mkdocs-material site.
            bare = bare_site(work / f"bare-{tasks}", plan_file)
            bare_seconds = round(
                run_measured(
                    [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "bare-out")], bare, ENV
                )[0],
                2,
            )
        rows.append(
            {
                "tasks": tasks,
                "units": units,
                "pages": pages,
                "seconds": round(seconds, 2),
                "peak_mib": memory,
                "site_mib": round(size / 2**20, 1),
                "largest_kib": round(largest / 1024, 1),
                "largest_page": largest_page,
                "bare_seconds": bare_seconds,
            }
        )
        shutil.rmtree(site)
    return rows


def edit_loop(work: Path, edits: int = 3) -> float:
    plan_file = work / "edit-plan.yaml"
    shutil.copy(ROOT / "data" / "plan.yaml", plan_file)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**ENV, "PLAN_FILE": str(plan_file)}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/tasks/1/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    def wait_for(text: str, limit: float = 120) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            if text in page():
                return time.perf_counter() - start
            time.sleep(0.05)
        raise SystemExit(f"等待超时：{text}")

    try:
        wait_for("推进政府机构职能协调高效")
        times = []
        title = "推进政府机构职能协调高效"
        for i in range(edits):
            new = f"推进政府机构职能协调高效{'甲乙丙丁'[i]}"
            plan_file.write_text(
                plan_file.read_text(encoding="utf-8").replace(f"title: {title}\n", f"title: {new}\n", 1),
                encoding="utf-8",
            )
            times.append(wait_for(new))
            title = new
            time.sleep(1)
        return statistics.median(times)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description="性能基准：构建时间、内存和页面大小。")
    parser.add_argument("--runs", type=int, default=3, help="真实计划与对照站点各构建几次（取中位数）")
    parser.add_argument("--max-tasks", type=int, default=2500, help="最大合成计划的任务数")
    args = parser.parse_args()
    sizes = [(n, max(5, n // 5)) for n in (25, 250, 2500) if n <= args.max_tasks]
    with tempfile.TemporaryDirectory(prefix="plan-bench-") as tmp:
        work = Path(tmp)
        results: dict[str, object] = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
        results["real_vs_bare"] = compare_with_bare(args.runs, work)
        results["scale"] = scale(sizes, work)
        results["edit_loop_s"] = round(edit_loop(work), 2)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")

    rb = results["real_vs_bare"]
    assert isinstance(rb, dict)
    print(
        f"真实计划构建：{rb['ours_s']:.2f} 秒；同样页面的纯 mkdocs-material 站点：{rb['bare_s']:.2f} 秒；比值 {rb['ratio']:.2f}"
    )
    print(
        "| 任务 | 单位 | 页面数 | 构建秒数 | 峰值内存 MiB | 站点 MiB | 最大页面 KiB | 最大页面 | 同样页面的纯 Material 站点秒数 |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in results["scale"]:  # type: ignore[attr-defined]
        print(
            f"| {row['tasks']} | {row['units']} | {row['pages']} | {row['seconds']} | {row['peak_mib']} | "
            f"{row['site_mib']} | {row['largest_kib']} | {row['largest_page']} | {row['bare_seconds'] or '—'} |"
        )
    print(f"编辑循环（保存 data/plan.yaml 到页面更新，mkdocs serve）：{results['edit_loop_s']} 秒")


if __name__ == "__main__":
    main()
