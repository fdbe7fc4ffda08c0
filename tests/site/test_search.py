"""Search that answers a citizen's question: both evaluation sets in a real browser, and the parts."""

from __future__ import annotations

import json
from pathlib import Path

import material
import pytest

from generator.errors import InputError
from generator.plan.load import load_plan
from generator.site import search as s
from generator.site.urls import Urls
from tests.browser import search
from tests.helpers import PLAN
from tests.search_eval import CITIZEN_CASES, evaluate, load_cases, rates, report, retype

#: The examples of issue 12, each of which must put the right page first.
ISSUE_EXAMPLES = {
    "政府和法院多久开一次座谈会": "/tasks/16/",
    "规范性文件要不要做合法性审查": "/tasks/5/",
    "市公安局负责什么工作": "/units/shigonganju/",
    "政務公開": "/tasks/19/",
    "應急預案": "/tasks/13/",
    "聽證": "/tasks/15/",
    "打官司告政府": "/tasks/16/",
    "网上办事": "/tasks/2/",
    "老赖": "/tasks/20/",
    "诉": "/tasks/16/",
}
FURNITURE = ("在分工矩阵中查看本任务", "在全文中查看", "上一项", "下一项", "相关任务")
THEME_JS = Path(material.__file__).parent / "templates" / "assets" / "javascripts"


# -- in the browser, through Material's search box ----------------------------------


@pytest.mark.browser
def test_plan_terms_still_find_the_right_page(page, served: str) -> None:  # type: ignore[no-untyped-def]
    outcomes = evaluate(page, served)
    top1, top3 = rates(outcomes)
    assert len(outcomes) >= 40
    assert top1 >= 0.95, report(outcomes)
    assert top3 == 1.0, report(outcomes)


@pytest.mark.browser
def test_citizens_questions_find_the_right_page(page, served: str) -> None:  # type: ignore[no-untyped-def]
    outcomes = evaluate(page, served, CITIZEN_CASES)
    top1, top3 = rates(outcomes)
    assert len(outcomes) >= 40
    assert top1 >= 0.9, report(outcomes)
    assert top3 >= 0.95, report(outcomes)
    first = {o.query: o.results[0] if o.results else None for o in outcomes}
    assert {q: first[q] for q in ISSUE_EXAMPLES} == ISSUE_EXAMPLES


@pytest.mark.browser
def test_results_are_clean_say_what_they_are_and_mark_the_match(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served)
    results = search(page, "营商环境")
    # (三) mentions it three times, (二十二) and (二十五) once; no page matches through a link.
    assert results[0] == "/tasks/3/" and set(results[1:3]) == {"/tasks/22/", "/tasks/25/"}
    items = page.locator(".md-search-result__item")
    first = items.first
    assert first.locator("h1").first.inner_text() == "(三)持续优化营商环境"
    assert first.locator(".plan-search-kind").inner_text() == "任务"
    assert "营商环境" in first.locator("p mark").all_inner_texts()
    text = " ".join(items.all_inner_texts())
    assert not [f for f in FURNITURE if f in text]
    assert "\u200b" not in text
    retype(page, "市公安局负责什么工作")
    assert items.first.locator(".plan-search-kind").inner_text() == "责任单位"


@pytest.mark.browser
def test_a_units_result_shows_its_task_without_the_lists_separator(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served)
    search(page, "政务公开")
    items = page.locator(".md-search-result__item")
    units = [
        items.nth(i).locator("p").nth(1).inner_text()
        for i in range(items.count())
        if items.nth(i).locator(".plan-search-kind").count()
        and items.nth(i).locator(".plan-search-kind").inner_text() == "责任单位"
    ]
    assert units, "a body responsible for 政务公开 is among the results"
    assert [u for u in units if u.rstrip("…").endswith(("；", ";"))] == []
    assert any("(十九)全面落实政务公开" in u for u in units)


@pytest.mark.browser
def test_one_character_finds_pages_with_it_in_their_title(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served)
    results = search(page, "法")
    assert len(results) >= 10
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert all("法" in t for t in titles[:5]), titles


@pytest.mark.browser
def test_plan_text_is_shown_as_text(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served)
    search(page, "<b>掌上复议</b>")
    assert page.locator(".md-search-result__item b").count() == 0
    assert page.locator(".md-search-result__item h1").first.inner_text() == "(十五)加强行政复议工作"


