"""Publishing: atomic switch, a history of checked releases for rollback, a lock, refusals before writing.

Every test runs ``python -m generator`` as an operator would, in a temporary folder, and asserts the
message, the exit status and that nothing was created or changed where the command refused.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import MINI, ROOT, tree_state

EPOCH = "1713571200"
SITE_URL = "https://www.example.gov.cn/gov/fzzf/2024/"
GOV_LABELS = ("主办单位", "承办单位", "联系方式", "网站标识码", "ICP备案号", "公安机关备案号", "使用许可")


def _run(*args: str | Path, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m generator …`` with none of the caller's PLAN_FILE, SITE_URL or OFFLINE."""
    full_env = {k: v for k, v in os.environ.items() if k not in {"PLAN_FILE", "SITE_URL", "OFFLINE"}}
    full_env.update(PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=EPOCH, **env)
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _tree(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def _config(folder: Path, extra: str = "", *, docs: Path = ROOT / "docs") -> Path:
    """A configuration outside the project that inherits mkdocs.yml and names ``plan.yaml`` beside it."""
    config = folder / "site.yml"
    config.write_text(
        f"""INHERIT: {ROOT / "mkdocs.yml"}
docs_dir: {docs}
theme:
  custom_dir: {ROOT / "overrides"}
plugins:
  - search:
      lang: zh
  - plan:
      plan: plan.yaml
      templates: {ROOT / "overrides" / "plan"}
  - offline
{extra}""",
        encoding="utf-8",
    )
    return config


def _history(releases: Path) -> list[str]:
    names: list[str] = json.loads((releases / "history.json").read_text(encoding="utf-8"))["releases"]
    return names


def _write_plan(path: Path, title: str) -> None:
    path.write_text(MINI.read_text(encoding="utf-8").replace("推进职能协调高效", title), encoding="utf-8")


@pytest.mark.slow
def test_publish_builds_the_configured_plan_and_rolls_back_only_through_checked_releases(
    tmp_path: Path,
) -> None:
    config = _config(tmp_path, "extra:\n  gov:\n    host: 示例市司法局\n")
    plan = tmp_path / "plan.yaml"  # named by the configuration's plan: option, relative to it
    target = tmp_path / "www" / "fzzf"
    target.parent.mkdir()
    releases = target.parent / ".fzzf.releases"
    titles = ["推进职能协调高效", "推进职能更加协调高效", "推进职能十分协调高效"]
    trees = []
    for number, title in enumerate(titles):
        _write_plan(plan, title)
        result = _run("publish", "--to", target, "-f", config, SITE_URL=SITE_URL)
        assert result.returncode == 0, result.stderr
        assert f"已发布到 {target}。" in result.stdout
        assert title in (target / "tasks" / "1" / "index.html").read_text(encoding="utf-8")
        assert "示例市2024年法治政府建设工作要点" in (target / "index.html").read_text(encoding="utf-8")
        assert (target / "downloads" / "offline.zip").is_file()
        trees.append(_tree(target))
        # The configured 主办单位 is not reported; every other 政府网站 field is, as a warning.
        warning = next(line for line in result.stderr.splitlines() if line.startswith("提示："))
        assert "主办单位" not in warning and all(label in warning for label in GOV_LABELS[1:])
        assert len(_history(releases)) == number + 1
        if number == 0:
            assert "新增页面" in result.stdout and "新增：/tasks/1/" in result.stdout
        else:
            assert "新增页面 0 个，删除 0 个，修改" in result.stdout and "修改：/tasks/1/" in result.stdout
    first, second, third = _history(releases)
    assert os.readlink(target) == f".fzzf.releases/{third}/site"

    # An invalid plan (the configured one, not data/plan.yaml) leaves everything as it was.
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("- 市司法局\n", "- 市司法厅\n", 1), encoding="utf-8"
    )
    before = tree_state(tmp_path / "www")
    bad = _run("publish", "--to", target, "-f", config, SITE_URL=SITE_URL)
    assert bad.returncode == 1 and f"{plan}:16:7: sections[0].tasks[0].responsible[0]" in bad.stderr
    assert "未登记的责任单位“市司法厅”" in bad.stderr and "Traceback" not in bad.stderr
    assert tree_state(tmp_path / "www") == before

    # A killed publish leaves a complete, newer release folder behind that was never checked nor live.
    shutil.copytree(releases / third / "site", releases / "release-killed" / "site")
    (releases / "release-killed" / "site" / "index.html").write_text("never checked", encoding="utf-8")

    back = _run("publish", "--to", target, "--rollback")
    assert back.returncode == 0, back.stderr
    assert f"已回滚 {target}。" in back.stdout and "修改：/tasks/1/" in back.stdout
    assert _tree(target) == trees[1] and _history(releases) == [first, second]
    back = _run("publish", "--to", target, "--rollback")
    assert back.returncode == 0, back.stderr
    assert _tree(target) == trees[0] and _history(releases) == [first]

    before = tree_state(tmp_path / "www")
    none = _run("publish", "--to", target, "--rollback")
    assert (
        none.returncode == 1
        and "没有可以回滚到的上一个版本" in none.stderr
        and "Traceback" not in none.stderr
    )
    assert tree_state(tmp_path / "www") == before

    # The next publish keeps what the history names and removes the rest (the leftover included).
    _write_plan(plan, titles[0])
    again = _run("publish", "--to", target, "-f", config, SITE_URL=SITE_URL)
    assert again.returncode == 0, again.stderr
    assert _history(releases)[0] == first and len(_history(releases)) == 2
    assert sorted(p.name for p in releases.glob("release-*")) == sorted(_history(releases))


