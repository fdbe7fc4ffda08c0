"""Benchmark: the cost of 落实情况 at scale.

Run from the project folder:  .venv/bin/python -m benchmarks.progress [--tasks 2500] [--rounds 4]

Builds the synthetic plan (2,500 tasks, 500 units) twice with ``mkdocs build``: without progress,
and with ``--rounds`` rounds of synthetic progress (one report per task–body pair per round).
Prints time, peak memory (of the largest process, and of all the build's processes together,
since progress is read and written by worker processes), site size and largest page of each,
and the ratio of the times (the target is at most 1.3×). Results are written to benchmarks/out/progress.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import ENV, run_measured_tree, site_stats  # noqa: E402
from generator.plan.load import load_plan  # noqa: E402
from generator.synth.plan import synth_plan  # noqa: E402
from generator.synth.progress import synth_progress  # noqa: E402
from generator.yamlio import dump_plan_data  # noqa: E402

#: Laid over mkdocs.yml: the hand-written pages as a navigation group. Plans of more than 20 sections
#: have no other group, and generator/htmlfix.py then stops the build (“导航分组标签” expects at
#: least one); both builds use this same configuration, so the comparison is fair.
CONFIG = "INHERIT: mkdocs.yml\nnav:\n  - 本站说明:\n    - 关于本站: about.md\n    - 使用说明: help.md\n"


def build(work: Path, name: str, env: dict[str, str]) -> dict[str, object]:
    site = work / name
    config = ROOT / f".bench-progress-{name}.yml"
    config.write_text(CONFIG, encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    try:
        seconds, memory, total = run_measured_tree(command, ROOT, env)
    finally:
        config.unlink()
    size, largest, largest_page = site_stats(site)
    return {
        "seconds": round(seconds, 2),
        "peak_mib": memory,
        "peak_all_processes_mib": total,
        "pages": sum(1 for _ in site.rglob("*.html")),
        "site_mib": round(size / 2**20, 1),
        "largest_kib": round(largest / 1024, 1),
        "largest_page": largest_page,
    }


def _median_run(runs: list[dict[str, object]]) -> dict[str, object]:
    """The run of median time (the lower middle one of an even number)."""
    return sorted(runs, key=lambda run: float(str(run["seconds"])))[(len(runs) - 1) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description="性能基准：有无落实情况时的构建时间、内存和最大页面。")
    parser.add_argument("--tasks", type=int, default=2500, help="合成计划的任务数（单位数为其五分之一）")
    parser.add_argument("--rounds", type=int, default=4, help="落实情况的轮次数")
    parser.add_argument(
        "--runs", type=int, default=1, help="每种构建的次数（交替进行，取中位数；机器有其他负载时用）"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plan-progress-bench-") as tmp:
        work = Path(tmp)
        plan_file = work / "plan.yaml"
        plan_file.write_text(
            dump_plan_data(synth_plan(tasks=args.tasks, units=max(5, args.tasks // 5), seed=1)),
            encoding="utf-8",
        )
        folder = work / "progress"
        folder.mkdir()
        files = synth_progress(load_plan(plan_file), rounds=args.rounds)
        for round_id, text in files.items():
            (folder / f"{round_id}.yaml").write_text(text, encoding="utf-8")
        entries = sum(text.count("\n- task: ") for text in files.values())
        env = {**ENV, "PLAN_FILE": str(plan_file)}
        env.pop("PROGRESS_DIR", None)
        runs: dict[str, list[dict[str, object]]] = {"without": [], "with": []}
        for _ in range(args.runs):  # alternating, so that a passing load weighs on both alike
            runs["without"].append(build(work, "without", env))
            runs["with"].append(build(work, "with", {**env, "PROGRESS_DIR": str(folder)}))
    without, with_progress = (_median_run(runs[name]) for name in ("without", "with"))
    result = {
        "tasks": args.tasks,
        "rounds": args.rounds,
        "entries": entries,
        "runs": args.runs,
        "without": without,
        "with": with_progress,
        "ratio": round(float(str(with_progress["seconds"])) / float(str(without["seconds"])), 2),
        "seconds_of_each_run": {name: [run["seconds"] for run in done] for name, done in runs.items()},
    }
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "progress.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
