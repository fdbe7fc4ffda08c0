"""The seam between our pages and mkdocs-material, tested in process (no browser, no full build)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from markupsafe import Markup
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import Files

from generator.plan.load import load_plan, parse_plan
from generator.site import htmlfix, metadata, theme
from generator.site.pages import Page, Pages, environment
from generator.site.plugin import PlanPlugin, _replace_search_worker
from tests.helpers import MINI, PLAN, ROOT

VERSION = theme.material_version()

# The markup Material writes that the corrections expect, as its templates write it.
RAW = """<html><head>
<link rel="stylesheet" href="../assets/stylesheets/palette.fb2fffe2.min.css">
<script>__md_scope=new URL(".",location),__md_hash=e=>1</script></head><body>
<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">
<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">
<div class="md-search" data-md-component="search" role="dialog">
<input type="text" class="md-search__input" name="query" autocorrect="off">
<script>var target=document.getElementById(location.hash.slice(1));target&&(target.checked=1)</script>
<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>
</body></html>"""


def test_corrections_apply_and_move_inline_scripts_to_files() -> None:
    scripts: dict[str, str] = {}
    fixed = htmlfix.fix_page(RAW, scripts)
    assert (
        'autocomplete="off"' not in fixed and 'autocorrect="off"' not in fixed and 'tabindex=""' not in fixed
    )
    assert 'role="dialog" aria-label="站内搜索"' in fixed and "palette" not in fixed
    assert "<script>" not in fixed
    assert '<script src="../assets/javascripts/bundle.a5f9d56c.min.js" defer></script>' in fixed
    # Every script is deferred, the theme's root-setting one before the bundle that reads it.
    tags = re.findall(r"<script [^>]*>", fixed)
    assert len(tags) == 3 and all(tag.endswith(" defer>") for tag in tags)
    assert htmlfix.SCOPE_SCRIPT in tags[0] and "bundle." in tags[2]
    assert set(scripts) == {htmlfix.SCOPE_SCRIPT, htmlfix.TABBED_SCRIPT}
    assert scripts[htmlfix.SCOPE_SCRIPT].startswith('__md_scope=new URL("../..",document.currentScript.src)')


@pytest.mark.parametrize(
    "changed",
    [
        ('<div class="md-search" data-md-component="search" role="dialog">', '<div class="md-search">'),
        (' autocorrect="off"', ""),
        ('id="__search" autocomplete="off"', 'id="__search"'),
        ("<script>__md_scope=new URL", "<script>__md_root=new URL"),
        ("javascripts/bundle.", "javascripts/main."),
        ("stylesheets/palette.", "stylesheets/colors."),
    ],
    ids=["search-dialog", "autocorrect", "toggle", "scope-script", "bundle", "palette"],
)
def test_a_theme_that_no_longer_matches_stops_the_build(changed: tuple[str, str]) -> None:
    with pytest.raises(htmlfix.ThemeMismatch) as caught:
        htmlfix.fix_page(RAW.replace(*changed), {})
    message = str(caught.value)
    assert (
        f"mkdocs-material {VERSION}" in message and "应找到" in message and "generator/htmlfix.py" in message
    )


def test_an_unexpected_inline_script_stops_the_build() -> None:
    with pytest.raises(htmlfix.ThemeMismatch, match="内联脚本"):
        htmlfix.fix_page(RAW.replace("</body>", "<script>alert(1)</script></body>"), {})


def test_corrections_leave_the_pages_own_content_as_it_is() -> None:
    """The corrections are about the theme's markup; the page's content passes through untouched
    (a report quoting the theme's markup is text, and a long page is not read through)."""
    content = '<p>原文 autocorrect="off" <input class="md-toggle" type="checkbox" autocomplete="off"></p>'
    page = RAW.replace(
        '<div class="md-search"',
        f'<article class="md-content__inner">{content}</article><div class="md-search"',
    )
    fixed = htmlfix.fix_page(page, {}, content)
    assert content in fixed
    assert fixed.replace(content, "") == htmlfix.fix_page(page.replace(content, ""), {})
    with pytest.raises(htmlfix.ThemeMismatch, match="内联脚本"):
        htmlfix.fix_page(page.replace(content, "<script>alert(1)</script>"), {}, "<script>alert(1)</script>")


def _theme_sources() -> str:
    import material

    folder = Path(material.__file__).parent / "templates"
    text = "\n".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.html"))
    text = text.replace("{{ path }}", "__nav_2").replace("{{ tabindex }}", "")
    text = re.sub(r"\{\{ '([^']*)' \| url \}\}", r"\1", text)  # asset addresses as written
    return re.sub(r"\{\{[^}]*\}\}", "x", text)


def test_the_installed_theme_still_writes_what_each_correction_expects() -> None:
    sources = _theme_sources()
    for fix in htmlfix.FIXES:
        assert fix.pattern.search(sources), fix.purpose
    assert "__md_scope=new URL(" in sources and "var target=document.getElementById(location.hash" in sources


# -- the plugin's events ---------------------------------------------------------------------


@pytest.fixture
def config_for(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    made: list[Path] = []

    def make(plan: Path) -> MkDocsConfig:
        path = ROOT / f".mkdocs-test-{uuid.uuid4().hex}.yml"
        path.write_text(
            f"INHERIT: mkdocs.yml\nplugins:\n  - search\n  - plan:\n      plan: {plan}\n", encoding="utf-8"
        )
        made.append(path)
        return load_config(str(path), site_dir=str(tmp_path / "site"))

    yield make
    for path in made:
        path.unlink()


def test_search_worker_takes_the_place_of_the_themes(config_for) -> None:  # type: ignore[no-untyped-def]
    config = config_for(MINI)
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    worker = next(
        f for f in files if re.fullmatch(r"assets/javascripts/workers/search\.\w+\.min\.js", f.src_uri)
    )
    config.plugins._current_plugin = "plan"  # as MkDocs sets it while an event runs
    _replace_search_worker(files, config)
    replaced = files.get_file_from_path(worker.src_uri)
    assert replaced is not None and replaced is not worker
    assert "postMessage" in replaced.content_string and "lunr" not in replaced.content_string[:2000]
    missing = Files([f for f in files if f.src_uri != worker.src_uri])
    with pytest.raises(Abort, match=f"mkdocs-material {VERSION}"):
        _replace_search_worker(missing, config)


def test_broken_plan_under_serve_becomes_a_page_listing_the_problems(config_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "plan.yaml"
    broken.write_text(
        MINI.read_text(encoding="utf-8").replace("- 市司法局\n", "- 市司法厅\n", 1), encoding="utf-8"
    )
    config = config_for(broken)
    plugin = config.plugins["plan"]
    assert isinstance(plugin, PlanPlugin)
    plugin.on_startup(command="serve", dirty=False)
    plugin.on_config(config)
    page = plugin.pages["index.md"]
    body = plugin.body("index.md")
    assert page.kind == "problems" and "未登记的责任单位“市司法厅”" in body
    assert f"{broken}:" in body
    plugin.on_startup(command="build", dirty=False)
    with pytest.raises(Abort, match="有误，未构建网站"):
        plugin.on_config(config)


def test_plan_path_comes_from_the_configuration(config_for, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("PLAN_FILE", raising=False)
    config = config_for(MINI)
    assert config.plugins["plan"].plan_file(config) == MINI
    monkeypatch.setenv("PLAN_FILE", str(PLAN))
    assert config.plugins["plan"].plan_file(config) == PLAN


# -- one escaping rule -------------------------------------------------------------------------


def test_values_reach_the_theme_escaped_exactly_once() -> None:
    assert theme.text("<i>&") == Markup("&lt;i&gt;&amp;")
    assert theme.text(theme.text("<i>")) == Markup("&lt;i&gt;")  # Markup is never escaped twice
    nav = theme.nav_titles([{"<b>": "a.md"}, {"组": [{"x&y": "b.md"}]}])
    assert nav == [{Markup("&lt;b&gt;"): "a.md"}, {Markup("组"): [{Markup("x&amp;y"): "b.md"}]}]
    page = Page(src="tasks/1.md", title="(一)<script>", kind="task", description='"x"')
    meta = theme.page_meta(page)
    assert meta["title"] == Markup("(一)&lt;script&gt;") and meta["description"] == Markup("&#34;x&#34;")


def test_json_ld_cannot_close_its_script_element() -> None:
    plan = parse_plan(MINI.read_text(encoding="utf-8").replace("示例市2024年", "示例市</script><b>2024年"))
    head = metadata.home_head(plan, lambda src: src, __import__("generator.site.urls").site.urls.Urls())
    assert isinstance(head["jsonld"], Markup)
    assert "</script>" not in head["jsonld"] and "\\u003c/script\\u003e" in head["jsonld"]


# -- templates that extend ---------------------------------------------------------------------


def test_an_override_extends_the_default_template_and_changes_one_block(tmp_path: Path) -> None:
    (tmp_path / "task.html").write_text(
        '{% extends "default:task.html" %}{% block text %}<p class="mine">{{ task.text }}（本地说明）</p>{% endblock %}',
        encoding="utf-8",
    )
    plan = load_plan(MINI)
    html = Pages(plan, env=environment([tmp_path])).body("tasks/1.md")
    assert '<p class="mine">' in html and "（本地说明）" in html
    assert 'id="responsible"' in html and "plan-text" not in html  # everything else is the default page


def test_soft_problems_are_told_without_stopping_a_strict_build(config_for, tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    long_title = "推进职能协调高效" * 9  # 72 characters: most likely a paste into the wrong field
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        MINI.read_text(encoding="utf-8").replace("推进职能协调高效", long_title, 1), encoding="utf-8"
    )
    config = config_for(plan)
    plugin = config.plugins["plan"]
    plugin.on_startup(command="build", dirty=False)
    with caplog.at_level("INFO"):
        plugin.on_config(config)
    assert plugin.pages and len(plugin.warnings) == 1
    assert [r.levelname for r in caplog.records if "提示：" in r.getMessage()] == ["INFO"]


# -- a project needs only the plugin -----------------------------------------------------------


@pytest.mark.slow
def test_a_project_listing_only_the_plugin_gets_its_styles_and_scripts(tmp_path: Path) -> None:
    """The plugin ships plan.css, progress.css, plan.js and plan-early.js itself (as it ships the
    search worker): a project's mkdocs.yml names the plugin and the overrides, nothing more."""
    import os
    import shutil
    import subprocess
    import sys

    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copy(MINI, project / "plan.yaml")
    (project / "mkdocs.yml").write_text(
        "site_name: x\ntheme:\n  name: material\n  language: zh\n  custom_dir: overrides\n  font: false\n"
        "  palette:\n    scheme: default\n    primary: custom\n    accent: custom\n"
        "plugins:\n  - search:\n      lang: zh\n  - plan:\n      plan: plan.yaml\n"
        "validation:\n  nav:\n    omitted_files: ignore\n",
        encoding="utf-8",
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    env.pop("PLAN_FILE", None)
    env.pop("PROGRESS_DIR", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    for name in ("plan.css", "progress.css", "plan.js", "plan-early.js"):
        assert (site / "assets" / name).read_bytes() == (
            ROOT / "generator" / "site" / "assets" / name
        ).read_bytes()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.count('href="assets/plan.css"') == 1 and home.count('href="assets/progress.css"') == 1
    assert home.count('<script src="assets/plan.js" defer></script>') == 1
    assert '<script src="assets/plan-early.js"></script>' in home
