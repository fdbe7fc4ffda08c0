"""Small corrections to the theme's HTML so that every page is valid, accessible and CSP-clean.

mkdocs-material writes a few attributes the HTML standard does not allow, leaves
its search dialog without an accessible name and puts two small scripts inline.
These fixes are applied to each finished page; each one is matched exactly, so a
theme update that changes the markup makes the markup and CSP tests fail instead
of silently skipping a fix.
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

#: Material's inline scripts, moved to files so that a Content-Security-Policy needs no 'unsafe-inline'.
#: The first sets the site's root from the page's relative base URL; the file computes the
#: same root from its own address.
_SCOPE = re.compile(r'<script>__md_scope=new URL\("([^"]*)",location\),(.*?)</script>', re.S)
_TABBED = re.compile(
    r"<script>(var target=document\.getElementById\(location\.hash\.slice\(1\)\);.*?)</script>", re.S
)
SCOPE_SCRIPT = "assets/javascripts/plan-scope.js"
TABBED_SCRIPT = "assets/javascripts/plan-tabbed.js"


def fix_page(html: str, scripts: dict[str, str] | None = None) -> str:
    """Apply the fixes; inline scripts are replaced by files whose text is stored in ``scripts``."""
    for pattern, replacement in _FIXES:
        html = pattern.sub(replacement, html)
    if scripts is None:
        return html

    def scope(m: re.Match[str]) -> str:
        base = m[1].rstrip("/") or "."
        scripts[SCOPE_SCRIPT] = (
            '__md_scope=new URL("../..",document.currentScript.src),' + m[2].strip() + "\n"
        )
        return f'<script src="{base}/{SCOPE_SCRIPT}"></script>'

    html = _SCOPE.sub(scope, html, count=1)
    base = _base_of(html)
    if base is not None:

        def tabbed(m: re.Match[str]) -> str:
            scripts[TABBED_SCRIPT] = m[1].strip() + "\n"
            return f'<script src="{base}/{TABBED_SCRIPT}"></script>'

        html = _TABBED.sub(tabbed, html, count=1)
    return html


def _base_of(html: str) -> str | None:
    m = re.search(r'<script src="([^"]*)/' + re.escape(SCOPE_SCRIPT) + '"', html)
    return m[1] if m else None
