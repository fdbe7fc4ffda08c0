"""The MkDocs plugin: thin glue between the plan's pages and MkDocs.

It loads the plan once per build, hands every page from :func:`build_pages` to
MkDocs as a virtual file (nothing is written into ``docs/``), puts the generated
sections in front of the hand-written navigation, and watches the plan file
under ``mkdocs serve``.
"""

from __future__ import annotations

import json
import logging
import os
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage

from generator import exports, search
from generator.errors import GeneratorError, PlanError
from generator.htmlfix import fix_page
from generator.loader import load_plan
from generator.model import Plan
from generator.pages import Page, build_pages, environment
from generator.site import site_nav, stub_markdown
from generator.urls import Urls

log = get_plugin_logger(__name__)
ASSETS = Path(__file__).parent / "assets"
SHIM = "assets/javascripts/iframe-worker-shim.js"


def _offline_enabled(config: MkDocsConfig) -> bool:
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(offline and offline.config.enabled)


class PlanPluginConfig(Config):
    plan = c.Type(str, default="data/plan.yaml")
    """Path of the plan file, relative to mkdocs.yml. The PLAN_FILE environment variable overrides it."""
    templates = c.Type(str, default="overrides/plan")
    """Folder whose page templates replace the built-in ones of the same name."""


class PlanPlugin(BasePlugin[PlanPluginConfig]):
    """Generates every page of the plan site from data/plan.yaml."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.plan: Plan | None = None
        self.pages: dict[str, Page] = {}
        self.plan_path = Path()
        self.offline = False
        self.downloads: list[exports.Download] = []
        self.extra_downloads: list[exports.Download] = []
        """Files added by ``python -m generator build`` (the offline copy)."""
        self.inline_scripts: dict[str, str] = {}
        self.lexicon: search.Lexicon | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not for editors

    @event_priority(-50)  # after the offline plugin has switched off directory URLs
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.plan_path = root / (os.environ.get("PLAN_FILE") or self.config.plan)
        try:
            self.plan = load_plan(self.plan_path)
        except PlanError as exc:
            raise Abort(f"计划文件有误，未构建网站：\n{exc.report()}") from None
        try:
            self.lexicon = search.load_lexicon()
        except PlanError as exc:
            raise Abort(f"搜索用词表有误，未构建网站：\n{exc.report()}") from None
        urls = Urls(directory_urls=config.use_directory_urls)
        when = exports.build_time(self.plan, os.environ.get("SOURCE_DATE_EPOCH"))
        self.downloads = exports.downloads(self.plan, when, self.extra_downloads)
        self.pages = build_pages(self.plan, urls, environment([root / self.config.templates]), self.downloads)
        config.nav = site_nav(self.plan, urls, config.nav or [])
        config.site_name = self.plan.publication.title
        config.extra["plan"] = self.plan
        config.extra["site_domain"] = urlsplit(config.site_url or "").netloc
        self.offline = _offline_enabled(config)
        if self.offline:
            # Material's offline plugin would add a polyfill from the internet; ours ships with the site.
            config.extra["polyfills"] = [SHIM]
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for page in self.pages.values():
            if files.get_file_from_path(page.src) is not None:
                raise Abort(f"docs/{page.src} 与生成的页面同名。请删除或改名该手写文件。")
            files.append(File.generated(config, page.src, content=stub_markdown(page)))
        for download in self.downloads:
            files.append(File.generated(config, f"downloads/{download.name}", content=download.content))
        self._replace_search_worker(files, config)
        if self.offline:
            files.append(File.generated(config, SHIM, abs_src_path=str(ASSETS / "iframe-worker-shim.js")))
        return files

    def _replace_search_worker(self, files: Files, config: MkDocsConfig) -> None:
        """Serve our search worker at the path of Material's own, once the theme is known to match."""
        uris = [f.src_uri for f in files]
        try:
            worker = search.material_worker(uris)
            bundle = files.get_file_from_path(search.material_bundle(uris))
            assert bundle is not None
            search.check_theme(bundle.content_string, version("mkdocs-material"))
        except GeneratorError as exc:
            raise Abort(str(exc)) from None
        original = files.get_file_from_path(worker)
        assert original is not None
        files.remove(original)
        source_map = files.get_file_from_path(f"{worker}.map")
        if source_map is not None:  # it maps Material's worker, not ours
            files.remove(source_map)
        files.append(File.generated(config, worker, content=search.worker_script()))
        # Only while overrides/main.html still copies Material's config block (issue 16 removes it).
        config.extra["plan_search_worker"] = worker

    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            page.meta.setdefault("plan_head", {"column": "本站说明"})
            return html
        page.meta["plan_head"] = generated.head
        page.meta["plan_title"] = generated.title
        return generated.html

    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        return fix_page(output, self.inline_scripts)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return (
            fix_page(output_content, self.inline_scripts)
            if template_name.endswith(".html")
            else output_content
        )

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        for name, script in self.inline_scripts.items():
            target = Path(config.site_dir) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(script, encoding="utf-8")
        # Runs after Material's search plugin has written the index (it is listed first in
        # mkdocs.yml) and before the offline plugin inlines it.
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.exists() and self.plan is not None and self.lexicon is not None:
            urls = Urls(directory_urls=config.use_directory_urls)
            data = search.build_index(
                json.loads(index.read_text(encoding="utf-8")), self.plan, urls, self.lexicon
            )
            index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.plan_path))
        return server
