"""Publishing a checked build without breaking what is live, and rolling back.

``publish`` builds into a new release folder beside the live one, checks it, then switches the
live symbolic link atomically; a history records what went live, under a lock, and the oldest
releases are pruned. Every failure is a Chinese message that says the live site is unchanged.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import GeneratorError, InputError
from generator.plan.load import load_plan
from generator.publish.build import (
    _disk_problem,
    build_site,
    load_site_config,
    plan_file,
    plan_plugin,
    unset_gov_fields,
)
from generator.site import downloads

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


KEEP_RELEASES = 5


"""Releases kept for rollback: the live one and the four switched live before it."""


HISTORY_FILE = "history.json"


"""In the releases folder: the releases that were checked and switched live, oldest first."""


LOCK_FILE = "publish.lock"


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def report(self) -> str:
        lines = [f"新增页面 {len(self.added)} 个，删除 {len(self.removed)} 个，修改 {len(self.changed)} 个。"]
        for label, items in (("新增", self.added), ("删除", self.removed), ("修改", self.changed)):
            lines += [f"  {label}：/{item}" for item in items]
        return "\n".join(lines)


def _pages(folder: Path | None) -> dict[str, str]:
    if folder is None or not folder.is_dir():
        return {}
    result = {}
    for path in sorted(folder.rglob("*.html")):
        rel = path.relative_to(folder).as_posix()
        url = rel.removesuffix("index.html")
        result[url] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def compare(old: Path | None, new: Path) -> Changes:
    before, after = _pages(old), _pages(new)
    return Changes(
        added=sorted(set(after) - set(before)),
        removed=sorted(set(before) - set(after)),
        changed=sorted(url for url in set(before) & set(after) if before[url] != after[url]),
    )


def _releases(target: Path) -> Path:
    return target.parent / f".{target.name}.releases"


def _live_release(target: Path, releases: Path) -> str | None:
    """The name of the release ``target`` points to; None when there is no target yet.

    Anything else at ``target`` (a folder, a file, a symbolic link this tool did not make) is refused.
    """
    if not target.is_symlink():
        if target.exists():
            raise GeneratorError(
                f"{target} 已存在且不是本工具发布的目录（应为指向 {releases.name} 中某个版本的符号链接），"
                "未作任何更改。请换一个目录，或先移走它。"
            )
        return None
    pointed = target.resolve()
    if not (
        pointed.name == "site"
        and pointed.parent.name.startswith("release-")
        and pointed.parent.parent == releases.resolve()
    ):
        raise GeneratorError(
            f"{target} 是指向 {os.readlink(target)} 的符号链接，不是本工具创建的"
            f"（本工具的链接指向 {releases.name}/release-…/site），未作任何更改。请换一个目录，或先移走它。"
        )
    return pointed.parent.name


def _read_history(releases: Path) -> list[str] | None:
    """The recorded releases, oldest first; None when no history has been recorded yet."""
    path = releases / HISTORY_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        data = None
    names = data.get("releases") if isinstance(data, dict) else None
    if not isinstance(names, list) or not all(
        isinstance(n, str) and n.startswith("release-") and "/" not in n for n in names
    ):
        raise GeneratorError(
            f"{path}：发布记录无法读取或格式不对，未作任何更改。请恢复该文件；删除它则从当前版本重新开始记录。"
        )
    return names


def _write_history(releases: Path, names: list[str]) -> None:
    """Replace the history in one atomic rename, so that a killed publish never leaves half a file."""
    tmp = releases / f".{HISTORY_FILE}.tmp"
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            json.dump({"releases": names}, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, releases / HISTORY_FILE)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def _locked(releases: Path) -> Iterator[None]:
    """Hold the publishing lock of ``releases``; refuse at once while another publish holds it."""
    path = releases / LOCK_FILE
    with path.open("a") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise GeneratorError(
                f"另一个发布或回滚正在进行（{path} 已被锁定），本次未作任何更改。请等它结束后再试。"
            ) from None
        yield  # closing the file releases the lock, also when the process is killed


def _switch(target: Path, release: Path) -> None:
    """Point ``target`` at ``release`` in one atomic rename of a symbolic link."""
    link = target.parent / f".{target.name}.link-{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    try:
        link.symlink_to(os.path.relpath(release, target.parent))
        os.replace(link, target)
    except BaseException:
        link.unlink(missing_ok=True)
        raise


def _prune(releases: Path, keep: list[str]) -> None:
    """Remove every release folder the history does not name (older ones, killed publishes' leftovers)."""
    for path in releases.glob("release-*"):
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)


def _require_site_url(config: MkDocsConfig) -> None:
    if not config.site_url:
        raise GeneratorError(
            "未设置网站地址（环境变量 SITE_URL），未作任何更改。\n"
            "每个页面的规范地址（canonical）、站点地图 sitemap.xml 和打印页上的“本页网址”都要用网站的正式地址，"
            "没有它，发布出去的网站会缺少这些内容。请这样发布：\n"
            "  SITE_URL=https://www.example.gov.cn/gov/fzzf/2024/ python -m generator publish --to 网站目录"
        )


