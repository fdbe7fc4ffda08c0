"""Small corrections to the theme's HTML so that every page is valid, accessible and CSP-clean.

mkdocs-material writes a few attributes the HTML standard does not allow, leaves
its search dialog without an accessible name and puts two small scripts inline.
Each correction says what it expects to find on every page (how many matches);
when a theme update changes the markup, the build stops with a message naming
the correction and the theme version, instead of silently skipping it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.site.theme import material_version


class ThemeMismatch(Exception):
    """The theme's markup is not what a correction expects (message in Chinese)."""


@dataclass(frozen=True)
class Fix:
    """One correction: a pattern, its replacement and how often it must match on a page."""

    purpose: str
    """What the correction is for, in Chinese (named when the theme no longer matches)."""
    pattern: re.Pattern[str]
    replacement: str
    least: int
    most: int | None = None
    """``None``: no upper bound."""

    def apply(self, html: str) -> str:
        result, count = self.pattern.subn(self.replacement, html)
        if count < self.least or (self.most is not None and count > self.most):
            expected = f"{self.least}" if self.most == self.least else f"至少 {self.least}"
            if self.most is not None and self.most != self.least:
                expected = f"{self.least}–{self.most}"
            raise ThemeMismatch(_mismatch(self.purpose, expected, count))
        return result


def _mismatch(purpose: str, expected: str, count: int) -> str:

    return (
        f"主题 mkdocs-material {material_version()} 的页面结构与本程序预期不符：“{purpose}”"
        f"应找到 {expected} 处，实际找到 {count} 处。请使用 pyproject.toml 中固定的 mkdocs-material 版本，"
        "或按新版主题更新 generator/htmlfix.py。"
    )


FIXES: tuple[Fix, ...] = (
    Fix(
        "去掉复选框上不允许的 autocomplete 属性（导航和搜索开关）",
        re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"'),
        r"\1",
        least=2,
        most=2,
    ),
    # Only navigations with groups have such labels (not the page shown while a plan is broken);
    # tests/test_seam.py checks that the installed theme still writes them.
    Fix(
        "去掉导航分组标签上空的 tabindex 属性",
        re.compile(r'(<label class="md-nav__link[^"]*" for="[^"]+" id="[^"]+") tabindex=""'),
        r"\1",
        least=0,
    ),
    Fix("去掉不是 HTML 属性的 autocorrect", re.compile(r' autocorrect="off"'), "", least=1, most=1),
    # Deferred, the theme's script no longer holds up the first paint: it runs once the page is
    # parsed, before DOMContentLoaded, in document order with the other deferred scripts.
    Fix(
        "推迟执行主题的页面脚本（不阻塞首次绘制）",
        re.compile(r'<script src="((?:[^"]*/)?assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js)"></script>'),
        r'<script src="\1" defer></script>',
        least=1,
        most=1,
    ),
    # The palette stylesheet holds only Material's named colours and its dark scheme; the site uses
    # neither (its colours are in plan.css), so the request would only delay the first paint.
    Fix(
        "去掉用不到的配色样式表",
        re.compile(
            r'\s*<link rel="stylesheet" href="[^"]*assets/stylesheets/palette\.[0-9a-f]{8}\.min\.css">'
        ),
        "",
        least=1,
        most=1,
    ),
    Fix(
        "给搜索对话框加上无障碍名称",
        re.compile(r'<div class="md-search" data-md-component="search" role="dialog">'),
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="站内搜索">',
        least=1,
        most=1,
    ),
)

#: Material's inline scripts, moved to files so that a Content-Security-Policy needs no 'unsafe-inline'.
#: The first sets the site's root from the page's relative base URL; the file computes the
#: same root from its own address.
_SCOPE = re.compile(r'<script>__md_scope=new URL\("([^"]*)",location\),(.*?)</script>', re.S)
_TABBED = re.compile(
    r"<script>(var target=document\.getElementById\(location\.hash\.slice\(1\)\);.*?)</script>", re.S
)
SCOPE_SCRIPT = "assets/javascripts/plan-scope.js"
TABBED_SCRIPT = "assets/javascripts/plan-tabbed.js"


#: Stands for the page's own content while the corrections run (no page holds it).
_CONTENT = "\x00"


def fix_page(html: str, scripts: dict[str, str] | None = None, content: str = "") -> str:
    """Apply the corrections; inline scripts become files whose text is stored in ``scripts``.

    ``content`` is the page's own body as the theme inserted it: the corrections, which are about
    the theme's markup, do not read through it (on a large page it is most of the text).
    Raises :class:`ThemeMismatch` when the page is not what a correction expects.
    """
    at = html.find(content, max(html.find("<article "), 0)) if content and _CONTENT not in content else -1
    if at >= 0:
        html = html[:at] + _CONTENT + html[at + len(content) :]
    html = _fix_theme(html, scripts)
    if at >= 0:
        html = html.replace(_CONTENT, content, 1)
    if scripts is not None and "<script>" in html:
        raise ThemeMismatch(
            _mismatch("页面中不再有内联脚本（内容安全策略不允许）", "0", html.count("<script>"))
        )
    return html


def _fix_theme(html: str, scripts: dict[str, str] | None) -> str:
    """The corrections of :data:`FIXES`, then Material's inline scripts moved to files."""
    for fix in FIXES:
        html = fix.apply(html)
    if scripts is None:
        return html
    m = _SCOPE.search(html)
    if m is None:
        raise ThemeMismatch(_mismatch("把设置站点根路径的内联脚本移到文件中", "1", 0))
    base = m[1].rstrip("/") or "."
    scripts[SCOPE_SCRIPT] = '__md_scope=new URL("../..",document.currentScript.src),' + m[2].strip() + "\n"
    # Deferred like the bundle, which they must precede (deferred scripts run in document order):
    # nothing before it reads what they set, and the head then holds no script but plan-early.js.
    html = html[: m.start()] + f'<script src="{base}/{SCOPE_SCRIPT}" defer></script>' + html[m.end() :]
    m = _TABBED.search(html)
    if m is not None:
        scripts[TABBED_SCRIPT] = m[1].strip() + "\n"
        html = html[: m.start()] + f'<script src="{base}/{TABBED_SCRIPT}" defer></script>' + html[m.end() :]
    return html
