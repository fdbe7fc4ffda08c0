"""Synthetic plans for measuring the generator at scale.

``synth_plan(tasks=N, units=M, seed=S)`` returns plan data shaped like a real
工作要点: sections of varying size, Chinese text of realistic length built from
the vocabulary of 法治政府建设 documents, units that answer for one to many tasks
(a few lead units carry most), the five collective groups, and quantified targets
whose phrases occur in their task's text. The same seed gives the same plan.

``next_year_plan(plan, seed=S)`` makes the plan a year later from a given one, as the next year's
工作要点 usually is: most tasks carried on with small edits and ``continues`` naming the task they
carry on, some dropped, a few new, a target raised, some responsible bodies changed.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

from generator.plan.importer import propose_category, propose_slug
from generator.plan.model import TITLE_YEAR, Plan, continues_ref
from generator.plan.numerals import chinese_numeral
from generator.textcheck import fold

COLLECTIVE = [
    ("市政府有关部门", "统称：市政府工作部门中与该项任务职责相关的部门。"),
    ("各县(市、区)政府", "统称：所辖各县、县级市、区人民政府。"),
    ("市级有关部门", "统称：与该项任务职责相关的市级部门。"),
    ("市政府各部门", "统称：市政府的全部工作部门。"),
    ("市级各部门", "统称：全部市级部门。"),
]
REGIONS = [
    "市",
    "临渭区",
    "华州区",
    "潼关县",
    "大荔县",
    "合阳县",
    "澄城县",
    "蒲城县",
    "白水县",
    "富平县",
    "韩城市",
    "华阴市",
    "高新区",
    "经开区",
    "卤阳湖开发区",
]
DEPARTMENTS = [
    "司法局",
    "委编办",
    "政府办公室",
    "发展改革委",
    "行政审批局",
    "市场监管局",
    "委网信办",
    "委政法委",
    "公安局",
    "交通运输局",
    "应急管理局",
    "卫生健康委",
    "信访局",
    "审计局",
    "统计局",
    "委组织部",
    "委宣传部",
    "财政局",
    "人力资源社会保障局",
    "自然资源局",
    "生态环境局",
    "住房城乡建设局",
    "水务局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "教育局",
    "科技局",
    "工业和信息化局",
    "民政局",
    "退役军人事务局",
    "林业局",
    "医疗保障局",
    "数据局",
    "城市管理执法局",
    "税务局",
    "消防救援支队",
    "人民法院",
    "人民检察院",
    "委党校",
]
VERBS = [
    "深入推进",
    "全面落实",
    "持续优化",
    "严格执行",
    "健全完善",
    "加快推进",
    "切实加强",
    "积极探索",
    "统筹推进",
    "规范开展",
    "不断提升",
    "着力强化",
]
OBJECTS = [
    "行政执法体制改革",
    "重大行政决策程序",
    "行政规范性文件管理",
    "政务公开",
    "营商环境",
    "行政复议工作",
    "行政应诉工作",
    "法治督察",
    "矛盾纠纷多元化解",
    "法律顾问制度",
    "公平竞争审查",
    "信用监管",
    "数据共享",
    "基层法治建设",
    "执法人员资格管理",
    "行政裁量权基准",
    "“放管服”改革",
    "“互联网+监管”",
    "应急管理体系",
    "公共法律服务体系",
    "政务诚信建设",
    "法治人才培养",
    "普法宣传教育",
    "“双随机、一公开”监管",
    "行政执法案卷评查",
    "合法性审查机制",
]
CLAUSES = [
    "建立健全{o}工作机制",
    "推动{o}规范化、标准化建设",
    "完善{o}配套制度",
    "加强{o}监督检查",
    "开展{o}专项行动",
    "强化{o}信息化支撑",
    "提升{o}质量和效率",
    "压实{o}主体责任",
    "健全{o}考核评价体系",
    "推进{o}协同联动",
    "落实{o}责任清单",
    "定期通报{o}情况",
]
TARGETS = [
    ("ratio", "{o}办结率达到{n}%", lambda r: {"value": r.choice([90, 95, 98, 100]), "unit": "%"}),
    (
        "count",
        "每年至少开展{n}次{o}",
        lambda r: {"value": r.randint(1, 4), "unit": "次", "qualifier": "至少"},
    ),
    ("deadline", "{m}月底前完成{o}", lambda r: {"month": r.randint(3, 12)}),
    (
        "frequency",
        "每季度至少开展1次{o}",
        lambda r: {"value": 1, "unit": "次", "qualifier": "至少", "frequency": "每季度"},
    ),
    (
        "count",
        "不少于{n}学时",
        lambda r: {"value": r.choice([20, 40, 60]), "unit": "学时", "qualifier": "不少于"},
    ),
]


def _unit_names(count: int, rng: random.Random) -> list[str]:
    names = [f"{'市' if r == '市' else r}{d}" for d in DEPARTMENTS for r in REGIONS]
    city = [n for n in names if n.startswith("市")]
    rest = [n for n in names if not n.startswith("市")]
    rng.shuffle(rest)
    pool = city + rest
    if count > len(pool):
        pool += [f"第{i}{d}" for i in range(1, count) for d in DEPARTMENTS][: count - len(pool)]
    return pool[:count]


def _sentence(rng: random.Random) -> str:
    parts = [rng.choice(CLAUSES).format(o=rng.choice(OBJECTS)) for _ in range(rng.randint(2, 4))]
    return f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}，" + "，".join(parts) + "。"


def _synth_target(rng: random.Random) -> tuple[str, dict[str, Any]]:
    """A target phrase and its reading, in the phrase's own words (never an invented date)."""
    kind, pattern, values = rng.choice(TARGETS)
    v = values(rng)
    phrase = pattern.format(o=rng.choice(OBJECTS), n=v.get("value", ""), m=v.get("month", ""))
    target: dict[str, Any] = {"phrase": phrase, "kind": kind}
    if kind == "deadline":
        target["period"] = f"{v['month']}月底前"
    else:
        target.update({k: v[k] for k in ("value", "unit", "qualifier", "frequency") if k in v})
    return phrase, target


