"""Reader controls, print styles, the leave-site dialog and the request log, in headless Chromium."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import serve


def _font_px(page, selector: str = "article .plan-text, article p") -> float:  # type: ignore[no-untyped-def]
    return float(page.eval_on_selector(selector, "el => parseFloat(getComputedStyle(el).fontSize)"))


@pytest.mark.browser
def test_text_size_changes_and_persists_across_pages_and_reloads(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + "tasks/7/")
    group = page.get_by_role("group", name="字号")
    assert [b.inner_text() for b in group.get_by_role("button").all()] == ["大", "中", "小"]
    medium = _font_px(page)
    group.get_by_role("button", name="大").click()
    large = _font_px(page)
    assert large > medium * 1.15
    assert group.get_by_role("button", name="大").get_attribute("aria-pressed") == "true"
    # Instant navigation to another page keeps the choice, and the controls still work there.
    page.locator(".plan-pager a[rel=next]").click()
    page.wait_for_url("**/tasks/8/")
    assert _font_px(page) == pytest.approx(large)
    assert (
        page.get_by_role("group", name="字号").get_by_role("button", name="大").get_attribute("aria-pressed")
        == "true"
    )
    page.get_by_role("group", name="字号").get_by_role("button", name="小").click()
    small = _font_px(page)
    assert small < medium
    page.reload()
    assert _font_px(page) == pytest.approx(small)


@pytest.mark.browser
def test_elder_mode_is_large_high_contrast_and_persists(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + "tasks/7/")
    button = page.get_by_role("button", name="长者模式")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert _font_px(page) >= 24  # 18pt
    colour = page.eval_on_selector("article .plan-text", "el => getComputedStyle(el).color")
    assert colour == "rgb(0, 0, 0)"
    page.locator("a.plan-unit", has_text="市司法局").click()
    page.wait_for_url("**/units/shisifaju/")
    assert _font_px(page, "article .plan-lead") >= 24
    page.reload()
    assert page.get_by_role("button", name="长者模式").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="长者模式").focus()
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineWidth")
    assert float(outline.removesuffix("px")) >= 4


@pytest.mark.browser
def test_print_button_opens_the_print_dialog(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + "tasks/7/")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("() => window.__printed") == 1


def _visible(page, selector: str) -> bool:  # type: ignore[no-untyped-def]
    return bool(
        page.evaluate(
            """s => [...document.querySelectorAll(s)].some(el => {
                 const r = el.getBoundingClientRect(); const st = getComputedStyle(el);
                 return st.display !== 'none' && st.visibility !== 'hidden' && r.width > 0 && r.height > 0; })""",
            selector,
        )
    )


CHROME = [".md-header", ".md-sidebar--primary", ".md-footer", ".md-search", ".plan-tools"]


@pytest.mark.browser
@pytest.mark.parametrize("path", ["tasks/7/", "fulltext/", "matrix/"])
def test_print_media_hides_the_chrome(page, served: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + path)
    assert _visible(page, ".md-header") and _visible(page, ".plan-tools")
    page.emulate_media(media="print")
    for selector in CHROME:
        assert not _visible(page, selector), selector
    assert _visible(page, "article h1")
    if path == "tasks/7/":
        assert _visible(page, "article .plan-facts")
        assert page.locator(".plan-print-url").count() == 0  # no SITE_URL: no address is invented
    if path == "matrix/":
        assert _visible(page, "table.plan-matrix")
        overflow = page.eval_on_selector(".plan-matrix-wrap", "el => getComputedStyle(el).overflow")
        assert overflow == "visible"


@pytest.mark.browser
def test_printed_page_gives_its_address_when_the_site_has_one(page, addressed_site) -> None:  # type: ignore[no-untyped-def]
    site, base, _ = addressed_site
    with serve(site) as local:
        page.goto(local + "tasks/7/")
        assert not _visible(page, ".plan-print-url")
        page.emulate_media(media="print")
        assert _visible(page, ".plan-print-url")
        assert page.locator(".plan-print-url").inner_text() == f"本页网址：{base}tasks/7/"


@pytest.mark.browser
def test_print_to_pdf_of_the_full_text(page, served: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + "fulltext/")
    pdf = page.pdf(path=str(tmp_path / "fulltext.pdf"))
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


@pytest.mark.browser
def test_leave_site_dialog(page, configured_site: Path) -> None:  # type: ignore[no-untyped-def]
    with serve(configured_site) as base:
        page.goto(base)
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        link = page.locator("footer a", has_text="ICP")
        link.click()
        dialog = page.get_by_role("dialog", name="您即将离开本站")
        assert dialog.is_visible()
        assert "https://beian.miit.gov.cn/" in dialog.inner_text()
        assert page.evaluate("() => document.activeElement.textContent") == "放弃"
        dialog.get_by_role("button", name="放弃").click()
        assert not dialog.is_visible()
        assert urlsplit(page.url).hostname == "127.0.0.1"
        # Escape also cancels, and focus returns to the link.
        link.click()
        page.keyboard.press("Escape")
        assert not dialog.is_visible()
        assert page.evaluate("() => document.activeElement.textContent").startswith("测试ICP")
        # 继续访问 leaves (the request is blocked here: this machine has no internet).
        page.route(
            "https://beian.miit.gov.cn/**",
            lambda route: route.fulfill(body="<title>外部</title>", content_type="text/html"),
        )
        link.click()
        dialog.get_by_role("button", name="继续访问").click()
        page.wait_for_url("https://beian.miit.gov.cn/")
        assert not [u for u in requests if urlsplit(u).hostname not in {"127.0.0.1", "beian.miit.gov.cn"}]


PAGE_TYPES = [
    "",
    "sections/1/",
    "tasks/1/",
    "units/",
    "units/shisifaju/",
    "matrix/",
    "fulltext/",
    "targets/",
    "references/",
    "about/",
    "404.html",
]


@pytest.mark.browser
def test_no_request_leaves_the_site(page, served: str) -> None:  # type: ignore[no-untyped-def]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for path in PAGE_TYPES:
        page.goto(served + path)
        page.wait_for_load_state("networkidle")
    page.locator("input.md-search__input").fill("行政复议") if page.locator(
        "input.md-search__input"
    ).is_visible() else None
    host = urlsplit(served).netloc
    foreign = [u for u in requests if not u.startswith(("data:", "blob:")) and urlsplit(u).netloc != host]
    assert foreign == []
    assert len(requests) > len(PAGE_TYPES)


@pytest.mark.slow
def test_build_says_how_to_look_at_the_result(tmp_path: Path) -> None:
    # Opening site/index.html from disk shows a folder listing at the first click: say how to serve it.
    from tests.helpers import run_cli

    site = tmp_path / "site"
    result = run_cli("build", "--no-offline", "-d", str(site))
    assert result.returncode == 0, result.stderr
    assert f"python -m http.server -d {site}" in result.stdout
    assert "http://localhost:8000/" in result.stdout
    assert "offline.zip" not in result.stdout  # not built with --no-offline, so not offered
