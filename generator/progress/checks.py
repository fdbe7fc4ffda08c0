"""The rules a round entry meets: a responsible body of the task, dates in the plan's year and the
round, the plan's character rules, text no longer than a spreadsheet cell, real web addresses.
"""

from __future__ import annotations

import datetime as dt
import difflib
import ipaddress
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from generator.errors import Positions, Problem, YamlPath, format_path, position
from generator.plan.model import Plan
from generator.progress.model import (
    MAX_TEXT_LENGTH,
    RESERVED_ROUND_IDS,
    ROUND_ID,
    STATUSES,
    Entry,
    RoundFile,
)
from generator.textcheck import invisible_name, strings, text_problems


def round_id_problem(round_id: str) -> str | None:
    """Why a round cannot have this id (its file name), or None."""
    if not ROUND_ID.match(round_id):
        return "文件名只能由小写字母、数字和连字符组成（如 2024-h1.yaml），它会出现在网址中。请改名。"
    if round_id in RESERVED_ROUND_IDS:
        return (
            f"轮次标识“{round_id}”会使本轮的页面（updates/{round_id}.md）与网站自动生成的页面重名并替换掉它"
            f"（updates/index.md 是 /updates/ 的轮次列表）。"
            "请给轮次文件另起名字，如 2024-h1.yaml。"
        )
    return None


def string_problems(data: Any, filename: str, positions: Positions) -> list[Problem]:
    """The plan's rules for text (generator.textcheck) on every string of a round file's data,
    :data:`MAX_TEXT_LENGTH`, and the two characters XML cannot hold (:data:`NOT_IN_XML`)."""
    problems = []
    for path, text in strings(data):
        where = (filename, *position(positions, path), format_path(path))
        if len(text) > MAX_TEXT_LENGTH:
            problems.append(Problem(*where, _too_long(len(text))))
        if not NOT_IN_XML.isdisjoint(text):
            index, ch = next((i, ch) for i, ch in enumerate(text) if ch in NOT_IN_XML)
            message = (
                f"第 {index + 1} 个字符 U+{ord(ch):04X} 不是文字（Unicode 非字符），"
                "网页、填报表和汇总都无法写入它。请删除它（可整段重新输入）。"
            )
            problems.append(Problem(*where, message))
    if any(_has_invisible(text) for _, text in strings(data)):  # most files: none, found quickly
        problems += text_problems(data, filename, positions)
    return problems


#: Characters that are neither refused by generator.textcheck (they are unassigned, not control
#: characters) nor allowed in XML 1.0: lxml refuses them, so the report, workbooks and site would fail.
NOT_IN_XML = frozenset("\ufffe\uffff")


def _too_long(length: int) -> str:
    return (
        f"文字长达 {length} 个字符，超过 {MAX_TEXT_LENGTH} 个字符的上限（Excel 一个单元格最多容纳 {MAX_TEXT_LENGTH} 个字符，"
        "填报表和汇总都装不下更长的文字）。请删减；详细材料可另行公开发布，作为佐证材料附上网址。"
    )


def _has_invisible(text: str) -> bool:
    """Whether the text has a character generator.textcheck or :data:`NOT_IN_XML` refuses."""
    return any(invisible_name(ch) is not None or ch in NOT_IN_XML for ch in set(text))


def canonical_order(entries: Iterable[Entry], plan: Plan) -> tuple[Entry, ...]:
    """Entries by task number, then by the body's place in the task's list of responsible bodies."""

    def key(entry: Entry) -> tuple[int, int]:
        responsible = plan.tasks[entry.task - 1].task.responsible
        return (entry.task, responsible.index(entry.unit) if entry.unit in responsible else len(responsible))

    return tuple(sorted(entries, key=key))


def _status_message(given: object) -> str:
    close = difflib.get_close_matches(str(given), list(STATUSES), n=1, cutoff=0.3)
    hint = f"是否想写“{close[0]}”？" if close else ""
    return f"未知的落实状态“{given}”。{hint}只能是：{'、'.join(STATUSES)}。"


def check_round(
    header: RoundFile | None, entries: dict[int, Entry], plan: Plan, filename: str, positions: Positions
) -> Iterator[Problem]:
    """Checks that need the plan: tasks, responsible bodies, dates, duplicates, text and links.

    ``entries`` maps each entry's index in the file to the entry (only the well-formed ones).
    """

    def at(path: YamlPath, message: str) -> Problem:
        return Problem(filename, *position(positions, path), format_path(path), message)

    year = plan.publication.issued.year
    as_of = header.as_of if header else None
    if as_of is not None and as_of.year != year:
        # 截至 is the day a round reports up to, not the day it is compiled: the round that closes
        # the year is as of 12-31 even when its reports come in January (examples/progress/2024-h2.yaml),
        # and entries are dated within the plan's year, so no later date covers anything more.
        yield at(
            ("as_of",),
            f"截至日期 {as_of} 不在计划年度（{year}年）内。本轮截至日期应在 {year}-01-01 至 {year}-12-31 之间：请核对 as_of。",
        )
        as_of = None  # entries are not compared with it as well
    first: dict[tuple[int, str], int] = {}
    for i, entry in entries.items():
        for path, message in entry_problems(entry, as_of, plan):
            yield at(("entries", i, *path), message)
        key = (entry.task, entry.unit)
        if key in first:
            line = position(positions, ("entries", first[key]))[0]
            yield at(
                ("entries", i),
                f"{entry.unit}对第 {entry.task} 项任务的落实情况在本轮重复填报（第 {line} 行已有）。请合并为一条。",
            )
        first.setdefault(key, i)


