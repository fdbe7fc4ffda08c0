"""Reading input files and writing output files without hangs, surprises or lost work.

Reading: only regular files, opened without blocking (a FIFO never hangs the
tool), read up to a size cap, every failure explained in Chinese. Writing: a
new file only unless the caller allows replacing one, through a uniquely named
temporary file next to the target that is removed on every failure path; several
files all or none (:func:`write_all`). Files that several commands may rewrite at
once are changed under a lock (:func:`locked`).
"""

from __future__ import annotations

import errno
import fcntl
import glob
import os
import secrets
import stat
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

from generator.errors import GeneratorError, InputError, Problem

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


def _refuse(name: str, message: str) -> InputError:
    return InputError([Problem(name, None, None, "", message)])


def _os_message(exc: OSError) -> str:
    """A Chinese explanation of an OS error, never the English strerror."""
    if exc.errno in _OPEN_ERRORS:
        return _OPEN_ERRORS[exc.errno]
    code = errno.errorcode.get(exc.errno or 0, str(exc.errno))
    return f"无法读取文件（系统错误 {code}）。请检查文件是否完好、路径是否正确。"


def read_input(path: str | Path, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; :class:`InputError` otherwise."""
    name = str(path)
    fd = _open_regular(path)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise _refuse(name, _too_big(size, limit))
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise _refuse(name, _os_message(exc)) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # the file grew while we read it
        raise _refuse(name, _too_big(len(data), limit))
    return data


def _open_regular(path: str | Path) -> int:
    """A read-only descriptor of a regular file; :class:`InputError` for anything else."""
    name = str(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it has no effect on regular files.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _refuse(name, _os_message(exc)) from None
    except ValueError:  # a NUL byte in the path
        raise _refuse(name, "路径中含有不允许的字符（空字符）。请检查路径。") from None
    try:
        mode = os.fstat(fd).st_mode
    except OSError as exc:
        os.close(fd)
        raise _refuse(name, _os_message(exc)) from None
    if stat.S_ISREG(mode):
        return fd
    os.close(fd)
    if stat.S_ISDIR(mode):
        raise _refuse(name, _OPEN_ERRORS[errno.EISDIR])
    raise _refuse(name, f"这不是普通文件（而是{_kind(mode)}）。请指定一个文本文件。")


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
        fd, tmp = _new_temp(target)
    except OSError as exc:
        raise OutputError(f"{target}: 无法在 {target.parent} 中写入（{_write_message(exc)}）。") from None
    try:
        _fill(fd, tmp, text.encode("utf-8") if isinstance(text, str) else text)
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{target}: 写入失败（{_write_message(exc)}），未改动任何文件。") from None
        raise


def _new_temp(target: Path) -> tuple[int, str]:
    """A new temporary file next to ``target``, named ``.NAME.*.tmp`` (see :func:`remove_stale_temps`)."""
    return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)


def _fill(fd: int, tmp: str, content: bytes) -> None:
    with os.fdopen(fd, "wb") as stream:
        stream.write(content)
    os.chmod(tmp, 0o644)


def write_all(files: Mapping[Path, bytes], *, force: bool = False) -> None:
    """Write every file or none (:class:`OutputError` saying what happened otherwise).

    Each file is first written in full to a temporary file next to it; only when all are written
    are they renamed into place. On any failure every temporary file is removed, every file this
    call created is removed again, a file it replaced gets its old content back (kept meanwhile
    through a hard link) and every folder it created is removed.
    """
    for path in files:
        if path.parent.is_dir():
            check_output(path, force=force)
        else:
            _check_missing_parent(path)
    made: list[Path] = []
    staged: dict[Path, str] = {}
    kept: dict[Path, str] = {}
    placed: list[Path] = []
    current = None
    try:
        for path, content in files.items():
            current = path
            made += _make_parents(path.parent)
            fd, staged[path] = _new_temp(path)
            _fill(fd, staged[path], content)
        for path, tmp in staged.items():
            current = path
            if path.exists():
                kept[path] = _keep(path)
            os.replace(tmp, path)
            placed.append(path)
    except BaseException as exc:
        left = _undo(made, staged, kept, placed)
        if not isinstance(exc, OSError):
            raise
        raise OutputError(_failed(current, len(files), exc, left)) from None
    for backup in kept.values():
        Path(backup).unlink(missing_ok=True)


def _check_missing_parent(path: Path) -> None:
    """A target whose folder will be created: refuse only if some part of the way is a file."""
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"{path}: {parent} 不是目录。请另选输出位置。")
            return


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the folders created, outermost first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()][::-1]
    folder.mkdir(parents=True, exist_ok=True)
    return missing


def _keep(path: Path) -> str:
    """A hard link to the file's current content (so that replacing it can be undone)."""
    backup = str(path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp")
    os.link(path, backup)
    return backup


def _undo(made: list[Path], staged: dict[Path, str], kept: dict[Path, str], placed: list[Path]) -> list[Path]:
    """Put everything back as it was; the files that could not be put back."""
    left: list[Path] = []
    for path in reversed(placed):
        try:
            if path in kept:
                os.replace(kept.pop(path), path)
            else:
                path.unlink()
        except OSError:
            left.append(path)
    for tmp in [*staged.values(), *kept.values()]:
        with suppress(OSError):
            Path(tmp).unlink(missing_ok=True)
    for folder in reversed(made):
        with suppress(OSError):
            folder.rmdir()
    return left


def _failed(path: Path | None, count: int, exc: OSError, left: list[Path]) -> str:
    what = f"{path}: 写入失败（{_write_message(exc)}）"
    if left:
        listed = "、".join(map(str, left))
        return f"{what}。撤销时以下文件未能恢复原状，请检查：{listed}。"
    return f"{what}。本次共要写 {count} 个文件，已全部撤销，未改动任何文件。"


#: How long a writer waits for another writer of the same file before giving up: importing into a
#: round of 10,000 entries takes about seven seconds here, so this is a queue of a dozen such imports.
LOCK_TIMEOUT = 120.0


@contextmanager
def locked(path: Path, *, what: str = "该文件", timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock (``flock``) on the existing regular file ``path`` while the block runs.

    A writer replaces the file by renaming a new one over it, so a lock taken after waiting may be
    on a file no longer at ``path``: then the new file is locked in turn. Every writer of the file
    must take this lock; it is released when the block ends, however it ends (or the process dies).
    """
    seconds = LOCK_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + seconds
    while True:
        fd = _open_regular(path)
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    message = (
                        f"另一个命令正在写入{what}，等待 {seconds:g} 秒后仍未结束，未做任何改动。"
                        "请等它完成后重试。"
                    )
                    raise _refuse(str(path), message)
                time.sleep(0.05)
            if _still_at(fd, path):
                yield
                return
        finally:
            os.close(fd)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _still_at(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False  # gone: opening it again says so
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def remove_stale_temps(target: Path) -> list[Path]:
    """Remove the temporary files (``.NAME.*.tmp``) that killed writers of ``target`` left behind.

    Call only while holding :func:`locked` on ``target``: every writer of it holds that lock while
    its temporary file exists, so any such file found then belongs to a writer that is gone.
    """
    removed = []
    for tmp in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        try:
            if tmp.is_file() and not tmp.is_symlink():
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue
    return removed


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