def _synth_task(
    rng: random.Random, named: list[str], weights: list[float], groups: list[tuple[str, str]]
) -> dict[str, Any]:
    obj = rng.choice(OBJECTS)
    text = "".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
    targets = []
    if rng.random() < 0.45:
        phrase, target = _synth_target(rng)
        text = text[:-1] + "，" + phrase + "。"
        targets.append(target)
    k = min(len(named), rng.choice([1, 1, 2, 2, 3, 4, 5, 6]))
    chosen: list[str] = []
    while len(chosen) < k:
        name = rng.choices(named, weights)[0]
        if name not in chosen:
            chosen.append(name)
    chosen += [g[0] for g in rng.sample(groups, k=rng.randint(0, min(2, len(groups))))]
    task: dict[str, Any] = {"title": f"{rng.choice(VERBS)}{obj}", "text": text, "responsible": chosen}
    if targets:
        task["targets"] = targets
    return task


def synth_plan(*, tasks: int, units: int, seed: int = 0, year: int = 2024) -> dict[str, Any]:
    """Plan data (as the YAML holds it) with ``tasks`` tasks and ``units`` responsible bodies."""
    if tasks < 1 or units < 1:
        raise ValueError("tasks and units must be positive")
    rng = random.Random(seed)
    n_groups = min(len(COLLECTIVE), max(1, units // 5))
    named = _unit_names(max(1, units - n_groups), rng)
    groups = COLLECTIVE[:n_groups]
    # A few lead units answer for many tasks: weights fall off like a Zipf law.
    weights = [1 / (i + 1) for i in range(len(named))]

    section_count = max(1, round(tasks / rng.uniform(6, 12)))
    sizes = [1] * section_count
    for _ in range(tasks - section_count):
        sizes[rng.randrange(section_count)] += 1

    used: set[str] = set()
    titles: dict[str, int] = {}
    sections: list[dict[str, Any]] = []
    for size in sizes:
        section_tasks = [_synth_task(rng, named, weights, groups) for _ in range(size)]
        for task in section_tasks:
            used.update(task["responsible"])
            # The validator refuses a title used twice (a task pasted twice): number repeats.
            titles[task["title"]] = titles.get(task["title"], 0) + 1
            if titles[task["title"]] > 1:
                task["title"] += f"（其{chinese_numeral(titles[task['title']])}）"
        sections.append(
            {
                "title": f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}，{rng.choice(VERBS)}{rng.choice(OBJECTS)}",
                "tasks": section_tasks,
            }
        )

    # Every registered unit must answer for something: give the unused ones a task each.
    all_tasks: list[dict[str, Any]] = [t for s in sections for t in s["tasks"]]
    for i, name in enumerate(n for n in named if n not in used):
        spare = all_tasks[i % len(all_tasks)]
        spare["responsible"].insert(sum(1 for r in spare["responsible"] if r in named), name)
    for name, _ in groups:
        if name not in used:
            all_tasks[0]["responsible"].append(name)

    return {
        "publication": _publication(year, tasks, units),
        "preamble": ["为深入推进法治政府建设，结合实际，制定本工作要点（合成数据）。"],
        "sections": sections,
        "units": _registry(named, groups),
    }


def _registry(named: list[str], groups: list[tuple[str, str]]) -> list[dict[str, Any]]:
    taken: set[str] = set()
    registry = [
        {"name": n, "slug": propose_slug(n, taken), "category": propose_category(n), "collective": False}
        for n in named
    ]
    registry += [
        {"name": n, "slug": propose_slug(n, taken), "category": "统称", "collective": True, "note": note}
        for n, note in groups
    ]
    return registry


def _publication(year: int, tasks: int, units: int) -> dict[str, Any]:
    return {
        "title": f"示例市{year}年法治政府建设工作要点（合成数据，{tasks}项任务）",
        "issuer": "示例市",
        "source": "示例市司法局",
        "issued": dt.date(year, 4, 18),
        "published": dt.date(year, 4, 20),
        "summary": [
            f"本计划为性能测试自动生成的合成数据，共 {tasks} 项任务、{units} 个责任主体，不是真实文件。"
        ],
    }


# -- the next year's plan ---------------------------------------------------------------------

#: Share of the tasks carried on into the next year, share of new tasks (of the old plan's count),
#: share of carried tasks whose responsible bodies change and whose quantified targets are raised.
CARRIED_SHARE = 0.6
NEW_SHARE = 0.15
BODIES_SHARE = 0.25
RAISE_SHARE = 0.3

#: How a carried task's wording changes from one year to the next (old, new).
REWORDINGS = [
    ("深入推进", "纵深推进"),
    ("全面落实", "全面贯彻落实"),
    ("持续优化", "进一步优化"),
    ("健全完善", "持续完善"),
    ("加快推进", "全力推进"),
    ("切实加强", "进一步加强"),
    ("严格执行", "严格落实"),
    ("不断提升", "持续提升"),
    ("积极探索", "大力探索"),
    ("统筹推进", "协同推进"),
    ("规范开展", "常态化开展"),
    ("着力强化", "持续强化"),
    ("建立健全", "健全完善"),
    ("加强", "强化"),
    ("完善", "健全"),
    ("推动", "推进"),
    ("提升", "提高"),
]
TITLE_PREFIXES = ["持续", "进一步", "全面"]


def next_year_plan(plan: Plan | dict[str, Any], *, seed: int = 0) -> dict[str, Any]:
    """Plan data (as the YAML holds it) for the year after ``plan``'s: a plausible next 工作要点.

    About :data:`CARRIED_SHARE` of the tasks are carried on, each with a small edit (a phrase
    changed, a sentence added or dropped) and ``continues`` naming the task it carries on; the
    others are dropped; :data:`NEW_SHARE` as many new tasks are written from the synthetic
    vocabulary. At least one quantified target is raised (60学时 → 80学时: phrase, text and value
    together) and at least one task's responsible bodies change. The title says it is synthetic.
    The same plan and seed give the same data.
    """
    old = plan if isinstance(plan, Plan) else Plan.model_validate(plan)
    # Not random.Random(seed): the plan may itself be synth_plan(seed=seed), and the same stream
    # would write new tasks word for word like old ones.
    rng = random.Random(f"next_year_plan:{seed}")
    year = old.year
    data = _plain(old.model_dump(exclude_defaults=True))
    numbered = [(s, task) for s, section in enumerate(data["sections"]) for task in section["tasks"]]

    carried = _choose_carried([task for _, task in numbered], rng)
    registry = data["units"]
    named = [u["name"] for u in registry if not u.get("collective")]
    groups = [(u["name"], u.get("note", "")) for u in registry if u.get("collective")]
    raisable = [n for n in sorted(carried) if _raisable(numbered[n - 1][1])]
    to_raise = {n for n in raisable if rng.random() < RAISE_SHARE} or set(raisable[:1])
    to_rebody = {n for n in sorted(carried) if rng.random() < BODIES_SHARE} or {min(carried)}

    titles = {fold(task["title"]) for _, task in numbered}
    sections: list[list[dict[str, Any]]] = [[] for _ in data["sections"]]
    for number, (s, task) in enumerate(numbered, start=1):
        if number not in carried:
            continue
        task = _carry(task, year, rng, raise_target=number in to_raise, titles=titles)
        if number in to_rebody:
            _change_bodies(task, named, rng)
        task["continues"] = continues_ref(year, number)
        sections[s].append(task)

    texts = {fold(t["text"]) for _, t in numbered} | {fold(t["text"]) for tasks in sections for t in tasks}
    pool = named or [name for name, _ in groups]  # a plan whose bodies are all groups
    weights = [1 / (i + 1) for i in range(len(pool))]
    for _ in range(max(1, round(NEW_SHARE * len(numbered)))):
        task = _new_task(rng, pool, weights, groups if named else [], titles, texts)
        tasks = sections[rng.randrange(len(sections))]
        tasks.insert(rng.randint(0, len(tasks)), task)

    used = {name for tasks in sections for t in tasks for name in t["responsible"]}
    data["sections"] = [
        {**section, "tasks": tasks}
        for section, tasks in zip(data["sections"], sections, strict=True)
        if tasks
    ]
    data["units"] = [u for u in registry if u["name"] in used]
    data["publication"] = _next_publication(data["publication"], old, year)
    return data


def _plain(value: Any) -> Any:
    """Model data as YAML writes it: lists, not tuples."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _choose_carried(tasks: list[dict[str, Any]], rng: random.Random) -> set[int]:
    """The numbers (from 1) of the tasks carried on: the share, and at least one with a target to raise."""
    count = min(len(tasks), max(1, round(CARRIED_SHARE * len(tasks))))
    carried = set(rng.sample(range(1, len(tasks) + 1), count))
    raisable = [n for n, task in enumerate(tasks, start=1) if _raisable(task)]
    if raisable and not carried & set(raisable):
        carried.discard(rng.choice(sorted(carried)))
        carried.add(rng.choice(raisable))
    return carried


def _number_in(value: float) -> re.Pattern[str]:
    """The number ``value`` as a phrase writes it (60 in 不少于60学时, not in 160)."""
    return re.compile(rf"(?<![\d.]){int(value)}(?![\d.])")


def _raised_value(target: dict[str, Any]) -> int | None:
    """A plausibly higher value for a target, or None when it cannot be raised (100%, a date)."""
    value = target.get("value")
    if value is None or target["kind"] == "deadline" or not float(value).is_integer():
        return None
    if len(_number_in(value).findall(target["phrase"])) != 1:
        return None
    value = int(value)
    if target.get("unit") == "%":
        return None if value >= 100 else min(100, value + max(1, (100 - value + 1) // 2))
    return value + (20 if target.get("unit") == "学时" else 1)


def _raisable(task: dict[str, Any]) -> bool:
    return any(_raised_value(t) is not None for t in task.get("targets", ()))


def _carry(
    task: dict[str, Any], year: int, rng: random.Random, *, raise_target: bool, titles: set[str]
) -> dict[str, Any]:
    """The task a year later: its year, a small edit of its text, perhaps a raised target or a new
    title (never one in ``titles``, to which it is added)."""
    task = {**task, "targets": [dict(t) for t in task.get("targets", ())]}
    old_year, new_year = f"{year}年度", f"{year + 1}年度"
    task["text"] = task["text"].replace(old_year, new_year)
    for target in task["targets"]:
        target["phrase"] = target["phrase"].replace(old_year, new_year)
    if raise_target:
        _raise_one(task)
    phrases = [t["phrase"] for t in task["targets"]]
    edits = [_drop_sentence, _reword, _add_sentence]  # in this order: never drop the added sentence
    chosen = set(rng.sample(edits, k=rng.choice([1, 1, 2])))
    edited = task["text"]
    for edit in edits:
        if edit in chosen:
            edited = edit(edited, phrases, rng)
    if edited == task["text"]:
        edited = _add_sentence(edited, phrases, rng)
    task["text"] = edited
    if rng.random() < 0.15:
        title = rng.choice(TITLE_PREFIXES) + task["title"]
        if fold(title) not in titles:
            task["title"] = title
            titles.add(fold(title))
    if not task["targets"]:
        del task["targets"]
    return task


def _raise_one(task: dict[str, Any]) -> None:
    """Raise the first target that can be raised without breaking another target's phrase."""
    for target in task["targets"]:
        value = _raised_value(target)
        if value is None:
            continue
        phrase = _number_in(target["value"]).sub(str(value), target["phrase"])
        text = task["text"].replace(target["phrase"], phrase)
        others = [t["phrase"] for t in task["targets"] if t is not target]
        if all(p in text for p in others):
            task["text"], target["phrase"], target["value"] = text, phrase, value
            return


def _target_spans(text: str, phrases: list[str]) -> list[tuple[int, int]]:
    """Where the target phrases are: an edit must leave them as they are."""
    return [(m.start(), m.end()) for p in phrases for m in re.finditer(re.escape(p), text)]


def _outside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return all(end <= s or start >= e for s, e in spans)


def _reword(text: str, phrases: list[str], rng: random.Random) -> str:
    """One phrase changed as next year's drafters do (深入推进 → 纵深推进), never inside a target."""
    spans = _target_spans(text, phrases)
    choices = [
        (m.start(), m.end(), new)
        for old, new in REWORDINGS
        for m in re.finditer(re.escape(old), text)
        if _outside(m.start(), m.end(), spans)
    ]
    if not choices:
        return text
    start, end, new = rng.choice(choices)
    return text[:start] + new + text[end:]


def _add_sentence(text: str, phrases: list[str], rng: random.Random) -> str:
    return text + _sentence(rng)


def _drop_sentence(text: str, phrases: list[str], rng: random.Random) -> str:
    """One short sentence without a target left out, when the task has three or more."""
    sentences = re.findall(r"[^。]*。|[^。]+$", text)
    free = [
        i
        for i, s in enumerate(sentences)
        if not any(p in s for p in phrases) and len(s) * 3 <= len(text)  # a small edit
    ]
    if len(sentences) < 3 or not free:
        return text
    drop = rng.choice(free)
    return "".join(s for i, s in enumerate(sentences) if i != drop)


def _change_bodies(task: dict[str, Any], named: list[str], rng: random.Random) -> None:
    """Add a responsible body, or take one of several away."""
    listed = [n for n in task["responsible"] if n in named]
    spare = [n for n in named if n not in task["responsible"]]
    if len(listed) >= 2 and (not spare or rng.random() < 0.5):
        gone = rng.choice(listed)
        task["responsible"] = [n for n in task["responsible"] if n != gone]
    elif spare:
        task["responsible"] = [
            *listed,
            rng.choice(spare),
            *[n for n in task["responsible"] if n not in named],
        ]


def _new_task(
    rng: random.Random,
    named: list[str],
    weights: list[float],
    groups: list[tuple[str, str]],
    titles: set[str],
    texts: set[str],
) -> dict[str, Any]:
    """A task the old plan did not have, its title and text unlike any other's, old or new."""
    task = _synth_task(rng, named, weights, groups)
    for _ in range(20):
        if fold(task["title"]) not in titles:
            break
        task["title"] = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
    base, count = task["title"], 1
    while fold(task["title"]) in titles:
        count += 1
        task["title"] = f"{base}（其{chinese_numeral(count)}）"
    while fold(task["text"]) in texts:
        task["text"] += _sentence(rng)
    titles.add(fold(task["title"]))
    texts.add(fold(task["text"]))
    return task


def _next_publication(pub: dict[str, Any], old: Plan, year: int) -> dict[str, Any]:
    """The next year's publication facts: its year, dates a year later, and nothing only the real
    document has (its address, number, editor, summary)."""
    title = pub["title"]
    found = TITLE_YEAR.search(title)
    if found:
        title = title[: found.start(1)] + str(year + 1) + title[found.end(1) :]
    title = re.sub(r"（合成数据[^）]*）", "", title) + "（合成数据）"  # synth_plan's says how many tasks
    result: dict[str, Any] = {
        "title": title,
        "issuer": pub["issuer"],
        "source": pub["source"],
        **({"issued_text": pub["issued_text"]} if "issued_text" in pub else {}),
        "issued": _a_year_later(old.publication.issued),
        "published": _a_year_later(old.publication.published),
        "summary": [
            f"本计划是由《{old.publication.title}》自动推演出的下一年度计划，供测试和性能测试使用，"
            "是合成数据，不是真实文件。"
        ],
    }
    if not found:
        result["year"] = year + 1
    return result


def _a_year_later(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