def entry_problems(entry: Entry, as_of: dt.date | None, plan: Plan) -> Iterator[tuple[YamlPath, str]]:
    """What is wrong with one entry given the plan and the round's 截至 date: (path in the entry, message)."""
    count = len(plan.tasks)
    if not 1 <= entry.task <= count:
        yield ("task",), f"没有第 {entry.task} 项任务：计划共 {count} 项任务，序号应为 1 至 {count}。"
    elif entry.unit not in plan.tasks[entry.task - 1].task.responsible:
        yield ("unit",), _unit_message(entry, plan)
    year = plan.publication.issued.year
    if entry.date.year != year:
        yield ("date",), f"日期 {entry.date} 不在计划年度（{year}年）内。请核对日期。"
    elif as_of is not None and entry.date > as_of:
        yield ("date",), f"日期 {entry.date} 晚于本轮截至日期 {as_of}。请核对日期，或放入下一轮。"
    for e, evidence in enumerate(entry.evidence):
        problem = web_address_problem(evidence.url)
        if problem is not None:
            yield ("evidence", e, "url"), problem
        elif (shown := _title_host(evidence.title)) is not None:
            host = urlsplit(evidence.url).hostname or ""
            if not _same_site(shown, host):
                yield (
                    ("evidence", e, "title"),
                    f"佐证材料标题“{evidence.title}”写成了网址，却与佐证材料网址所在的网站（{host}）不同，会误导读者。"
                    "标题请写文件或新闻的标题；网址写在 url 中。",
                )


def _unit_message(entry: Entry, plan: Plan) -> str:
    responsible = plan.tasks[entry.task - 1].task.responsible
    listed = "、".join(responsible)
    if entry.unit in plan.units_by_name:
        return f"“{entry.unit}”不是第 {entry.task} 项任务的责任单位（责任单位：{listed}）。请核对任务序号或单位。"
    close = difflib.get_close_matches(entry.unit, list(responsible), n=1, cutoff=0.5)
    hint = f"是否想写“{close[0]}”？" if close else ""
    return f"未登记的单位“{entry.unit}”。{hint}请照计划中登记的名称填写（第 {entry.task} 项的责任单位：{listed}）。"


def is_web_address(url: str) -> bool:
    """An absolute http(s) address with a plain host: see :func:`web_address_problem`."""
    return web_address_problem(url) is None


#: One label of a host name: letters (of any script), digits and inner hyphens.
_LABEL = re.compile(r"(?!-)[^\W_]+(?:-+[^\W_]+)*")


def web_address_problem(url: str) -> str | None:
    """Why ``url`` is not an absolute http(s) address a reader can trust (a Chinese sentence), or None.

    Refused: other schemes, no host, white space or invisible characters, a user name or password
    before the host (``https://www.weinan.gov.cn@evil.example/`` goes to evil.example), a host that
    is not a plain name or IP address, and an impossible port.
    """
    shown = f"“{url}”"
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return f"{shown}的网站名或端口号无效。请从浏览器地址栏复制完整的网址。"
    if (
        parts.scheme not in {"http", "https"}
        or not parts.netloc
        or re.search(r"\s", url)
        or any(invisible_name(ch) is not None for ch in url)
    ):
        return f"{shown}不是网址。佐证材料须是已公开发布的文件，网址以 http:// 或 https:// 开头，不含空格。"
    if "@" in parts.netloc:
        return (
            f"{shown}在“@”之前写有用户名或密码，浏览器实际打开的是“@”之后的网站（{parts.hostname}）。"
            "请填写佐证材料所在网站的网址，去掉“@”及其之前的部分。"
        )
    host = parts.hostname or ""
    if not port_ok or not _plain_host(host, bracketed="[" in parts.netloc):
        return f"{shown}的网站名或端口号无效。请从浏览器地址栏复制完整的网址。"
    return None


def _plain_host(host: str, *, bracketed: bool) -> bool:
    """A host name of letters, digits, hyphens and dots, or an IP address (IPv6 in brackets)."""
    if bracketed:
        try:
            return ipaddress.ip_address(host).version == 6
        except ValueError:
            return False
    labels = host.removesuffix(".").split(".")
    return all(_LABEL.fullmatch(label) for label in labels)


#: A host name as it is written in text (``www.weinan.gov.cn``), with an optional port and path.
_WRITTEN_HOST = re.compile(
    r"(?P<host>(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?P<top>[a-z]{2,63}))\.?(?::\d+)?(?:[/?#]\S*)?", re.I
)


#: File types, which make a file name (notice.pdf) look like a host name.
_FILE_TYPES = frozenset(
    {"pdf", "doc", "docx", "xls", "xlsx", "et", "wps", "ofd", "txt", "md", "rtf", "jpg", "jpeg", "png", "gif"}
    | {"zip", "rar", "htm", "html"}
)


def _title_host(title: str) -> str | None:
    """The host a title shows if the title is itself written as a web address or host name."""
    title = title.strip()
    if re.match(r"https?://", title, re.I):
        try:
            return (urlsplit(title).hostname or "").removesuffix(".")
        except ValueError:
            return ""
    match = _WRITTEN_HOST.fullmatch(title)
    if match is None or (match["top"].lower() in _FILE_TYPES and not title.lower().startswith("www.")):
        return None
    return match["host"].lower()


def _same_site(shown: str, host: str) -> bool:
    """Whether ``host`` is the site a title shows: the same host, or a host under it."""
    shown, host = shown.removeprefix("www."), host.removesuffix(".").removeprefix("www.")
    return bool(shown) and (host == shown or host.endswith("." + shown))
