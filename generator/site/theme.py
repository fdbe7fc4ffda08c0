"""The one seam between our pages and mkdocs-material's templates.

Material's templates do not autoescape: whatever we hand them is printed as is.
So every plan-derived value reaches the theme through this module, and the rule
is one: a value is passed through :func:`text` (``markupsafe.escape``), which
escapes plain strings exactly once and lets :class:`~markupsafe.Markup` through
untouched. Markup only comes from our own autoescaping Jinja environment (page
bodies, the fragments below) or from :func:`generator.metadata.jsonld`, which is
safe inside ``<script>`` by construction. Because the escaped values are Markup,
Material's occasional ``| e`` does not escape them a second time.

The fragments the theme shows around a page (head metadata, reader controls,
facts before the content, print address after it, footer) are rendered here, by our environment, and
handed to ``overrides/main.html`` as a :class:`ThemeView`; that template reads
nothing from the plan itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from generator.plan.model import Plan
from generator.site.gov import Gov
from generator.site.pages import Page
from generator.site.urls import Urls


def text(value: object) -> Markup:
    """The one escaping rule at the seam: plain text is escaped once, Markup passes as is."""
    return escape(value)


def site_name(plan: Plan) -> Markup:
    """The site's name for the theme (header, logo label, ``<title>``): the plan's title, escaped."""
    return text(plan.publication.title)


def material_version() -> str:
    """The installed mkdocs-material version, named in messages about theme mismatches."""
    try:
        return version("mkdocs-material")
    except PackageNotFoundError:  # pragma: no cover - the theme is a dependency
        return "（未知版本）"


def nav_titles(items: Any) -> Any:
    """A MkDocs ``nav`` structure with every title escaped (the theme prints nav titles raw)."""
    if isinstance(items, list):
        return [nav_titles(item) for item in items]
    if isinstance(items, dict):
        return {text(title): nav_titles(value) for title, value in items.items()}
    return items


def page_meta(page: Page) -> dict[str, Any]:
    """What Material reads from ``page.meta`` for a generated page, with titles escaped."""
    meta: dict[str, Any] = {
        "title": text(page.title),
        "plan_kind": page.kind,
        "hide": ["navigation", "toc"] if page.wide else ["toc"],
    }
    if page.description:
        meta["description"] = text(page.description)
    if page.search:
        meta["search"] = dict(page.search)
    return meta


@dataclass(frozen=True)
class ThemeView:
    """Fragments ``overrides/main.html`` prints around a page; every one is Markup from our templates."""

    head: Markup
    controls: Markup
    before: Markup
    after: Markup
    footer: Markup


class Seam:
    """Renders the fragments around each page from the plan and the site's configuration."""

    def __init__(
        self,
        env: jinja2.Environment,
        plan: Plan,
        urls: Urls,
        gov: Gov,
        site_url: str | None,
        *,
        several: bool = False,
    ) -> None:
        self.env, self.plan, self.urls = env, plan, urls
        self.several = several
        """On a site of several plans, hand-written pages belong to none: they show no plan's facts."""
        self.gov = gov
        self.site_domain = urlsplit(site_url).netloc if site_url else ""
        self.footer = self._render("theme/footer.html")
        self.controls = self._render("theme/controls.html")

    def view(
        self, src: str | None, generated: Page | None, canonical_url: str | None, title: str | None = None
    ) -> ThemeView:
        """The fragments for one page (``src`` None for theme pages such as 404.html).

        ``title`` is a hand-written page's own title.
        """
        here = src or self.urls.home

        def href(to: str, fragment: str = "") -> str:
            return self.urls.link(here, to, fragment)

        head = self._render(
            "theme/head.html",
            head=generated.head if generated else {"column": "本站说明"},
            article_title=generated.title if generated else (title or self.plan.publication.title),
            site_domain=self.site_domain,
            wide=bool(generated and generated.wide),
        )
        handwritten = generated is None and src is not None and not self.several
        before = self._render("theme/before.html", href=href, handwritten=handwritten)
        after = self._render("theme/after.html", canonical_url=canonical_url)
        return ThemeView(head=head, controls=self.controls, before=before, after=after, footer=self.footer)

    def _render(self, template: str, **context: Any) -> Markup:
        defaults: dict[str, Any] = {"plan": self.plan, "pub": self.plan.publication, "gov": self.gov}
        defaults["urls"] = self.urls
        return Markup(self.env.get_template(template).render(**defaults, **context))
