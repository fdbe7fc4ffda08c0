"""Whole-site builds and safe publishing.

``build_site`` runs MkDocs twice in one process: first the offline copy, which is
zipped (deterministically), then the site itself with that zip among its
downloads. ``publish`` builds next to the target folder, checks the result, and
switches the target to it atomically, keeping the previous release for rollback.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator import checks, exports
from generator.errors import GeneratorError
from generator.loader import load_plan
from generator.model import Plan

OFFLINE_ZIP = "offline.zip"


@contextmanager
def _environment(**values: str | None) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _mkdocs_build(config_file: Path, site_dir: Path, extra: list[exports.Download] | None = None) -> Plan:
    """One strict MkDocs build; returns the plan the plan plugin loaded for it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
        if extra:
            config.plugins["plan"].extra_downloads = extra  # type: ignore[attr-defined]
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        plan: Plan = config.plugins["plan"].plan  # type: ignore[attr-defined]
        return plan
    except (Abort, ConfigurationError) as exc:
        raise GeneratorError(str(exc)) from None


def build_site(site_dir: Path, *, config_file: Path = Path("mkdocs.yml"), offline_copy: bool = True) -> None:
    """Build the site (strict) into ``site_dir``, with the offline copy as a download."""
    config_file = config_file.resolve()
    extra: list[exports.Download] = []
    if offline_copy:
        with tempfile.TemporaryDirectory(prefix="plan-offline-") as tmp, _environment(OFFLINE="true"):
            offline_dir = Path(tmp) / "site"
            plan = _mkdocs_build(config_file, offline_dir)
            when = exports.build_time(plan, os.environ.get("SOURCE_DATE_EPOCH"))
            data = exports.zip_folder(offline_dir, when, prefix="离线副本/")
        extra.append(
            exports.Download(
                OFFLINE_ZIP,
                "离线副本",
                "ZIP",
                "整站离线副本：解压后用浏览器打开“离线副本/index.html”即可阅读和搜索，无需联网。",
                data,
            )
        )
    with _environment(OFFLINE=None):
        _mkdocs_build(config_file, site_dir, extra)


def _plan_path(config_file: Path) -> Path:
    return config_file.parent / (os.environ.get("PLAN_FILE") or "data/plan.yaml")


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


def _current(target: Path) -> Path | None:
    return target.resolve() if target.is_symlink() else None


def _switch(target: Path, release: Path) -> None:
    """Point ``target`` at ``release`` in one atomic rename of a symbolic link."""
    link = target.parent / f".{target.name}.link-{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(os.path.relpath(release, target.parent))
    os.replace(link, target)


def publish(target: Path, *, config_file: Path = Path("mkdocs.yml")) -> Changes:
    """Build, check and atomically publish the site to ``target`` (a symbolic link to a release)."""
    target = target.absolute()
    if target.exists() and not target.is_symlink():
        raise GeneratorError(
            f"{target} 已存在且不是本工具发布的目录（应为指向发布版本的符号链接）。请换一个目录，或先移走它。"
        )
    load_plan(_plan_path(config_file.resolve()))  # an invalid plan stops here, before anything is written
    releases = _releases(target)
    releases.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="release-", dir=releases))
    staging.chmod(0o755)  # the web server must be able to read it
    try:
        build_site(staging / "site", config_file=config_file)
        problems = checks.check_site(staging / "site")
        if problems:
            raise GeneratorError("发布前检查未通过，未作任何更改：\n" + "\n".join(problems))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    current = _current(target)
    changes = compare(current, staging / "site")
    _switch(target, staging / "site")
    _prune(releases, keep={staging, current.parent if current else None})
    return changes


def rollback(target: Path) -> Changes:
    """Switch ``target`` back to the release before the current one."""
    target = target.absolute()
    current = _current(target)
    releases = _releases(target)
    candidates = sorted(
        (p / "site" for p in releases.glob("release-*") if (p / "site").is_dir() and p / "site" != current),
        key=lambda p: p.parent.stat().st_mtime,
    )
    if current is None or not candidates:
        raise GeneratorError(f"{target} 没有可以回滚到的上一个版本。")
    previous = candidates[-1]
    changes = compare(current, previous)
    _switch(target, previous)
    os.utime(previous.parent)  # the version rolled back from stays available to roll forward to
    return changes


def _prune(releases: Path, keep: set[Path | None]) -> None:
    """Keep the new and the previous release; remove older ones."""
    for path in releases.glob("release-*"):
        if path not in keep:
            shutil.rmtree(path, ignore_errors=True)
