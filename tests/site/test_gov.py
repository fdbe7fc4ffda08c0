"""政务公开 conventions: publication facts, head metadata, JSON-LD and the footer from configuration."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from generator.plan.load import load_plan
from tests.helpers import PLAN

PLAN_OBJ = load_plan(PLAN)
PAGES = [
    "",
    "sections/3/",
    "tasks/7/",
    "units/",
    "units/shisifaju/",
    "matrix/",
    "fulltext/",
    "targets/",
    "about/",
]


def _doc(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def _meta(doc: BeautifulSoup, name: str) -> str | None:
    tag = doc.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


def test_every_page_shows_the_publication_facts(site: Path) -> None:
    for url in PAGES:
        facts = _doc(site, url).select_one("article .plan-facts")
        assert facts is not None, url
        pairs = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in facts.select("dt")}
        # Who issued the plan, where the article came from and when, as the source gives them.
        assert list(pairs)[:5] == ["文件", "印发机关", "印发时间", "文章来源", "发布时间"], url
        assert pairs["印发机关"] == "渭南市" and pairs["文章来源"] == "渭南市司法局", url
        assert pairs["发布时间"] == "2024-04-20" and pairs["印发时间"] == "4月18日", url
        assert "发布机构" not in pairs, url
        assert not {"索引号", "文号", "主题分类", "有效性"} & set(pairs), url  # the data gives none


def test_government_meta_tags(site: Path) -> None:
    doc = _doc(site, "tasks/7/")
    assert _meta(doc, "SiteName") == "渭南市2024年法治政府建设工作要点"
    assert _meta(doc, "SiteDomain") is None  # no SITE_URL: no address is claimed
    assert _meta(doc, "SiteIDCode") is None  # not assigned in mkdocs.yml: not invented
    assert _meta(doc, "ColumnName") == "各方面任务"
    assert _meta(doc, "ArticleTitle") == "(七)严格落实重大行政决策程序"
    assert _meta(doc, "PubDate") == "2024-04-20"
    assert _meta(doc, "ContentSource") == "渭南市司法局"
    assert "市司法局" in (_meta(doc, "Keywords") or "")
    assert (_meta(doc, "description") or "").startswith("(七)严格落实重大行政决策程序。严格执行")
    assert _meta(_doc(site, "units/shisifaju/"), "ColumnName") == "责任单位"


def test_json_ld_describes_the_plan_its_parts_and_organisations(site: Path) -> None:
    def data(url: str) -> dict:
        script = _doc(site, url).find("script", attrs={"type": "application/ld+json"})
        return json.loads(script.string)

    home = data("")
    assert home["@type"] == "CreativeWork" and home["name"] == PLAN_OBJ.publication.title
    assert home["datePublished"] == "2024-04-20" and home["publisher"]["name"] == "渭南市司法局"
    assert len(home["hasPart"]) == 8
    task = data("tasks/7/")
    assert task["isPartOf"]["name"] == PLAN_OBJ.publication.title
    assert [org["name"] for org in task["maintainer"]] == list(PLAN_OBJ.tasks[6].task.responsible)
    unit = data("units/shisifaju/")
    assert unit["@type"] == "GovernmentOrganization" and len(unit["subjectOf"]) == 18


def test_footer_shows_only_configured_fields_and_no_made_with(site: Path) -> None:
    footer = _doc(site, "").select_one("footer.plan-footer")
    labels = [dt.get_text() for dt in footer.select("dt")]
    assert labels == []  # the shipped mkdocs.yml configures none of them
    assert "Made with" not in footer.get_text() and "Material for MkDocs" not in footer.get_text()


def test_footer_from_configuration(configured_site: Path) -> None:
    doc = _doc(configured_site, "")
    footer = doc.select_one("footer.plan-footer")
    pairs = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in footer.select("dt")}
    assert pairs == {
        "主办单位": "渭南市司法局",
        "承办单位": "测试承办单位",
        "联系方式": "电话：0000-0000000",
        "网站标识码": "TEST000000",
        "ICP备案号": "测试ICP备00000000号",
        "公安机关备案号": "测试公网安备00000000000000号",
        "使用许可": "测试许可",
    }
    assert footer.select_one("a")["href"] == "https://beian.miit.gov.cn/"
    assert _meta(doc, "SiteIDCode") == "TEST000000"
