"""Whole-site builds and safe publishing.

``build_site`` runs MkDocs twice in one process, both from the loaded configuration: first the
offline copy (Material's offline plugin switched on in that configuration), which is zipped
deterministically, then the site itself with that zip among its downloads; the result must pass
:func:`checks.verify_site`. ``publish`` builds next to the target folder under a lock, checks the
result, switches the target (a symbolic link) to it atomically and records the release in a history
that ``rollback`` walks back through."""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from generator import paths
from generator.errors import GeneratorError
from generator.plan.model import Plan
from generator.publish import checks
from generator.reproducible import zip_folder
from generator.site import downloads
from generator.site.gov import Gov

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from generator.site.plugin import PlanPlugin


OFFLINE_ZIP = "offline.zip"


OFFLINE_PREFIX = "plan-offline-"


"""The offline copy is built in the temporary folder, in ``plan-offline-<pid>-…``."""


class _Collect(logging.Handler):
    """Keeps MkDocs' configuration messages so that they are reported once, after a Chinese heading."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def load_site_config(config_file: Path, *, site_dir: Path | None = None) -> MkDocsConfig:
    """The MkDocs configuration, loaded strictly; a missing or invalid file is reported in Chinese."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not config_file.is_file():
        raise GeneratorError(
            f"{config_file}：找不到配置文件，未作任何更改。请用 -f 指定 MkDocs 配置文件（默认为当前目录下的 mkdocs.yml）。"
        )
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        return load_config(str(config_file), site_dir=str(site_dir) if site_dir else None, strict=True)
    except (Abort, ConfigurationError, OSError) as exc:
        details = "\n".join(f"  {message}" for message in collect.messages) or f"  {exc}"
        raise GeneratorError(f"{config_file}：配置文件有误，未作任何更改：\n{details}") from None
    finally:
        logger.removeHandler(collect)


def plan_plugin(config: MkDocsConfig) -> PlanPlugin:
    """The configuration's plan plugin (it knows the plan file and receives the extra downloads)."""
    plugin = config.plugins.get("plan")
    # Known by what it does, not by its class: importing the plugin here would make every command
    # load MkDocs' theme machinery (the configuration loads the plugin when it is used).
    if not callable(getattr(plugin, "inputs", None)):
        raise GeneratorError(
            f"{config.config_file_path}：配置文件没有启用 plan 插件（plugins 中应有 - plan），无法生成计划的页面。"
        )
    return plugin  # type: ignore[return-value]


def project_inputs(config_file: Path = Path("mkdocs.yml")) -> paths.Inputs:
    """The plan and the progress folder of the project whose configuration is ``config_file``, as
    its build reads them (see :mod:`generator.paths`): what every command uses by default. Without
    a readable configuration, the defaults in the current folder (the build reports what is wrong
    with the configuration; ``validate`` still checks the plan)."""
    if config_file.is_file():
        try:
            config = load_site_config(config_file)
            return plan_plugin(config).inputs(config)
        except GeneratorError:
            pass
    return paths.inputs(Path.cwd())


def plan_file(config: MkDocsConfig) -> Path:
    """The plan file this configuration builds (the plugin's ``plan:`` option, or ``PLAN_FILE``)."""
    return plan_plugin(config).plan_file(config)


def _set_offline(config: MkDocsConfig, *, enabled: bool) -> None:
    """Switch Material's offline plugin in the loaded configuration (never through the environment)."""
    from material.plugins.offline.plugin import OfflinePlugin

    plugin = config.plugins.get("material/offline")
    if isinstance(plugin, OfflinePlugin):
        plugin.config.enabled = enabled
    elif enabled:
        raise GeneratorError(
            f"{config.config_file_path}：配置文件没有启用 offline 插件（plugins 中应有 - offline），"
            "无法生成离线副本。请加上它，或使用 --no-offline。"
        )


def unset_gov_fields(config: MkDocsConfig) -> list[str]:
    """The 政府网站 fields of ``extra.gov`` still unset, as ``名称（key）``."""
    try:
        return Gov.from_config(config.extra).unset()
    except ValueError as exc:
        raise GeneratorError(str(exc)) from None


