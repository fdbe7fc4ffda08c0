"""Pages of a plan issued as the attachment of a 通知: the full text starts with the 通知, as published.

The plan is imported from tests/cases/import/notice-2025.txt, a CONSTRUCTED test fixture (not the
published 2025 text; see tests/cases/import/expected/notice-2025.yml). Pages are rendered in this
process, without building a site.
"""

from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.plan.importer import import_source
from generator.plan.load import load_plan, parse_plan
from generator.plan.model import Plan
from generator.site.pages import Pages, environment
from generator.yamlio import dump_plan_data
from tests.helpers import CASES, PLAN

CASE = yaml.safe_load((CASES / "import" / "expected" / "notice-2025.yml").read_text(encoding="utf-8"))
NOTICE = CASES / "import" / CASE["source"]


@pytest.fixture(scope="module")
def plan() -> Plan:
    return parse_plan(dump_plan_data(import_source(NOTICE.read_bytes(), "notice.txt").data))


def _body(plan: Plan, src: str) -> BeautifulSoup:
    return BeautifulSoup(str(Pages(plan, env=environment([])).body(src)), "html.parser")


def test_fulltext_page_is_the_notice_then_the_plan(plan: Plan) -> None:
    article = _body(plan, "fulltext.md").select_one("article.plan-official")
    assert article is not None
    blocks = [article.h1.get_text()] + [el.get_text() for el in article.select(":scope > p, :scope > h2")]
    page = set(CASE["page_lines"].values())
    published = [
        ln for ln in NOTICE.read_text(encoding="utf-8").splitlines() if ln.strip() and ln not in page
    ]
    assert blocks == published
    assert [p.get_text() for p in article.select(".plan-notice-signature")] == [
        "渭南市人民政府",
        "2025年4月29日",
    ]


def test_task_page_quotes_the_responsibility_in_its_brackets(plan: Plan) -> None:
    line = _body(plan, "tasks/4.md").select_one(".plan-line").get_text()
    assert line == "原文：〔责任单位:市司法局,市政府有关部门按职责分工分别负责〕"


def test_about_page_says_where_issuer_and_date_come_from(plan: Plan) -> None:
    text = _body(plan, "about.md").get_text()
    assert (
        "据渭南市人民政府办公室发布的渭南市人民政府关于印发《渭南市2025年法治政府建设工作要点》的通知"
        "（发布时间 2025-04-30），该工作要点由渭南市人民政府于2025年4月29日作为该通知的附件印发。"
    ) in text
    assert "年份由发布时间推定" not in text  # the 落款 gives the year


def test_pages_of_a_plan_without_a_notice_are_as_before() -> None:
    real = load_plan(PLAN)
    article = _body(real, "fulltext.md").select_one("article.plan-official")
    assert article is not None
    assert article.h1.get_text() == real.publication.title
    assert not article.select(".plan-notice-signature, #attachment")
    assert "年份由发布时间推定" in _body(real, "about.md").get_text()
