"""Checks of a built site before it is published: internal links, downloads, only regular files."""

from __future__ import annotations

import json
import os
import stat
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.errors import GeneratorError

REQUIRED_DOWNLOADS = ("plan.json", "plan.schema.json", "matrix.csv", "matrix.xlsx", "plan.txt")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for key in ("href", "src"):
            value = values.get(key)
            if value and not (tag == "link" and values.get("rel") in {"canonical", "alternate"}):
                self.links.append(value)


def _target(page: Path, link: str) -> tuple[Path, str] | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
        return None
    path = (page.parent / unquote(parts.path)).resolve()
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, parts.fragment


def check_site(root: Path, *, downloads: bool = True) -> list[str]:
    """Every problem found: broken internal links or anchors, missing downloads."""
    root = root.resolve()
    problems: list[str] = []
    parsed: dict[Path, _Links] = {}

    def parse(path: Path) -> _Links:
        if path not in parsed:
            parser = _Links()
            parser.feed(path.read_text(encoding="utf-8"))
            parsed[path] = parser
        return parsed[path]

    pages = sorted(root.rglob("*.html"))
    for page in pages:
        if page.name == "404.html":
            continue  # its links are absolute to the site URL, by design
        for link in parse(page).links:
            found = _target(page, link)
            if found is None:
                continue
            path, fragment = found
            where = page.relative_to(root).as_posix()
            if not path.is_file() or root not in path.parents:
                problems.append(f"{where}：链接 {link} 指向不存在的文件。")
            elif fragment and path.suffix == ".html" and fragment not in parse(path).ids:
                problems.append(f"{where}：链接 {link} 指向不存在的位置 #{fragment}。")
    # A site of several plans lists them in downloads/plans.json, each with its downloads in its folder.
    listed = root / "downloads" / "plans.json"
    folders = (
        [str(p["url"]) for p in json.loads(listed.read_text(encoding="utf-8"))["plans"]]
        if listed.is_file()
        else [""]
    )
    wanted = [f"{folder}downloads/{name}" for folder in folders for name in REQUIRED_DOWNLOADS]
    for name in wanted if downloads else ():
        if not (root / name).is_file():
            problems.append(f"缺少下载文件 {name}。")
    return problems + sorted(_special_files(root))


def _special_files(root: Path) -> list[str]:
    """Anything in the site that is neither a folder nor a regular file (a symbolic link, say)."""
    problems = []
    for parent, dirs, names in os.walk(root):
        for name in sorted([*dirs, *names]):
            path = Path(parent, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode) or not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                where = path.relative_to(root).as_posix()
                problems.append(f"{where}：不是普通文件（符号链接或特殊文件），不能发布。")
    return problems


def verify_site(root: Path, *, downloads: bool = True, name: str = "网站") -> None:
    """Raise one error listing every problem :func:`check_site` finds (``build`` and ``publish`` alike)."""
    problems = check_site(root, downloads=downloads)
    if problems:
        raise GeneratorError(
            f"{name}检查未通过，发现 {len(problems)} 个问题：\n"
            + "\n".join(f"  {problem}" for problem in problems)
            + "\n请修正后重试。"
        )