@pytest.mark.browser
def test_offline_copy_searches_traditional_characters(page, offline_site: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto((offline_site / "index.html").as_uri())
    results = search(page, "政務公開")
    assert results and results[0].endswith("/tasks/19.html")


# -- the built index ----------------------------------------------------------------


def test_evaluation_sets_are_realistic_and_point_at_real_pages(site: Path) -> None:
    for cases in (load_cases(), load_cases(CITIZEN_CASES)):
        assert len(cases) >= 40
        assert len({c["query"] for c in cases}) == len(cases)
        for case in cases:
            assert (site / case["expect"] / "index.html").exists(), case


def test_site_serves_our_worker_at_materials_worker_path(site: Path) -> None:
    workers = sorted(p.name for p in (site / "assets" / "javascripts" / "workers").iterdir())
    assert len(workers) == 1 and workers[0].startswith("search.")
    assert (site / "assets" / "javascripts" / "workers" / workers[0]).read_text(
        encoding="utf-8"
    ) == s.worker_script()


def test_index_holds_the_plans_own_text_and_nothing_else(site: Path) -> None:
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    plan = load_plan(PLAN)
    docs = {d["location"]: d for d in data["docs"]}
    task = docs["tasks/3/"]
    assert (task["kind"], task["title"], task["text"]) == (
        "task",
        "(三)持续优化营商环境",
        plan.tasks[2].task.text,
    )
    assert "市发展改革委" in task["aux"] and "营商环境" not in task["aux"]
    assert docs["units/shigonganju/"]["kind"] == "unit"
    assert not [d["location"] for d in data["docs"] if "#" in d["location"]]
    # Page furniture never reaches the plan's own documents (/about/ may name it in its prose).
    plain = json.dumps(
        [d for d in data["docs"] if d["kind"] in {"task", "unit", "section"}], ensure_ascii=False
    )
    assert not [f for f in FURNITURE if f in plain]
    assert "\u200b" not in plain and "<p>" not in plain
    fold = data["config"]["plan_search"]["fold"]
    assert (fold["務"], fold["開"], fold["聽"], fold["證"]) == ("务", "开", "听", "证")


# -- the parts, without MkDocs ------------------------------------------------------------


def test_plan_documents_follow_the_urls_of_the_offline_copy() -> None:
    docs = s.plan_documents(load_plan(PLAN), Urls(directory_urls=False))
    assert docs[0]["location"] == "tasks/1.html"
    assert {d["kind"] for d in docs} == {"task", "unit", "section"}


def test_other_pages_are_one_plain_document_each() -> None:
    entries = [
        {"location": "about/", "title": "关于本站", "text": "<p>本站\u200b说明 &amp; 来源</p>"},
        {"location": "about/#source", "title": "来源", "text": "<p>渭南市司法局</p>"},
        {"location": "tasks/3/", "title": "x", "text": "furniture"},
    ]
    docs = s.other_documents(entries, {"tasks/3/"})
    assert docs == [
        {
            "location": "about/",
            "kind": "other",
            "title": "关于本站",
            "text": "本站说明 & 来源 来源 渭南市司法局",
            "aux": "",
        }
    ]


def test_fold_table_never_folds_a_character_the_site_uses() -> None:
    table = s.fold_table("务开著着")
    assert table["務"] == "务" and table["開"] == "开"
    assert "著" not in table  # OpenCC maps 著 → 着, but 著 is a simplified character here too
    assert not (set(table) & set("务开著着"))


def test_every_synonym_points_at_words_of_the_plan() -> None:
    lexicon = s.load_lexicon()
    plan_text = PLAN.read_text(encoding="utf-8")
    unused = [w for meant in lexicon.synonyms.values() for w in meant if w not in plan_text]
    assert unused == []
    assert "怎么" in lexicon.question_words and lexicon.synonyms["老赖"][0] == "失信"


def test_word_list_errors_name_file_line_column_and_path_all_at_once(tmp_path: Path) -> None:
    bad = tmp_path / "synonyms.yml"
    bad.write_text(
        "question_words: [怎么, 吗]\nsynonyms:\n  打官司: 诉讼\n  老赖: [失信, '有 空格']\nextra: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        s.load_lexicon(bad)
    lines = caught.value.report().splitlines()
    assert lines[:3] == [
        f"{bad}:3:8: synonyms.打官司: 应为至少含一个词的列表，如 [行政诉讼, 应诉]。",
        f"{bad}:4:12: synonyms.老赖[1]: “有 空格”不是一个词：请写 1 至 16 个字，不含空格、冒号或 #。",
        f"{bad}:5:8: extra: 未知的项“extra”。只能写 question_words 和 synonyms。",
    ]
    assert lines[-1].startswith("共发现 3 个问题")


def test_installed_theme_speaks_the_protocol_our_worker_implements() -> None:
    uris = [f"assets/javascripts/{p.relative_to(THEME_JS).as_posix()}" for p in THEME_JS.rglob("*.js")]
    bundle = (THEME_JS.parent.parent / s.material_bundle(uris)).read_text(encoding="utf-8")
    s.check_theme(bundle, "9.8.1")
    assert s.material_worker(uris).startswith("assets/javascripts/workers/search.")


def test_a_theme_that_changed_its_protocol_stops_the_build() -> None:
    uris = [f"assets/javascripts/{p.relative_to(THEME_JS).as_posix()}" for p in THEME_JS.rglob("*.js")]
    bundle = (THEME_JS.parent.parent / s.material_bundle(uris)).read_text(encoding="utf-8")
    changed = bundle.replace("{type:2,data:", "{kind:2,query:")
    with pytest.raises(s.ThemeMismatch) as caught:
        s.check_theme(changed, "9.9.0")
    assert "mkdocs-material 9.9.0 不匹配" in str(caught.value)
    assert "查询消息 {type:2, data:查询文字}" in str(caught.value)
    assert "初始化消息" not in str(caught.value)
    with pytest.raises(s.ThemeMismatch, match="应恰有一个搜索程序"):
        s.material_worker(
            ["assets/javascripts/workers/search.1.min.js", "assets/javascripts/workers/search.2.min.js"]
        )
