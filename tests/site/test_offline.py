"""The offline copy (OFFLINE=true): opened from disk, search included, no request to any other host."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.browser import search

pytestmark = pytest.mark.browser


def test_offline_copy_uses_file_urls_and_our_own_polyfill(offline_site: Path) -> None:
    assert (offline_site / "tasks" / "7.html").exists()
    assert (offline_site / "search" / "search_index.js").exists()
    index = (offline_site / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in index and "https://" not in index.split("<body")[0].replace(
        "https://schema.org", ""
    )
    doc = BeautifulSoup(index, "html.parser")
    assert doc.select_one(".plan-tasklist a")["href"] == "tasks/1.html"
    assert (offline_site / "assets" / "javascripts" / "iframe-worker-shim.js").exists()


def test_offline_copy_works_from_disk_with_search(page, offline_site: Path) -> None:  # type: ignore[no-untyped-def]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((offline_site / "index.html").as_uri())
    assert page.locator("article h1").inner_text() == "渭南市2024年法治政府建设工作要点"
    page.locator(".plan-tasklist a").nth(14).click()
    page.wait_for_url("**/tasks/15.html")
    assert page.locator("article h1").inner_text() == "(十五)加强行政复议工作"
    results = search(page, "行政复议委员会")
    assert results and results[0].endswith("/tasks/15.html")
    foreign = [u for u in requests if urlsplit(u).scheme not in {"file", "data", "blob", "about"}]
    assert foreign == []
