"""Helpers for driving the built site in headless Chromium."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

_RESULTS = "els => els.map(e => e.href)"
_LINKS = ".md-search-result__item > .md-search-result__link"


def search(page: Any, query: str, *, timeout: float = 20000) -> list[str]:
    """Type a query into Material's search box; return the result pages' paths, best first."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-header__button[for='__search']").first.click()
    box.click()
    # Wait until the search worker has loaded the index ("键入以开始搜索" replaces "正在初始化…").
    page.wait_for_function(
        "() => !/初始化/.test(document.querySelector('.md-search-result__meta').textContent)", timeout=timeout
    )
    box.fill("")
    box.press_sequentially(query, delay=15)
    box.press("End")  # Material reacts to key events; characters typed as text send none
    page.wait_for_function(
        """q => document.querySelector('input.md-search__input').value === q
               && /结果/.test(document.querySelector('.md-search-result__meta').textContent)""",
        arg=query,
        timeout=timeout,
    )
    # Results render after a short debounce: read them once they stop changing.
    previous = None
    hrefs: list[str] = []
    for _ in range(40):
        hrefs = page.eval_on_selector_all(_LINKS, _RESULTS)
        if hrefs == previous:
            break
        previous = hrefs
        page.wait_for_timeout(150)
    return [urlsplit(href).path for href in hrefs]