def _mkdocs_build(
    config_file: Path, site_dir: Path, *, offline: bool, extra: list[downloads.Download] | None = None
) -> Plan:
    """One strict MkDocs build; returns the plan the plan plugin loaded for it."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, ConfigurationError

    config = load_site_config(config_file, site_dir=site_dir)
    _set_offline(config, enabled=offline)
    plugin = plan_plugin(config)
    plugin.extra_downloads = list(extra or [])
    try:
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError) as exc:
        raise GeneratorError(str(exc)) from None
    except OSError as exc:  # a full disk, a read-only folder
        raise GeneratorError(
            f"构建网站时读写文件失败（{_disk_problem(exc)}），网站没有构建完成。请腾出磁盘空间或检查权限后重试。"
        ) from None
    if plugin.plan is None:
        raise GeneratorError(f"{config_file}：plan 插件没有载入计划，未能构建网站。")
    return plugin.plan


def _offline_copy(config_file: Path) -> downloads.Download:
    """The offline copy of the site, checked and zipped deterministically."""
    try:
        with tempfile.TemporaryDirectory(
            prefix=f"{OFFLINE_PREFIX}{os.getpid()}-", ignore_cleanup_errors=True
        ) as tmp:
            offline_dir = Path(tmp) / "site"
            plan = _mkdocs_build(config_file, offline_dir, offline=True)
            checks.verify_site(offline_dir, downloads=False, name="离线副本")
            when = downloads.build_time(plan, os.environ.get("SOURCE_DATE_EPOCH"))
            data = zip_folder(offline_dir, when, prefix="离线副本/")
    except OSError as exc:
        raise GeneratorError(
            f"在临时目录 {tempfile.gettempdir()} 中生成离线副本时读写文件失败（{_disk_problem(exc)}）。"
            "请腾出磁盘空间或检查权限后重试；也可以用环境变量 TMPDIR 换一个临时目录。"
        ) from None
    return downloads.Download(
        OFFLINE_ZIP,
        "离线副本",
        "ZIP",
        "整站离线副本：解压后用浏览器打开“离线副本/index.html”即可阅读和搜索，无需联网。",
        data,
    )


def _sweep_offline_copies() -> None:
    """Remove the offline copies that killed builds left in the temporary folder.

    Each is named after the process that made it (``plan-offline-<pid>-…``); one whose process is
    gone is a leftover (a folder whose process is still running, or belongs to another user, stays).
    """
    for path in Path(tempfile.gettempdir()).glob(f"{OFFLINE_PREFIX}*"):
        made_by = re.fullmatch(rf"{OFFLINE_PREFIX}([0-9]+)-[a-z0-9_]+", path.name)
        if made_by and not _running(int(made_by[1])) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):  # another user's process; not a process id at all
        return True
    return True


def build_site(site_dir: Path, *, config_file: Path = Path("mkdocs.yml"), offline_copy: bool = True) -> None:
    """Build the site (strict) into ``site_dir``, with the offline copy as a download, and check it."""
    load_site_config(config_file)  # a missing or invalid configuration stops here, before anything is made
    _sweep_offline_copies()
    config_file, site_dir = config_file.absolute(), site_dir.absolute()
    extra = [_offline_copy(config_file)] if offline_copy else []
    _mkdocs_build(config_file, site_dir, offline=False, extra=extra)
    checks.verify_site(site_dir)


_DISK_ERRORS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "该位置是只读的",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
}


def _disk_problem(exc: OSError) -> str:
    """What went wrong reading or writing, in Chinese: the file, then why."""
    code = errno.errorcode.get(exc.errno or 0)
    reason = _DISK_ERRORS.get(exc.errno or 0) or (f"系统错误 {code}" if code else "系统错误")
    if exc.filename and exc.filename2:  # a copy: from the first to the second
        return f"{exc.filename} → {exc.filename2}：{reason}"
    return f"{exc.filename}：{reason}" if exc.filename else reason
