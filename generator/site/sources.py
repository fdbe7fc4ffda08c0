"""What the site may be made from: files themselves, from inside the project.

MkDocs copies whatever a name in ``docs/`` leads to (a symbolic link to ``/etc/shadow`` would
publish that file, in every release and in the offline copy) and would wait forever reading a
named pipe. So, before anything is read, every symbolic link and every special file in the
folders the site is made from (``docs/``, the theme's ``overrides/``, the page templates) is
refused, and so is an input named inside the project (the plan file, the progress folder, a
round file) that a symbolic link leads out of it. Hidden entries (names starting with ``.``,
an editor's lock file, say) are passed over, except a linked hidden folder, which MkDocs' own
walk would follow: MkDocs publishes none of them unless ``exclude_docs`` says so, and the
plugin looks again at each file MkDocs is about to publish (:func:`file_problem`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from generator.errors import Problem
from generator.files import _kind


def shown(path: Path, root: Path) -> str:
    """A path as messages show it: relative to the project when it is inside it."""
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return str(path)


def file_problem(path: Path, name: str, folder: str) -> Problem | None:
    """Why ``path`` may not be published, if it is a symbolic link or not a regular file.

    ``name`` is the path as the message shows it, ``folder`` the folder the file belongs in.
    """
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return Problem(name, None, None, "", "无法读取该文件。请检查它是否存在、是否有读取权限。")
    if stat.S_ISLNK(mode):
        return Problem(
            name,
            None,
            None,
            "",
            f"这是符号链接（指向 {os.readlink(path)}），网站不发布符号链接，以免把项目以外的文件发布出去。"
            f"请把文件本身放进 {folder}，不要用符号链接。",
        )
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return Problem(
            name, None, None, "", f"这不是普通文件（而是{_kind(mode)}），不能发布。请删除它，或换成普通文件。"
        )
    return None


def folder_problems(folder: Path, root: Path) -> Iterator[Problem]:
    """Every symbolic link and special file in ``folder``, hidden entries aside."""
    label = f"{shown(folder, root)}/"
    for parent, dirs, names in os.walk(folder):  # never into a linked folder
        for entry in sorted([*dirs, *names]):
            path = Path(parent, entry)
            if entry.startswith(".") and not (entry in dirs and path.is_symlink()):
                continue  # MkDocs' own walk follows a hidden linked folder: that one is refused
            problem = file_problem(path, shown(path, root), label)
            if problem is not None:
                yield problem
        dirs[:] = [d for d in dirs if not d.startswith(".")]


def outside_link(path: Path, root: Path, instead: str) -> Problem | None:
    """A problem if ``path`` is named inside ``root`` but a symbolic link leads out of it.

    A path named outside the project (an absolute ``PLAN_FILE``, say) is the operator's own
    choice and is not refused; ``instead`` says how to make that choice.
    """
    named = Path(os.path.abspath(path))
    top = Path(os.path.abspath(root))
    if not named.is_relative_to(top):
        return None
    real = Path(os.path.realpath(named))
    if real.is_relative_to(os.path.realpath(top)):
        return None
    return Problem(
        str(path),
        None,
        None,
        "",
        f"项目目录（{top}）中的这个路径经符号链接指向项目以外的 {real}，项目以外的文件不能发布到网站上。"
        f"请把文件本身放进项目目录，不要用符号链接；{instead}",
    )
