"""Which task of an earlier plan each task of a new plan continues: proposals for an editor (本站整理).

:func:`propose_links` scores every (new task, old task) pair from the texts and assigns them one to
one; :func:`proposals_yaml` writes the proposals as a list an editor reviews and copies into the new
plan's ``continues:`` fields. Nothing here edits a plan.

The similarity, and why:

* **Title and text: cosine of IDF-weighted character trigrams.** Chinese has no spaces, and a word
  segmenter (jieba) takes seconds to load and cuts the same term differently in different
  contexts; character n-grams need no dictionary. Most words of 公文 have two characters (执法、
  审查、清单), but one word alone is shared by many unrelated tasks; a trigram is a word with its
  neighbour (执法监、审查机、清单制), the collocations drafters keep from one year to the next. A
  carried task keeps most of its trigrams under the usual edits (a phrase reworded, a sentence
  added or dropped, a number raised). Every task of a 工作要点 shares the boilerplate (深入推进、
  健全完善、工作机制): weighting each trigram by its inverse document frequency over both plans'
  tasks makes the words that set a task apart count, and the boilerplate little. Grams are taken
  from the NFKC-folded letters and digits only, so punctuation and full-width/half-width spelling
  do not matter. Against bigrams on the same data (below) trigrams separate as well on the real
  plan and better on synthetic plans, whose texts all come from one small vocabulary (the gap
  between the lowest carried and the highest new task's score on 500-task plans: 0.27 against
  0.24).
* **Responsible bodies: IDF-weighted Jaccard on the sets of names.** A carried task keeps most of
  its bodies; the collective groups (市政府有关部门、各县(市、区)政府) stand in almost every task and
  weigh little.
* **Weights: text 0.6, title 0.2, bodies 0.2.** The text says what a task is; a title is short and
  often recast; bodies change with 机构改革 and many tasks share them. (0.5/0.25/0.25 and
  0.7/0.15/0.15 separate about as well; 0.8/0.1/0.1 lowers the carried tasks' scores.)

The assignment is greedy: the highest-scoring pair first, then the next pair whose two tasks are
both still free, so no old task is proposed twice. A carried task's score stands well above its
runner-up's (by 0.3 or more in every measurement below), so greedy gives the optimal assignment
here, and it is easy to explain to an editor: the clearest match first.

A pair is proposed only at :data:`THRESHOLD` or above, calibrated on the real 2024 plan and on
:func:`~generator.synth.plan.next_year_plan` outputs of it (50 seeds) and of synthetic plans of 60
to 500 tasks (16 pairs of 500-task plans among them). Between two *different* tasks of the real
plan (same topic area, same drafters, same boilerplate: the hardest look-alikes there are) the
highest score is 0.29; a new task scores at most 0.21 against any real old task and 0.48 against
any synthetic one; a carried task scores at least 0.73 on the real plan and 0.64 on the synthetic
ones. 0.5 is above every score of an unrelated pair measured and well below every carried one.
It sits nearer the unrelated scores than the middle of the gap because a real drafter rewrites
more than the synthetic edits do, and a wrong proposal is caught in review while a missed one is
simply not offered. (A pair with no text gram in common scores at most 0.4: never proposed.)
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from generator.plan.model import Plan, Task, continues_ref
from generator.textcheck import fold

#: The lowest score proposed (see the module docstring for how it was chosen).
THRESHOLD = 0.5

#: How much each part of a task counts in its score.
WEIGHTS = {"text": 0.6, "title": 0.2, "bodies": 0.2}


@dataclass(frozen=True)
class Link:
    """A proposal: task ``task`` of the new plan continues task ``old`` of the old plan."""

    task: int
    """Number of the task in the new plan, from 1."""
    old: int
    """Number of the task in the old plan, from 1."""
    continues: str
    """The ``continues`` value, e.g. ``2024-15``."""
    score: float


def trigrams(text: str) -> set[str]:
    """The character trigrams of the folded text's letters and digits (punctuation and spaces
    left out); a text of fewer than three such characters is its own gram."""
    chars = "".join(ch for ch in fold(text) if unicodedata.category(ch)[0] in "LN")
    if len(chars) < 3:
        return {chars} if chars else set()
    return {chars[i : i + 3] for i in range(len(chars) - 2)}


def propose_links(new: Plan, old: Plan, *, threshold: float = THRESHOLD) -> list[Link]:
    """For each task of ``new``, the task of ``old`` it most likely continues (one to one), in the
    order of ``new``; a task whose best free counterpart scores below ``threshold`` is left out."""
    candidates = [
        (-score, i, j)  # highest score first; ties in plan order
        for i, row in enumerate(score_rows([r.task for r in new.tasks], [r.task for r in old.tasks]))
        for j, score in enumerate(row)
        if score >= threshold
    ]
    taken_new: set[int] = set()
    taken_old: set[int] = set()
    links = []
    for negative, i, j in sorted(candidates):
        if i in taken_new or j in taken_old:
            continue
        taken_new.add(i)
        taken_old.add(j)
        links.append(Link(i + 1, j + 1, continues_ref(old.year, j + 1), round(-negative, 2)))
    return sorted(links, key=lambda link: link.task)


def score_rows(new: Sequence[Task], old: Sequence[Task]) -> Iterator[list[float]]:
    """For each task of ``new`` in order, its score (0 to 1) against each task of ``old``."""
    texts = [trigrams(t.text) for t in new], [trigrams(t.text) for t in old]
    titles = [trigrams(t.title) for t in new], [trigrams(t.title) for t in old]
    bodies = [set(t.responsible) for t in new], [set(t.responsible) for t in old]
    text_idf, title_idf, body_idf = (_idf([*a, *b]) for a, b in (texts, titles, bodies))
    text_sq = {gram: w * w for gram, w in text_idf.items()}
    title_sq = {gram: w * w for gram, w in title_idf.items()}
    text_norms = [[_norm(s, text_sq) for s in side] for side in texts]
    title_norms = [[_norm(s, title_sq) for s in side] for side in titles]
    body_mass = [[sum(map(body_idf.__getitem__, s)) for s in side] for side in bodies]
    w_text, w_title, w_bodies = WEIGHTS["text"], WEIGHTS["title"], WEIGHTS["bodies"]
    rows = zip(
        _shared(*texts, text_sq),
        _shared(*titles, title_sq),
        _shared(*bodies, body_idf),
        text_norms[0],
        title_norms[0],
        body_mass[0],
        strict=True,
    )
    for text_dots, title_dots, body_shared, text_norm, title_norm, mass in rows:
        yield [
            w_text * td / (text_norm * tn)
            + w_title * ld / (title_norm * ln)
            + w_bodies * shared / (mass + other - shared)
            for td, ld, shared, tn, ln, other in zip(
                text_dots, title_dots, body_shared, text_norms[1], title_norms[1], body_mass[1], strict=True
            )
        ]


def _idf(sets: list[set[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency (as scikit-learn's): an item in every set weighs 1, not 0."""
    df = Counter(item for s in sets for item in s)
    return {item: math.log((1 + len(sets)) / (1 + count)) + 1 for item, count in df.items()}


