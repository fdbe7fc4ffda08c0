"""Chinese search that finds the right task.

Two halves that must agree:

* at build time, jieba segments every page for Material's search index, with a
  user dictionary generated from the plan that keeps the plan's own terms
  (“掌上复议”, unit names, cited regulations) in one piece; then every run of
  Chinese characters is also indexed as overlapping character pairs (bigrams),
  the classic way to find a term inside a longer word whatever jieba decided.
  Pairs are written as ASCII codes (``zh`` + two five-digit numbers), so that
  Material's own query segmentation, which only touches Chinese characters,
  leaves them alone, and so that no stemmer changes them (codes end in digits);
* in the browser, a small wrapper around Material's search worker turns the query
  into the same coded pairs and requires all of them, so “60学时”, “双随机一公开”
  or “信访局” find their page although nobody typed spaces. It shows results
  with the page's own text, without the zero-width separators of the index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.model import Plan
from generator.references import cited_documents

HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
QUOTED = re.compile(r"“([^”]{2,20})”")
#: Prefixes that make a unit's or document's name longer than what people type.
_NAME_PREFIXES = ("市委", "市级", "市政府", "市", "陕西省", "渭南市", "省")
_ADMIN_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}(?:省|自治区))?(?:[\u4e00-\u9fff]{2,3}市)?")


def user_dictionary(plan: Plan) -> list[str]:
    """Terms of the plan that jieba must keep whole, in a stable order.

    - unit names without their 市/市委 prefix (“信访局”, “消防救援支队”), so that both
      “市信访局” and “信访局” find the unit;
    - phrases quoted with “…” in task titles and texts (“首违不罚”, “打非治违”), split at
      punctuation (“双随机、一公开” gives 双随机 and 一公开);
    - cited documents without a leading place name (“行政执法监督条例”).
    """
    words: list[str] = []
    for unit in plan.units:
        if not unit.collective:
            words.append(_strip_prefix(unit.name))
    for ref in plan.tasks:
        for source in (ref.task.title, ref.task.text):
            for quoted in QUOTED.findall(source):
                words.extend(run for run in HAN_RUN.findall(quoted) if len(run) >= 2)
    for document in cited_documents(plan):
        title = re.sub(r"[〈〉(（].*?[)）〉]?$", "", document.title)
        core = _ADMIN_PREFIX.sub("", title) or title
        if 2 <= len(core) <= 16 and HAN_RUN.fullmatch(core):
            words.append(core)
    return [w for w in dict.fromkeys(words) if len(w) >= 2]


def _strip_prefix(name: str) -> str:
    for prefix in _NAME_PREFIXES:
        if name.startswith(prefix) and len(name) - len(prefix) >= 2:
            return name[len(prefix) :]
    return name


def load_into_jieba(words: Iterable[str]) -> None:
    """Teach jieba the plan's terms (jieba is loaded once per process and shared with Material)."""
    import jieba

    for word in words:
        jieba.add_word(word)
        jieba.suggest_freq(word, tune=True)


WORKER_NAME = "assets/javascripts/workers/plan-search.js"


def material_worker() -> str:
    """File name of the installed Material search worker (it carries a content hash)."""
    import material

    workers = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    found = sorted(p.name for p in workers.glob("search.*.min.js"))
    if len(found) != 1:
        raise RuntimeError(f"expected one Material search worker, found {found}")
    return found[0]


def worker_script(material_worker_name: str) -> str:
    """The search worker wrapper, with the name of Material's worker it loads."""
    template = (Path(__file__).parent / "assets" / "plan-search.js").read_text(encoding="utf-8")
    return template.replace("__MATERIAL_WORKER__", material_worker_name)


ZERO_WIDTH = "\u200b"
_TAG = re.compile(r"<[^>]+>")


def bigrams(run: str) -> list[str]:
    """Overlapping character pairs of a run of Chinese characters (a single character stays whole)."""
    return [run] if len(run) < 2 else [run[i : i + 2] for i in range(len(run) - 1)]


def pair_code(pair: str) -> str:
    """The index term for a pair of Chinese characters, e.g. 学时 → ``zh0112701678`` (the browser computes the same)."""
    return "zh" + "".join(f"{ord(ch) - 0x4E00:05d}" for ch in pair)


_PARENTHETICAL = re.compile(r"[(（][^)）]*[)）]")


def _pairs(value: str) -> str:
    plain = _TAG.sub(" ", value)
    runs = HAN_RUN.findall(plain)
    # Quoted slogans are typed without their punctuation: “双随机、一公开” as 双随机一公开,
    # “一镇(街道)一清单” as 一镇一清单, “互联网+监管” as 互联网监管.
    for quoted in re.findall(r"“([^”]{2,30})”", plain):
        joined = "".join(HAN_RUN.findall(_PARENTHETICAL.sub("", quoted)))
        if joined not in runs:
            runs.append(joined)
    return ZERO_WIDTH.join(pair_code(pair) for run in runs if len(run) >= 2 for pair in bigrams(run))


def augment_index(data: dict[str, Any]) -> dict[str, Any]:
    """Append the character pairs of every entry's title and text to that title and text.

    The browser shows results without them (the worker wrapper removes pair codes and
    zero-width separators), so the index carries each text once.
    """
    for doc in data["docs"]:
        title = doc.get("title", "").replace(ZERO_WIDTH, "")
        text = doc.get("text", "").replace(ZERO_WIDTH, "")
        if pairs := _pairs(title):
            doc["title"] = f"{doc['title']}{ZERO_WIDTH}{pairs}"
        if pairs := _pairs(text):
            doc["text"] = f"{doc['text']}{ZERO_WIDTH}{pairs}"
    return data
