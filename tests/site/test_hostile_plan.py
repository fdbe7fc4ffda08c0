"""Zero live markup from any field of the plan, on any page, in any attribute, in the offline copy.

The hostile plan is made from the schema: every free-text field the model declares (present in
the sample plan or not) is filled with markup, script, event attributes, ``</title>``, a meta
refresh, ``javascript:`` links, Markdown and Jinja. A field added to the model is covered without
touching this test, and the test fails if one is left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.plan.schema import plan_schema
from tests.conftest import build_site, serve
from tests.helpers import MINI
from tests.search_eval import search

SCHEMA = plan_schema()


def payload(n: int) -> str:
    """Markup of every kind; ``n`` tells the fields apart."""
    return (
        f'<i data-hostile="{n}">斜{n}</i></title><meta http-equiv="refresh" content="0;url=https://evil.example/">'
        f"<script>alert({n})</script><img src=x onerror=alert({n})>"
        f'"\' onmouseover=alert({n}) x="<a href="javascript:alert({n})">点我{n}</a>'
        f" **粗{n}** [链{n}](javascript:alert({n})) {{{{ {n}*7 }}}} {{% if true %}}J{{% endif %}} &amp; -{n}"
    )


URL = 'https://example.org/?q="><script>alert(0)</script>'


def _resolve(spec: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in spec:
        return SCHEMA["$defs"][spec["$ref"].rsplit("/", 1)[1]]
    options = [o for o in spec.get("anyOf", []) if o.get("type") != "null"]
    return _resolve(options[0]) if len(options) == 1 else spec


def _free_text(spec: dict[str, Any]) -> bool:
    return spec.get("type") == "string" and not ({"pattern", "format", "enum", "const"} & set(spec))


class Hostile:
    """Walks the schema and the sample plan together, filling every free-text field."""

    def __init__(self) -> None:
        self.count = 0
        self.covered: set[str] = set()
        self.names: dict[str, str] = {}

    def text(self, path: str) -> str:
        self.count += 1
        self.covered.add(path)
        return payload(self.count)

    def fill(self, spec: dict[str, Any], data: dict[str, Any], path: str) -> None:
        for key, raw in spec.get("properties", {}).items():
            prop, here = _resolve(raw), f"{path}.{key}" if path else key
            if _free_text(prop):
                data[key] = URL if key == "source_url" else self.text(here)
            elif prop.get("type") == "array" and _free_text(_resolve(prop["items"])):
                data[key] = [self.text(here) for _ in range(max(1, len(data.get(key) or [])))]
            elif prop.get("type") == "array" and "properties" in _resolve(prop["items"]):
                for item in data.get(key) or []:
                    self.fill(_resolve(prop["items"]), item, f"{here}[]")
            elif "properties" in prop:
                self.fill(prop, data.setdefault(key, {}), here)

    def plan(self) -> dict[str, Any]:
        data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
        task = data["sections"][0]["tasks"][0]
        task["targets"][0].update(qualifier="x", frequency="x", scope="x", period="x", unit="x")
        data["units"][0]["note"] = "x"
        self.fill(SCHEMA, data, "")
        return self._consistent(data)

    def _consistent(self, data: dict[str, Any]) -> dict[str, Any]:
        """Keep the plan valid: units match their mentions, targets quote their task's text, the title
        names the plan's year and a 通知's 落款 names the issuer."""
        pub = data["publication"]
        pub["title"] += "（2024年）"
        if isinstance(pub.get("notice"), dict):
            pub["notice"]["issuer"] = pub["issuer"]
        original = [u["name"] for u in yaml.safe_load(MINI.read_text(encoding="utf-8"))["units"]]
        names = dict(zip(original, (u["name"] for u in data["units"]), strict=True))
        source = yaml.safe_load(MINI.read_text(encoding="utf-8"))
        for s, section in enumerate(data["sections"]):
            for t, task in enumerate(section["tasks"]):
                task["responsible"] = [names[n] for n in source["sections"][s]["tasks"][t]["responsible"]]
                for target in task.get("targets", []):
                    quote = target["phrase"]
                    task["text"] += quote
                    for key in ("qualifier", "frequency", "scope", "period", "unit"):
                        if key in target:
                            target[key] = quote
                    if target.get("value") is not None:
                        target["value"] = int(quote.rsplit("-", 1)[1])  # the number the phrase states
        return data


def free_text_fields(spec: dict[str, Any] = SCHEMA, path: str = "") -> Iterator[str]:
    for key, raw in spec.get("properties", {}).items():
        prop, here = _resolve(raw), f"{path}.{key}" if path else key
        if _free_text(prop) or (prop.get("type") == "array" and _free_text(_resolve(prop["items"]))):
            yield here
        elif prop.get("type") == "array" and "properties" in _resolve(prop["items"]):
            yield from free_text_fields(_resolve(prop["items"]), f"{here}[]")
        elif "properties" in prop:
            yield from free_text_fields(prop, here)


def test_every_free_text_field_of_the_schema_is_made_hostile() -> None:
    hostile = Hostile()
    hostile.plan()
    fields = set(free_text_fields())
    assert {"units[].name", "sections[].tasks[].text", "publication.title", "units[].note"} <= fields
    # responsible and target words are filled, then made consistent with the names and text they quote
    assert fields == hostile.covered


@pytest.fixture(scope="module")
def hostile_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    plan = folder / "plan.yaml"
    plan.write_text(yaml.safe_dump(Hostile().plan(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    sites = []
    for name, env in (("site", {}), ("offline", {"OFFLINE": "true"})):
        result = build_site(folder / name, plan=plan, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        sites.append(folder / name)
    return sites[0], sites[1]


def _live_markup(html: str) -> list[str]:
    doc = BeautifulSoup(html, "html.parser")
    found = [f"<{el.name} data-hostile>" for el in doc.find_all(attrs={"data-hostile": True})]
    found += ["meta refresh" for _ in doc.find_all("meta", attrs={"http-equiv": True})]
    for el in doc.find_all(True):
        found += [f"{el.name}[{a}]" for a in el.attrs if a.lower().startswith("on")]
        for attr in ("href", "src", "action", "formaction"):
            if str(el.get(attr) or "").strip().lower().startswith("javascript:"):
                found.append(f"{el.name}[{attr}=javascript:]")
    for script in doc.find_all("script"):
        body = script.string or ""
        if script.get("type") in {"application/ld+json", "application/json"}:
            json.loads(body)
            if "<" in body:
                found.append("markup inside JSON script")
        elif body.strip():
            found.append(f"inline script: {body[:40]}")
    found += [
        f"<{tag}> from Markdown"
        for tag in ("strong", "em")
        for el in doc.find_all(tag)
        if re.fullmatch(r"粗\d+", el.text)
    ]
    return found


def test_no_page_of_the_site_or_its_offline_copy_has_live_markup(hostile_sites: tuple[Path, Path]) -> None:
    pages = 0
    for site in hostile_sites:
        for page in sorted(site.rglob("*.html")):
            assert _live_markup(page.read_text(encoding="utf-8")) == [], page.relative_to(site)
            pages += 1
    assert pages > 20


def test_hostile_text_is_shown_as_the_text_it_is(hostile_sites: tuple[Path, Path]) -> None:
    site = hostile_sites[0]
    doc = BeautifulSoup((site / "tasks" / "1" / "index.html").read_text(encoding="utf-8"), "html.parser")
    h1 = doc.select_one("article h1").get_text()
    assert '<i data-hostile="' in h1 and "</title>" in h1 and "{{ " in h1 and "**粗" in h1
    assert '<i data-hostile="1">' in doc.title.get_text()  # the site name, as text in <title>
    header = doc.select_one(".md-header__topic").get_text()
    assert '<i data-hostile="1">' in header
    logo = doc.select_one("a.md-logo")
    assert logo["aria-label"].startswith('<i data-hostile="1">')
    nav = " ".join(a.get_text() for a in doc.select("nav.md-nav--primary .md-nav__link"))
    assert "<script>alert(" in nav  # section titles in the navigation, as text


@pytest.mark.browser
def test_search_shows_hostile_text_as_text(page, hostile_sites: tuple[Path, Path]) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve(hostile_sites[0]) as base:
        page.goto(base)
        assert search(page, "斜") != []
        assert page.locator("[data-hostile]").count() == 0
        assert "<i data-hostile" in page.locator(".md-search-result").inner_text()
    assert dialogs == []


@pytest.mark.browser
def test_no_script_runs_on_any_page_type(page, hostile_sites: tuple[Path, Path]) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve(hostile_sites[0]) as base:
        for url in ("", "tasks/1/", "units/shisifaju/", "matrix/", "targets/", "about/", "downloads/"):
            page.goto(base + url)
            page.wait_for_load_state("load")
            assert page.url.startswith(base), "a meta refresh took the reader away"
            assert page.locator("[data-hostile]").count() == 0
    assert dialogs == []


@pytest.mark.slow
def test_a_site_of_two_hostile_plans_has_no_live_markup(tmp_path: Path) -> None:
    """The pages of a site of several plans (/, /<year>/changes/, the lines across years, the other
    years on unit pages) show hostile plan text as text, like every other page."""
    import os
    import shutil
    import subprocess
    import sys

    from tests.conftest import EPOCH
    from tests.helpers import ROOT

    root = tmp_path / "project"
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, root / name)
    plans = root / "data" / "plans"
    plans.mkdir(parents=True)
    older = Hostile().plan()
    newer = yaml.safe_load(yaml.safe_dump(older, allow_unicode=True))
    newer["publication"]["title"] = newer["publication"]["title"].replace("（2024年）", "（2025年）")
    newer["sections"][0]["tasks"][0]["continues"] = "2024-1"
    newer["sections"][0]["tasks"][0]["text"] += "今年新增的文字<b onclick=alert(9)>九</b>"
    for year, data in ((2024, older), (2025, newer)):
        (plans / f"{year}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    listed = "[data/plans/2024.yaml, data/plans/2025.yaml]"
    (root / "mkdocs.yml").write_text(
        config.replace("      plan: data/plan.yaml\n", f"      plan: {listed}\n")
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    for key in ("PLAN_FILE", "SITE_URL", "OFFLINE", "PROGRESS_DIR"):
        env.pop(key, None)
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for path in (
        "index.html",
        "2025/changes/index.html",
        "2025/tasks/1/index.html",
        "2024/tasks/1/index.html",
    ):
        assert (site / path).is_file(), path
    assert (
        "<b onclick"
        in BeautifulSoup(
            (site / "2025/changes/index.html").read_text(encoding="utf-8"), "html.parser"
        ).get_text()
    )
    for page in sorted(site.rglob("*.html")):
        assert _live_markup(page.read_text(encoding="utf-8")) == [], page.relative_to(site)
