"""Synthetic plans for measuring the generator at scale.

``synth_plan(tasks=N, units=M, seed=S)`` returns plan data shaped like a real
工作要点: sections of varying size, Chinese text of realistic length built from
the vocabulary of 法治政府建设 documents, units that answer for one to many tasks
(a few lead units carry most), the five collective groups, and quantified targets
whose phrases occur in their task's text. The same seed gives the same plan.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from generator.plan.importer import propose_category, propose_slug
from generator.plan.numerals import chinese_numeral

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
