"""Small corrections to the theme's HTML so that every page is valid and accessible.

mkdocs-material writes a few attributes the HTML standard does not allow and
leaves its search dialog without an accessible name. These fixes are applied to
each finished page; each one is matched exactly, so a theme update that changes
the markup makes the markup tests fail instead of silently skipping a fix.
"""

from __future__ import annotations

import re

_FIXES: list[tuple[re.Pattern[str], str]] = [
    # autocomplete is not allowed on checkboxes (the drawer and search toggles).
    (re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"'), r"\1"),
    # Section labels in the navigation get an empty tabindex, which is not a number.
    (re.compile(r'(<label class="md-nav__link[^"]*" for="[^"]+" id="[^"]+") tabindex=""'), r"\1"),
    # autocorrect is not an HTML attribute.
    (re.compile(r' autocorrect="off"'), ""),
    # The search dialog needs a name for assistive technology.
    (
        re.compile(r'<div class="md-search" data-md-component="search" role="dialog">'),
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="站内搜索">',
    ),
]


def fix_page(html: str) -> str:
    for pattern, replacement in _FIXES:
        html = pattern.sub(replacement, html)
    return html