def _fake_release(target: Path, name: str = "release-live") -> Path:
    """A target laid out as publish leaves it, without a build (for refusals that happen before one)."""
    releases = target.parent / f".{target.name}.releases"
    site = releases / name / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("live", encoding="utf-8")
    (releases / "history.json").write_text(json.dumps({"releases": [name]}), encoding="utf-8")
    (releases / "publish.lock").touch()
    target.symlink_to(f".{target.name}.releases/{name}/site")
    return releases


@pytest.mark.slow
def test_a_second_publish_refuses_at_once_while_one_holds_the_lock(tmp_path: Path) -> None:
    target = tmp_path / "fzzf"
    releases = _fake_release(target)
    with (releases / "publish.lock").open("a") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        before = tree_state(tmp_path)
        start = time.monotonic()
        result = _run("publish", "--to", target, PLAN_FILE=str(MINI), SITE_URL=SITE_URL)
        elapsed = time.monotonic() - start
        back = _run("publish", "--to", target, "--rollback")
    assert result.returncode == 1 and back.returncode == 1
    for output in (result.stderr, back.stderr):
        assert "另一个发布或回滚正在进行" in output and "请等它结束后再试" in output
        assert str(releases / "publish.lock") in output and "Traceback" not in output
    assert elapsed < 10  # refused at once: publish does not wait for the lock (it is never released here)
    assert tree_state(tmp_path) == before
    # The shipped configuration sets no 政府网站 field: publish names every one of them.
    warning = next(line for line in result.stderr.splitlines() if line.startswith("提示："))
    assert all(label in warning for label in GOV_LABELS)


@pytest.mark.slow
def test_a_damaged_history_is_reported_and_nothing_changes(tmp_path: Path) -> None:
    target = tmp_path / "fzzf"
    releases = _fake_release(target)
    (releases / "release-older" / "site").mkdir(parents=True)
    (releases / "history.json").write_text('{"releases": ["release-older", "../../etc"]}', encoding="utf-8")
    before = tree_state(tmp_path)
    for extra in ((), ("--rollback",)):
        result = _run("publish", "--to", target, *extra, PLAN_FILE=str(MINI), SITE_URL=SITE_URL)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"{releases / 'history.json'}：发布记录无法读取或格式不对，未作任何更改。" in result.stderr
    assert tree_state(tmp_path) == before


