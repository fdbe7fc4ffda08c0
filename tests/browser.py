"""Helpers for driving the built site in headless Chromium."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit


def search(page: Any, query: str, *, timeout: float = 15000) -> list[str]:
    """Type a query into Material's search box; return the result links' hrefs, best first."""
    page.locator("label.md-header__button[for='__search']").first.click() if page.locator(
        "input.md-search__input"
    ).is_hidden() else None
    box = page.locator("input.md-search__input")
    box.fill("")
    box.type(query, delay=20)
    page.wait_for_function(
        """q => {
            const meta = document.querySelector('.md-search-result__meta');
            return meta && !/正在|Initializing|初始化/.test(meta.textContent)
                && document.querySelector('input.md-search__input').value === q;
        }""",
        arg=query,
        timeout=timeout,
    )
    page.wait_for_timeout(150)
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link", "els => els.map(e => e.href)"
    )
    return [urlsplit(href).path for href in hrefs]