def _warn(message: str) -> None:
    print(f"提示：{message}", file=sys.stderr)


def publish(
    target: Path, *, config_file: Path = Path("mkdocs.yml"), warn: Callable[[str], None] = _warn
) -> Changes:
    """Build, check and atomically publish the site to ``target`` (a symbolic link to a release).

    Everything that can be checked without building (configuration, site address, target, plan) is
    checked before anything is created.
    """
    config = load_site_config(config_file)
    target, config_file = target.absolute(), config_file.absolute()
    _require_site_url(config)
    releases = _releases(target)
    _live_release(target, releases)
    plugin = plan_plugin(config)
    refused = plugin.source_problems(config) + plugin.input_problems(config)
    if refused:
        raise GeneratorError(f"网站源文件中有不能发布的文件，未作任何更改：\n{InputError(refused).report()}")
    plan = load_plan(plan_file(config))  # an invalid plan stops here, before anything is written
    downloads.build_time(plan, os.environ.get("SOURCE_DATE_EPOCH"))  # so does a malformed SOURCE_DATE_EPOCH
    unset = unset_gov_fields(config)
    if unset:
        warn(
            f"{config_file.name} 的 extra.gov 中以下政府网站信息尚未填写，网站上不会显示："
            f"{'、'.join(unset)}。请只填写已正式取得的信息。"
        )
    try:
        releases.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise GeneratorError(
            f"无法创建发布目录 {releases}，未作任何更改。请检查该位置的写权限，以及是否已有同名文件。"
        ) from None
    with _unchanged(target, "发布"), _locked(releases):
        return _publish_locked(target, releases, config_file)


@contextmanager
def _unchanged(target: Path, doing: str) -> Iterator[None]:
    """Report a failure to read or write (a full disk, a read-only folder) in Chinese.

    Used only around steps that leave ``target`` as it was when they fail: the switch itself
    is one atomic rename, and nothing after it can fail.
    """
    try:
        yield
    except OSError as exc:
        raise GeneratorError(
            f"{doing}失败：读写文件时出错（{_disk_problem(exc)}）。{target} 保持原样，未作任何更改。"
            "请腾出磁盘空间或检查权限后重试。"
        ) from None


def _publish_locked(target: Path, releases: Path, config_file: Path) -> Changes:
    live = _live_release(target, releases)  # again: another publish may have switched meanwhile
    before = _read_history(releases)
    # None: the first publish, or releases made before the history was kept
    recorded = ([live] if live else []) if before is None else before
    history = recorded[: recorded.index(live) + 1] if live in recorded else recorded
    staging = Path(tempfile.mkdtemp(prefix="release-", dir=releases))
    try:
        staging.chmod(0o755)  # the web server must be able to read it
        build_site(staging / "site", config_file=config_file)
        changes = compare(releases / live / "site" if live else None, staging / "site")
        history = [*history, staging.name][-KEEP_RELEASES:]
        _go_live(target, staging / "site", releases, history, before)
    except GeneratorError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise GeneratorError(f"{exc}\n{target} 保持原样，未作任何更改。") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _prune(releases, keep=history)
    return changes


def _go_live(
    target: Path, release: Path, releases: Path, history: list[str], before: list[str] | None
) -> None:
    """Record ``history`` (which ends with ``release``), then switch ``target`` to ``release``.

    A release is recorded before it goes live; if the switch fails, the history is put back as it
    was (``before``; None: there was none), so that it never names a release that was not live.
    """
    _write_history(releases, history)
    try:
        _switch(target, release)
    except BaseException:
        with suppress(OSError):
            if before is None:
                (releases / HISTORY_FILE).unlink()
            else:
                _write_history(releases, before)
        raise


def rollback(target: Path) -> Changes:
    """Switch ``target`` back to the release that was live before the current one."""
    target = target.absolute()
    releases = _releases(target)
    if _live_release(target, releases) is None:
        raise GeneratorError(f"{target} 还没有发布过，没有可以回滚到的版本，未作任何更改。")
    with _unchanged(target, "回滚"), _locked(releases):
        live = _live_release(target, releases)
        history = _read_history(releases) or []
        if live not in history:
            raise GeneratorError(
                f"{target} 当前的版本 {live} 不在发布记录 {releases / HISTORY_FILE} 中，"
                "无法确定它之前的版本，未作任何更改。请重新发布。"
            )
        position = history.index(live)
        if position == 0:
            raise GeneratorError(
                f"{target} 没有可以回滚到的上一个版本（发布记录中当前版本之前没有版本），未作任何更改。"
            )
        previous = releases / history[position - 1] / "site"
        if not previous.is_dir():
            raise GeneratorError(f"上一个版本 {previous} 已不存在，无法回滚，未作任何更改。")
        changes = compare(releases / live / "site", previous)
        _go_live(target, previous, releases, history[:position], history)
    return changes