@pytest.mark.slow
def test_publish_refuses_a_folder_or_symlink_it_did_not_make(tmp_path: Path) -> None:
    folder, link, other = tmp_path / "folder", tmp_path / "link", tmp_path / "other"
    folder.mkdir()
    (folder / "index.html").write_text("old", encoding="utf-8")
    other.mkdir()
    (other / "index.html").write_text("someone else's", encoding="utf-8")
    link.symlink_to(other)
    # Even a link into a folder named like a releases folder, but of another target, is not ours.
    (tmp_path / ".elsewhere.releases" / "release-x" / "site").mkdir(parents=True)
    lookalike = tmp_path / "lookalike"
    lookalike.symlink_to(".elsewhere.releases/release-x/site")
    before = tree_state(tmp_path)
    for target, expected in (
        (folder, "不是本工具发布的目录"),
        (link, "不是本工具创建的"),
        (lookalike, "不是本工具创建的"),
    ):
        for extra in ((), ("--rollback",)):
            result = _run("publish", "--to", target, *extra, PLAN_FILE=str(MINI), SITE_URL=SITE_URL)
            assert result.returncode == 1, result.stdout
            assert expected in result.stderr and "未作任何更改" in result.stderr
            assert "Traceback" not in result.stderr
    assert tree_state(tmp_path) == before  # no .link.releases, links unchanged


@pytest.mark.slow
def test_publish_needs_a_site_address_and_says_how(tmp_path: Path) -> None:
    result = _run("publish", "--to", tmp_path / "fzzf", PLAN_FILE=str(MINI))
    assert result.returncode == 1
    assert "未设置网站地址（环境变量 SITE_URL），未作任何更改" in result.stderr
    assert "规范地址" in result.stderr and "sitemap.xml" in result.stderr and "本页网址" in result.stderr
    assert "SITE_URL=https://" in result.stderr and "python -m generator publish --to" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_missing_or_broken_configuration_is_reported_in_chinese_and_creates_nothing(tmp_path: Path) -> None:
    for args in (("publish", "--to", "site"), ("build", "-d", "out")):
        result = _run(*args, "-f", "missing.yml", cwd=tmp_path, SITE_URL=SITE_URL)
        assert result.returncode == 1
        assert result.stderr.startswith("missing.yml：找不到配置文件，未作任何更改。")
        assert "Traceback" not in result.stderr and "does not exist" not in result.stderr
        assert list(tmp_path.iterdir()) == []
    broken = tmp_path / "broken.yml"
    # Inherited relative paths resolve beside this file, where there is no overrides/ folder.
    broken.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\n", encoding="utf-8")
    result = _run("publish", "--to", "site", "-f", broken, cwd=tmp_path, SITE_URL=SITE_URL)
    assert result.returncode == 1 and f"{broken}：配置文件有误，未作任何更改：" in result.stderr
    assert "custom_dir" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["broken.yml"]


@pytest.mark.slow
def test_plan_file_overrides_the_configured_plan(tmp_path: Path) -> None:
    config = _config(tmp_path)
    _write_plan(tmp_path / "plan.yaml", "推进职能协调高效")
    missing = tmp_path / "elsewhere.yaml"
    result = _run(
        "publish", "--to", tmp_path / "fzzf", "-f", config, PLAN_FILE=str(missing), SITE_URL=SITE_URL
    )
    assert result.returncode == 1 and f"{missing}: 找不到文件" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml", "site.yml"]


@pytest.mark.slow
def test_build_runs_the_same_site_checks_as_publish(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    # Raw HTML is not link-checked by MkDocs; the site checks catch it.
    (docs / "bad.md").write_text('# 坏链接\n\n<a href="../nowhere/">无处</a>\n', encoding="utf-8")
    config = _config(tmp_path, docs=docs)
    _write_plan(tmp_path / "plan.yaml", "推进职能协调高效")
    built = _run("build", "-f", config, "-d", tmp_path / "out", SITE_URL=SITE_URL)
    published = _run("publish", "-f", config, "--to", tmp_path / "www", SITE_URL=SITE_URL)
    assert built.returncode == 1 and published.returncode == 1
    problem = "bad.html：链接 ../nowhere/ 指向不存在的文件。"  # the offline copy is checked first
    reports = []
    for result in (built, published):
        lines = result.stderr.splitlines()
        start = lines.index("离线副本检查未通过，发现 1 个问题：")
        reports.append(lines[start : start + 3])
        assert "Traceback" not in result.stderr
    assert (
        reports[0] == reports[1] == ["离线副本检查未通过，发现 1 个问题：", f"  {problem}", "请修正后重试。"]
    )
    assert f"{tmp_path / 'www'} 保持原样，未作任何更改。" in published.stderr
    assert not (tmp_path / "www").exists() and not list((tmp_path / ".www.releases").glob("release-*"))
