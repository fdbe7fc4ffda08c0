"""Reading input files and writing output files without hangs, surprises or lost work.

Reading: only regular files, opened without blocking (a FIFO never hangs the
tool), read up to a size cap, every failure explained in Chinese. Writing: a
new file only unless the caller allows replacing one, through a uniquely named
temporary file next to the target that is removed on every failure path.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from generator.errors import GeneratorError, PlanError, Problem

#: The real plan is 24 KB and a synthetic one with 2,500 tasks 2.2 MB; a bigger file is a mistake.
MAX_INPUT_BYTES = 8 * 1024 * 1024

_OPEN_ERRORS = {
    errno.ENOENT: "找不到文件。请检查路径是否正确。",
    errno.ENOTDIR: "路径中有一部分不是目录。请检查路径是否正确。",
    errno.EACCES: "没有读取该文件的权限。请检查文件权限，或换一个有权限的用户运行。",
    errno.EPERM: "没有读取该文件的权限。请检查文件权限，或换一个有权限的用户运行。",
    errno.ELOOP: "路径中的符号链接循环指向自身。请检查链接。",
    errno.ENAMETOOLONG: "文件名过长。请检查路径。",
    errno.EISDIR: "这是一个目录，不是文件。请指定文件。",
}


def _refuse(name: str, message: str) -> PlanError:
    return PlanError([Problem(name, None, None, "", message)])


def _os_message(exc: OSError) -> str:
    """A Chinese explanation of an OS error, never the English strerror."""
    if exc.errno in _OPEN_ERRORS:
        return _OPEN_ERRORS[exc.errno]
    code = errno.errorcode.get(exc.errno or 0, str(exc.errno))
    return f"无法读取文件（系统错误 {code}）。请检查文件是否完好、路径是否正确。"


def read_input(path: str | Path, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; :class:`PlanError` otherwise."""
    name = str(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it has no effect on regular files.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _refuse(name, _os_message(exc)) from None
    except ValueError:  # a NUL byte in the path
        raise _refuse(name, "路径中含有不允许的字符（空字符）。请检查路径。") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _refuse(name, _OPEN_ERRORS[errno.EISDIR])
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(name, f"这不是普通文件（而是{_kind(info.st_mode)}）。请指定一个文本文件。")
        if info.st_size > limit:
            raise _refuse(name, _too_big(info.st_size, limit))
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise _refuse(name, _os_message(exc)) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # the file grew while we read it
        raise _refuse(name, _too_big(len(data), limit))
    return data


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "命名管道"
    if stat.S_ISCHR(mode):
        return "字符设备"
    if stat.S_ISBLK(mode):
        return "块设备"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def _too_big(size: int, limit: int) -> str:
    return (
        f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {limit // 1024 // 1024} MB）。请确认选择了正确的文件。"
    )


class OutputError(GeneratorError):
    """An output file cannot or must not be written; nothing was written."""


def write_output(
    path: str | Path, text: str | bytes, *, force: bool = False, protect: tuple[Path, ...] = ()
) -> None:
    """Write ``text`` (or bytes) to ``path`` atomically.

    An existing file is replaced only with ``force``; a path in ``protect`` (such
    as the input being read) never. The temporary file is removed on failure.
    """
    target = Path(path)
    check_output(target, force=force, protect=protect)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{target}: 无法在 {target.parent} 中写入（{_write_message(exc)}）。") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(text.encode("utf-8") if isinstance(text, str) else text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{target}: 写入失败（{_write_message(exc)}），未改动任何文件。") from None
        raise


def check_output(target: Path, *, force: bool = False, protect: tuple[Path, ...] = ()) -> None:
    """Raise :class:`OutputError` unless :func:`write_output` may write ``target``."""
    if any(_same_file(target, other) for other in protect):
        raise OutputError(f"{target}: 输出文件就是输入文件，不能覆盖原文。请另选输出文件名。")
    if target.is_dir():
        raise OutputError(f"{target}: 这是一个目录。请在 -o 后给出文件名，如 {target / 'plan.yaml'}。")
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"{target}: 目录 {parent} 不存在或不是目录。请先创建该目录，或另选输出位置。")
    if target.exists() or target.is_symlink():
        if not force:
            raise OutputError(f"{target}: 文件已存在，未覆盖。确需覆盖时请加 --force。")
        if not target.is_file():
            raise OutputError(f"{target}: 这不是普通文件，不能覆盖。请另选输出文件名。")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def _write_message(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "没有写入权限"
    if exc.errno == errno.ENOSPC:
        return "磁盘空间不足"
    return f"系统错误 {errno.errorcode.get(exc.errno or 0, exc.errno)}"