def _norm(items: set[str], squared: dict[str, float]) -> float:
    # A text of punctuation only has no grams: any positive norm gives it a cosine of 0.
    return math.sqrt(sum(map(squared.__getitem__, items))) or 1.0


def _shared(new: list[set[str]], old: list[set[str]], weight: dict[str, float]) -> Iterator[list[float]]:
    """For each set of ``new``, the summed weight of the items it shares with each set of ``old``.

    Through an index of the old sets' items: the cost is the number of (new, old) pairs sharing
    each item, not pairs times set sizes (0.5 s for two plans of 500 tasks, against 1 s for set
    intersections).
    """
    postings: dict[str, list[int]] = {}
    for j, items in enumerate(old):
        for item in items:
            postings.setdefault(item, []).append(j)
    for items in new:
        acc = [0.0] * len(old)
        for item in items:
            w = weight[item]
            for j in postings.get(item, ()):
                acc[j] += w
        yield acc


def proposals_yaml(links: Iterable[Link], new: Plan, old: Plan, *, new_name: str, old_name: str) -> str:
    """The proposals as YAML for an editor: a header saying what they are, one line per task."""
    links = list(links)
    header = [
        "# 本站整理：任务延续关系建议（python -m generator link 自动生成，不是原文，也不是定论）。",
        f"# 新计划：{new_name}（{new.publication.title}，{len(new.tasks)} 项任务）",
        f"# 往年计划：{old_name}（{old.publication.title}，{len(old.tasks)} 项任务）",
        "# 每行一条建议：task 是新计划中的任务序号，continues 是它可能延续的往年任务（年份-序号），",
        "# score 是按标题、正文和责任单位算出的相似度（0～1，越大越像）。",
        f"# 相似度低于 {THRESHOLD} 的任务没有列出，它们可能是新增任务。",
        "# 请逐条核对：认可的，把 continues 的值抄到新计划对应任务的 continues: 字段中；不认可的，不要抄。",
        "# 本文件不会改动任何计划文件。",
    ]
    lines = [
        f"- {{task: {link.task}, continues: {link.continues}, score: {link.score:.2f}}}  # "
        + _comment(new.tasks[link.task - 1].task, old.tasks[link.old - 1].task, link)
        for link in links
    ]
    return "\n".join([*header, *(lines or ["[]"])]) + "\n"


def _comment(task: Task, earlier: Task, link: Link) -> str:
    """The two titles, for the editor to see the pair at a glance, and what the plan already says."""
    text = f"{_one_line(task.title)} ← {_one_line(earlier.title)}"
    if task.continues == link.continues:
        text += "（计划中已填写）"
    elif task.continues is not None:
        text += f"（计划中已填写 continues: {task.continues}，与建议不同，请核对）"
    return text


def _one_line(text: str) -> str:
    """Text on one line (a YAML comment ends at the line's end)."""
    return " ".join(text.split())
