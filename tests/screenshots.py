"""Screenshots of every page type at a phone's and a desktop's width, plain and in 长者模式 + 大.

``python -m tests.screenshots SITE_DIR OUT_DIR`` serves a built site on a loopback port and
writes ``OUT_DIR/<page>-<width>[-elder].png`` (full page), so that anyone can look at the whole
site in a minute. Nothing is committed; the images are for people, the tests check the layout.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve
from tests.helpers import PAGE_TYPES

PAGES = PAGE_TYPES
WIDTHS = (390, 1366)


def take(site: Path, out: Path, pages: dict[str, str] = PAGES) -> list[Path]:
    """Write the screenshots; returns their paths."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for width in WIDTHS:
            for elder in (False, True):
                mobile = width < 600
                context = browser.new_context(
                    viewport={"width": width, "height": 844 if mobile else 900},
                    is_mobile=mobile,
                    has_touch=mobile,
                    locale="zh-CN",
                )
                if elder:
                    context.add_init_script(
                        "localStorage.setItem('plan-elder','on');localStorage.setItem('plan-size','large');"
                    )
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(base + path)
                    target = out / f"{name}-{width}{'-elder' if elder else ''}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written.append(target)
                context.close()
        browser.close()
    return written


if __name__ == "__main__":  # pragma: no cover - a tool for people
    if len(sys.argv) != 3:
        sys.exit("用法：python -m tests.screenshots 网站目录 截图目录")
    for path in take(Path(sys.argv[1]), Path(sys.argv[2])):
        print(path)
