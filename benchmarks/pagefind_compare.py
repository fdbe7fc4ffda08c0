"""Our search beside Pagefind: both evaluation sets on the same built site, top-1 and top-3.

Run from the project folder:  .venv/bin/python -m benchmarks.pagefind_compare [--site DIR] [--verbose]

Installs ``pagefind[extended]`` from PyPI into its own virtualenv under benchmarks/out (once;
not a project dependency), builds the site (or takes ``--site``), copies it to a temporary
folder and indexes the copy with ``pagefind --root-selector article`` (the page content only,
without Material's header, navigation and footer). In headless Chromium, our queries are typed
into Material's search box exactly as in benchmarks/search_eval.py; Pagefind's are sent to its
JS API (``pagefind.search``) from a page of the same copy, and its top three result URLs are
scored with the same rule.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.search_eval import SETS, build  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402
from tests.search_eval import Outcome, evaluate, load_cases, rates, report  # noqa: E402

PAGEFIND_VERSION = "1.5.2"
VENV = ROOT / "benchmarks" / "out" / "pagefind-venv"
_STAMP = VENV / f".pagefind-{PAGEFIND_VERSION}"
_PAGEFIND_TOP3 = """async ([bundle, q]) => {
  const pf = await import(bundle);
  const r = await pf.search(q);
  const data = await Promise.all(r.results.slice(0, 3).map(x => x.data()));
  return data.map(d => d.url);
}"""


def ensure_pagefind() -> Path:
    """The private virtualenv's Python, with pagefind[extended] installed (first run only)."""
    python = VENV / "bin" / "python"
    if not _STAMP.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", f"pagefind[extended]=={PAGEFIND_VERSION}"],
            check=True,
        )
        _STAMP.touch()
    return python


def index(python: Path, site: Path) -> None:
    command = [str(python), "-m", "pagefind", "--site", str(site), "--root-selector", "article"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"Pagefind 建立索引失败：\n{result.stdout}\n{result.stderr}")
    pages = [line.strip() for line in result.stdout.splitlines() if "Indexed" in line and "pages" in line]
    print(f"Pagefind {PAGEFIND_VERSION}（extended，--root-selector article）：{'；'.join(pages)}")


def pagefind_evaluate(page: Any, base: str, path: Path) -> list[Outcome]:
    """Each query through Pagefind's JS API; the top three result pages' paths."""
    page.goto(base)
    bundle = base + "pagefind/pagefind.js"
    outcomes = []
    for case in load_cases(path):
        urls = page.evaluate(_PAGEFIND_TOP3, [bundle, case["query"]])
        paths = tuple(urlsplit(url).path for url in urls)
        outcomes.append(Outcome(case["query"], case["expect"], paths))
    return outcomes


def compare(site: Path, verbose: bool) -> None:
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="zh-CN")
        ours_page, pagefind_page = context.new_page(), context.new_page()
        print("| 评测集 | 查询数 | 本站首位命中 | 本站前三命中 | Pagefind 首位命中 | Pagefind 前三命中 |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        misses = []
        for name, cases in SETS:
            ours = evaluate(ours_page, base, cases)
            theirs = pagefind_evaluate(pagefind_page, base, cases)
            (o1, o3), (t1, t3) = rates(ours), rates(theirs)
            print(f"| {name} | {len(ours)} | {o1:.1%} | {o3:.1%} | {t1:.1%} | {t3:.1%} |")
            misses += [f"{name}，本站：{report(ours)}", f"{name}，Pagefind：{report(theirs)}"]
        browser.close()
    if verbose:
        print("\n".join(misses))


def main() -> None:
    parser = argparse.ArgumentParser(
        description="在同一网站上用 Pagefind 跑同样两组查询，与本站搜索并排比较首位命中率和前三命中率。"
    )
    parser.add_argument("--site", type=Path, help="已构建的网站目录（默认构建当前检出的网站；不会被修改）")
    parser.add_argument("--verbose", action="store_true", help="列出两种搜索中未排在首位的查询")
    args = parser.parse_args()
    python = ensure_pagefind()
    with tempfile.TemporaryDirectory() as work:
        built = args.site or build(Path(work) / "built")
        site = Path(work) / "site"
        shutil.copytree(built, site)
        index(python, site)
        compare(site, args.verbose)


if __name__ == "__main__":
    main()
