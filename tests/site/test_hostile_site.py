"""A hostile or broken project around a good plan: what the site is made from, where it is published to.

Every case runs ``python -m generator`` (or ``mkdocs``) on a copy of the project in a temporary
folder, as an operator would, and asserts the Chinese message, the exit status, that there is no
traceback and that nothing was written: the site folder, the live site and its history are as
they were. Cases that complete a build are marked slow.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.errors import GeneratorError, InputError, Problem
from generator.publish import build, checks, release
from generator.site import search
from generator.site.nav import problems_page
from generator.site.pages import environment
from tests.helpers import CASES, MINI, ROOT, Measured, free_port, measured_cli, tree_state

EPOCH = "1713571200"
SITE_URL = "https://www.example.gov.cn/gov/fzzf/2024/"
BROKEN_ROUND = CASES / "hostile-site" / "broken-round.yaml"
LINK_ADVICE = "请把文件本身放进 docs/，不要用符号链接。"


def _run(*args: str | Path, cwd: Path, tool: str = "generator", **env: str) -> Measured:
    """``python -m generator …`` (or ``-m mkdocs``) with a clean environment; its time and peak memory."""
    clean: dict[str, str | None] = dict.fromkeys(("PLAN_FILE", "SITE_URL", "OFFLINE", "PROGRESS_DIR"))
    settings = {**clean, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, **env}
    return measured_cli(*map(str, args), cwd=cwd, tool=tool, env=settings, limit=300)


def _project(folder: Path, plan: Path = MINI) -> Path:
    """A copy of the project (configuration, docs, overrides) building ``plan`` as data/plan.yaml."""
    root = folder / "project"
    root.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    (root / "data").mkdir()
    shutil.copy(plan, root / "data" / "plan.yaml")
    return root


def _old_site(root: Path) -> Path:
    """A site folder from an earlier build, which a refused build must leave alone."""
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("上一次构建的结果", encoding="utf-8")
    return site


def _refused(result: Measured, *expected: str) -> None:
    """Exit status 1, each expected text, no traceback (``mkdocs`` itself reports on stdout)."""
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "Error" not in output, output
    for text in expected:
        assert text in output, output


# -- 1. symbolic links and special files ---------------------------------------------------------------


@pytest.mark.slow  # runs `build` or `publish` (refused before anything is built)
def test_symlinks_and_special_files_in_docs_and_overrides_are_refused_before_anything_is_read(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$secret:19000:0:99999:7:::\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "passwd").write_text("secret\n", encoding="utf-8")
    docs = root / "docs"
    (docs / "shadow.txt").symlink_to(secret)  # out of the project
    (docs / "same.md").symlink_to("help.md")  # inside the project: refused too, the rule is simple
    (docs / "etc").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    os.mkfifo(docs / "pipe.css")  # MkDocs would wait for a writer forever
    (root / "overrides" / "logo.svg").symlink_to(secret)  # the theme copies its static files too
    (root / "overrides" / "partials").mkdir()
    (root / "overrides" / "partials" / "footer.html").symlink_to(secret)  # read as a template
    (docs / ".#help.md").symlink_to("editor@host.1234")  # an editor's lock file: never published
    site = _old_site(root)
    before = tree_state(root)

    built = _run("build", "--no-offline", cwd=root)
    published = _run("publish", "--to", tmp_path / "www" / "fzzf", cwd=root, SITE_URL=SITE_URL)

    lines = [
        f"docs/etc: 这是符号链接（指向 {tmp_path / 'elsewhere'}），网站不发布符号链接，"
        f"以免把项目以外的文件发布出去。{LINK_ADVICE}",
        "docs/pipe.css: 这不是普通文件（而是命名管道），不能发布。请删除它，或换成普通文件。",
        f"docs/same.md: 这是符号链接（指向 help.md），网站不发布符号链接，以免把项目以外的文件发布出去。{LINK_ADVICE}",
        f"docs/shadow.txt: 这是符号链接（指向 {secret}），网站不发布符号链接，以免把项目以外的文件发布出去。{LINK_ADVICE}",
        f"overrides/logo.svg: 这是符号链接（指向 {secret}），网站不发布符号链接，以免把项目以外的文件发布出去。"
        "请把文件本身放进 overrides/，不要用符号链接。",
        f"overrides/partials/footer.html: 这是符号链接（指向 {secret}），网站不发布符号链接，"
        "以免把项目以外的文件发布出去。请把文件本身放进 overrides/，不要用符号链接。",
        "共发现 6 个问题，未生成任何文件。请逐条修改后重试。",
    ]
    _refused(built, "网站源文件中有不能发布的文件，未构建网站：\n" + "\n".join(lines))
    _refused(published, "网站源文件中有不能发布的文件，未作任何更改：\n" + "\n".join(lines))
    assert built.seconds < 30 and published.seconds < 30  # the named pipe was never opened
    assert built.megabytes < 400 and published.megabytes < 400
    assert ".#help.md" not in built.stderr
    assert (
        tree_state(root) == before and (site / "index.html").read_text(encoding="utf-8") == "上一次构建的结果"
    )
    assert not (tmp_path / "www").exists()  # publish created nothing: no releases folder, no lock


@pytest.mark.slow  # runs `build` or `publish` (refused before anything is built)
def test_a_hidden_file_that_exclude_docs_publishes_is_checked_too(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (tmp_path / "secret").write_text("secret\n", encoding="utf-8")
    (root / "docs" / ".well-known").mkdir()
    (root / "docs" / ".well-known" / "security.txt").symlink_to(tmp_path / "secret")
    (root / "site.yml").write_text(
        "INHERIT: mkdocs.yml\nexclude_docs: |\n  !.well-known/\n", encoding="utf-8"
    )
    site = _old_site(root)
    result = _run("build", "--no-offline", "-f", "site.yml", cwd=root)
    _refused(
        result,
        "docs/.well-known/security.txt: 这是符号链接",
        LINK_ADVICE,
        "共发现 1 个问题，未生成任何文件。",
    )
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]


@pytest.mark.slow
def test_without_the_links_the_site_builds_and_holds_only_regular_files(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "docs" / ".#help.md").symlink_to("editor@host.1234")  # hidden: MkDocs publishes none
    (root / "docs" / ".cache").mkdir()
    os.mkfifo(root / "docs" / ".cache" / "fifo")
    (root / "data" / "plan.yaml").rename(root / "data" / "real.yaml")
    (root / "data" / "plan.yaml").symlink_to("real.yaml")  # inside the project: read as the plan
    result = _run("build", "-d", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "检查通过" in result.stdout
    out = root / "out"
    assert not any(p.name.startswith(".") for p in out.rglob("*"))
    assert checks.check_site(out) == []
    assert all(p.is_dir() or (p.is_file() and not p.is_symlink()) for p in out.rglob("*"))


def test_the_site_check_refuses_a_symbolic_link_in_the_built_site(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "shadow.txt").symlink_to("/etc/shadow")
    os.mkfifo(tmp_path / "pipe")
    assert checks.check_site(tmp_path, downloads=False) == [
        "assets/shadow.txt：不是普通文件（符号链接或特殊文件），不能发布。",
        "pipe：不是普通文件（符号链接或特殊文件），不能发布。",
    ]


@pytest.mark.slow  # runs `build` or `publish` (refused before anything is built)
def test_plan_progress_and_round_files_linked_out_of_the_project_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "progress").mkdir(parents=True)
    shutil.copy(MINI, outside / "plan.yaml")
    shutil.copy(CASES / "progress" / "round.yaml", outside / "progress" / "2024-h1.yaml")
    cases = {
        "plan": (
            "data/plan.yaml",
            outside / "plan.yaml",
            "计划文件确实在项目以外时，请用环境变量 PLAN_FILE 直接指定它。",
        ),
        "progress": (
            "data/progress",
            outside / "progress",
            "落实情况确实在项目以外时，请用环境变量 PROGRESS_DIR 直接指定其目录。",
        ),
        "round": (
            "data/progress/2024-h1.yaml",
            outside / "progress" / "2024-h1.yaml",
            "落实情况确实在项目以外时，请用环境变量 PROGRESS_DIR 直接指定其目录。",
        ),
    }
    for name, (link, target, instead) in cases.items():
        root = _project(tmp_path / name)
        path = root / link
        path.parent.mkdir(exist_ok=True)
        path.unlink(missing_ok=True)
        path.symlink_to(target)
        site = _old_site(root)
        before = tree_state(root)
        for result in (
            _run("build", "--no-offline", cwd=root),
            _run("publish", "--to", tmp_path / name / "www", cwd=root, SITE_URL=SITE_URL),
        ):
            _refused(
                result,
                f"{path}: 项目目录（{root}）中的这个路径经符号链接指向项目以外的 {target}，"
                f"项目以外的文件不能发布到网站上。请把文件本身放进项目目录，不要用符号链接；{instead}",
                "共发现 1 个问题，未生成任何文件。",
            )
        assert tree_state(root) == before and list(site.iterdir()) == [site / "index.html"]
        assert not (tmp_path / name / "www").exists()


def test_a_synonyms_file_linked_out_of_the_package_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "generator"
    package.mkdir()
    (tmp_path / "words.yml").write_text(
        "question_words: [怎么]\nsynonyms: {老赖: [失信]}\n", encoding="utf-8"
    )
    (package / "synonyms.yml").symlink_to(tmp_path / "words.yml")
    monkeypatch.setattr(search, "PACKAGE", package)
    with pytest.raises(InputError) as caught:
        search.load_lexicon(package / "synonyms.yml")
    assert f"经符号链接指向项目以外的 {tmp_path / 'words.yml'}" in caught.value.report()
    assert "请把 generator/assets/synonyms.yml 恢复为文件本身。" in caught.value.report()


# -- 2. a full disk, a read-only target ------------------------------------------------------------------


def _fake_release(target: Path, names: tuple[str, ...] = ("release-live",)) -> Path:
    """A target laid out as publish leaves it (live: the last of ``names``), without a build."""
    releases = target.parent / f".{target.name}.releases"
    for name in names:
        site = releases / name / "site"
        site.mkdir(parents=True)
        (site / "index.html").write_text(name, encoding="utf-8")
    release._write_history(releases, list(names))  # as publish writes it
    (releases / "publish.lock").touch()
    target.symlink_to(f".{target.name}.releases/{names[-1]}/site")
    return releases


@contextmanager
def _tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at ``folder`` (root only; skipped where mounting is not permitted)."""
    folder.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("此环境没有 mount 命令")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("此环境不允许挂载 tmpfs（需要 root 权限）")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path) -> None:
    """Fill the file system of ``folder`` to the last byte."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)


@pytest.mark.slow  # runs `build` or `publish` (refused before anything is built)
def test_publish_and_rollback_on_a_read_only_target_say_so_and_change_nothing(tmp_path: Path) -> None:
    with _tmpfs(tmp_path / "mnt", "4m") as mnt:
        target = mnt / "fzzf"
        _fake_release(target, ("release-old", "release-live"))
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        before = tree_state(mnt)
        project = _project(tmp_path)
        published = _run("publish", "--to", target, cwd=project, SITE_URL=SITE_URL)
        back = _run("publish", "--to", target, "--rollback", cwd=project)
        lock = mnt / ".fzzf.releases" / "publish.lock"
        for result, doing in ((published, "发布"), (back, "回滚")):
            _refused(
                result,
                f"{doing}失败：读写文件时出错（{lock}：该位置是只读的）。{target} 保持原样，未作任何更改。",
                "请腾出磁盘空间或检查权限后重试。",
            )
        assert tree_state(mnt) == before


@pytest.mark.slow
def test_publish_and_rollback_on_a_full_disk_say_so_and_leave_the_live_site_as_it_was(tmp_path: Path) -> None:
    with _tmpfs(tmp_path / "mnt", "2m") as mnt:
        target = mnt / "fzzf"
        releases = _fake_release(target, ("release-old", "release-live"))
        before = tree_state(mnt)
        project = _project(tmp_path)
        # The offline copy is made in the (roomy) temporary folder; the site itself does not fit.
        published = _run("publish", "--to", target, cwd=project, SITE_URL=SITE_URL)
        _refused(published, "构建网站时读写文件失败（", "：磁盘空间不足），网站没有构建完成。")
        assert published.stderr.rstrip().endswith(f"{target} 保持原样，未作任何更改。")
        assert tree_state(mnt) == before  # the half-built release is gone, the history untouched
        _fill(mnt)
        before = tree_state(mnt)
        back = _run("publish", "--to", target, "--rollback", cwd=project)
        _refused(back, "回滚失败：读写文件时出错（", f"磁盘空间不足）。{target} 保持原样，未作任何更改。")
        assert tree_state(mnt) == before and os.readlink(target) == ".fzzf.releases/release-live/site"
        assert json.loads((releases / "history.json").read_text())["releases"] == [
            "release-old",
            "release-live",
        ]


def _failing_switch(target: Path, release: Path) -> None:
    raise OSError(errno.ENOSPC, "No space left on device", str(target.parent / ".fzzf.link-1"))


def test_a_switch_that_fails_puts_the_history_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "fzzf"
    _fake_release(target, ("release-old", "release-live"))
    before = tree_state(tmp_path)
    monkeypatch.setattr(release, "_switch", _failing_switch)
    with pytest.raises(GeneratorError) as caught:
        release.rollback(target)
    assert str(caught.value) == (
        f"回滚失败：读写文件时出错（{tmp_path / '.fzzf.link-1'}：磁盘空间不足）。{target} 保持原样，未作任何更改。"
        "请腾出磁盘空间或检查权限后重试。"
    )
    assert tree_state(tmp_path) == before

    # A first publish whose switch fails records no history at all, and leaves no release behind.
    first = tmp_path / "first"

    def tiny_site(site_dir: Path, **_: object) -> None:
        site_dir.mkdir()
        (site_dir / "index.html").write_text("新版本", encoding="utf-8")

    monkeypatch.setattr(release, "build_site", tiny_site)
    monkeypatch.setenv("SITE_URL", SITE_URL)
    monkeypatch.delenv("PLAN_FILE", raising=False)
    monkeypatch.chdir(ROOT)
    with pytest.raises(GeneratorError) as caught:
        release.publish(first, warn=lambda _: None)
    assert f"发布失败：读写文件时出错（{tmp_path / '.fzzf.link-1'}：磁盘空间不足）。{first} 保持原样" in str(
        caught.value
    )
    assert sorted(p.name for p in (tmp_path / ".first.releases").iterdir()) == ["publish.lock"]
    assert not first.exists() and not first.is_symlink()


# -- 3. leftovers of a killed build ------------------------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.slow
def test_a_killed_build_leaves_its_offline_copy_only_until_the_next_build(tmp_path: Path) -> None:
    root = _project(tmp_path)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"PLAN_FILE", "SITE_URL", "PROGRESS_DIR"}}
    env.update(PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=EPOCH, TMPDIR=str(tmp))
    child = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "-d", "out"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(tmp.glob("plan-offline-*/site/*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    child.kill()  # kill -9: no clean-up runs
    child.wait()
    (left,) = tmp.glob("plan-offline-*")
    assert left.name.startswith(f"plan-offline-{child.pid}-")

    # Others' folders stay: a running process's, one named the old way, a link made to look like ours.
    running = tmp / f"plan-offline-{os.getpid()}-running1"
    older = tmp / "plan-offline-abcd1234"
    keep = tmp_path / "keep"
    for folder in (running, older, keep):
        (folder / "site").mkdir(parents=True)
    lookalike = tmp / f"plan-offline-{_dead_pid()}-lookalike"
    lookalike.symlink_to(keep, target_is_directory=True)
    result = _run("build", "--no-offline", "-d", "out", cwd=root, TMPDIR=str(tmp))
    assert result.returncode == 0, result.stderr
    left_now = sorted(p.name for p in tmp.glob("plan-offline-*"))
    assert left_now == sorted([running.name, older.name, lookalike.name])
    assert (keep / "site").is_dir()


# -- 4. the problems page under serve ----------------------------------------------------------------------


def test_the_problems_page_names_each_files_kind_and_its_command(tmp_path: Path) -> None:
    plan, progress = tmp_path / "plan.yaml", tmp_path / "progress"
    round_file = progress / "2024-h1.yaml"
    error = InputError(
        [
            Problem(str(round_file), 5, 9, "entries[0].task", "没有第 9 项任务。"),
            Problem(str(plan), 16, 7, "units[0].slug", "标识重复。"),
        ]
    )
    page = problems_page(error, [plan], progress, environment())
    assert page.title == "计划文件和落实情况文件有误"
    assert f"<h2>计划文件 <code>{plan}</code></h2>" in page.body
    assert f"<h2>落实情况轮次文件 <code>{round_file}</code></h2>" in page.body
    assert "计划文件中有 1 个问题。也可以在终端运行 <code>python -m generator validate</code>" in page.body
    assert (
        "落实情况轮次文件中有 1 个问题。也可以在终端运行 <code>python -m generator progress validate</code>"
        in (page.body)
    )
    assert "本页会自动刷新" in page.body and "本页会自动刷新" not in page.missing
    rounds_only = problems_page(InputError(error.problems[1:]), [plan], progress, environment())
    assert rounds_only.title == "落实情况文件有误" and "python -m generator validate<" not in rounds_only.body
    assert "计划文件" not in rounds_only.body


def test_a_good_build_after_a_broken_one_in_the_same_process_has_the_plain_404_page(tmp_path: Path) -> None:
    # MkDocs hands the same plugin instance to every configuration a process loads.
    root = _project(tmp_path)
    plan = root / "data" / "plan.yaml"
    good = plan.read_text(encoding="utf-8")
    plan.write_text(good.replace("- 市司法局\n", "- 市司法厅\n", 1), encoding="utf-8")
    config = build.load_site_config(root / "mkdocs.yml")
    plugin = build.plan_plugin(config)
    plugin.on_startup(command="serve", dirty=False)
    plugin.on_config(config)
    assert (
        "计划文件有误"
        in plugin.on_template_context({}, template_name="404.html", config=config)["plan_problems"]
    )
    plan.write_text(good, encoding="utf-8")
    plugin.on_startup(command="build", dirty=False)
    plugin.on_config(config)
    assert "plan_problems" not in plugin.on_template_context({}, template_name="404.html", config=config)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


@pytest.mark.slow
def test_serve_with_a_broken_round_shows_the_round_problems_at_every_address(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "data" / "progress").mkdir()
    round_file = root / "data" / "progress" / "2024-h1.yaml"
    shutil.copy(BROKEN_ROUND, round_file)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"PLAN_FILE", "SITE_URL", "PROGRESS_DIR"}}
    env.update(PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                _get(base)
                break
            except OSError:
                time.sleep(0.3)
        # The home page and a page that has never been built (the plan has 3 tasks): both list the problem.
        for path, status in (("", 200), ("units/", 200), ("tasks/15/", 404)):
            code, page = _get(base + path)
            assert code == status, path
            assert '<h1 id="page-title">落实情况文件有误</h1>' in page, path
            assert f"<h2>落实情况轮次文件 <code>{round_file}</code></h2>" in page
            assert f"{round_file}:5:9: entries[0].task: 没有第 9 项任务" in page
            assert "<code>python -m generator progress validate</code>" in page
            assert "计划文件中有以下问题" not in page and "python -m generator validate" not in page
        # Fixed, the site comes back.
        round_file.write_text(BROKEN_ROUND.read_text(encoding="utf-8").replace("task: 9", "task: 1"))
        deadline = time.monotonic() + 60
        while "落实情况文件有误" in _get(base + "tasks/1/")[1] and time.monotonic() < deadline:
            time.sleep(0.5)
        code, page = _get(base + "tasks/1/")
        assert code == 200 and "推进职能协调高效" in page and "落实情况文件有误" not in page
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert server.stderr is not None
    assert "Traceback" not in server.stderr.read().decode("utf-8")


# -- 5. reserved unit slugs -------------------------------------------------------------------------------


@pytest.mark.slow  # runs `build` or `publish` (refused before anything is built)
def test_a_unit_slug_that_would_replace_the_units_page_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        MINI.read_text(encoding="utf-8").replace("slug: shisifaju", "slug: index"), encoding="utf-8"
    )
    root = _project(tmp_path, plan)
    site = _old_site(root)
    before = tree_state(root)
    message = (
        ":42:9: units[0].slug: “index”不能用作单位标识：这个单位的页面会占用责任单位总览页 /units/ 的位置。"
        "请换一个标识，如单位名称的拼音。"
    )
    validated = _run("validate", plan, cwd=tmp_path)
    _refused(validated, f"{plan}{message}", "共发现 1 个问题，未生成任何文件。")
    built = _run("build", "--no-offline", cwd=root)
    _refused(built, f"{root / 'data' / 'plan.yaml'}{message}")
    assert tree_state(root) == before and list(site.iterdir()) == [site / "index.html"]


# -- 6. an empty synonyms file ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "where"), [("", ""), ("# 只有注释\n", ""), ("---\n", ":2:1")])
def test_an_empty_synonyms_file_is_reported_not_a_stopiteration(
    tmp_path: Path, text: str, where: str
) -> None:
    path = tmp_path / "synonyms.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        search.load_lexicon(path)
    assert caught.value.report().splitlines() == [
        f"{path}{where}: 文件是空的。它应包含 question_words 和 synonyms 两项：请从版本库恢复该文件，"
        "或参照 README“站内搜索”一节填写。",
        "共发现 1 个问题，未生成任何文件。请逐条修改后重试。",
    ]


def test_a_synonyms_file_that_is_a_pipe_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "synonyms.yml")
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        search.load_lexicon(tmp_path / "synonyms.yml")
    assert time.monotonic() - started < 5
    assert "这不是普通文件（而是命名管道）" in caught.value.report()


def test_the_shipped_synonyms_file_is_not_empty() -> None:
    lexicon = search.load_lexicon()
    assert lexicon.question_words and lexicon.synonyms


# -- 7. a malformed SOURCE_DATE_EPOCH ---------------------------------------------------------------------


@pytest.mark.slow  # runs `build` or `publish` (refused before anything is built)
@pytest.mark.parametrize("epoch", ["abc", "1713571200.5", "1_713_571_200", "99999999999999999"])
def test_a_malformed_source_date_epoch_is_named_and_nothing_is_written(tmp_path: Path, epoch: str) -> None:
    root = _project(tmp_path)
    site = _old_site(root)
    before = tree_state(root)
    message = (
        f"环境变量 SOURCE_DATE_EPOCH 的值“{epoch}”无效，未生成任何文件。它应为自 1970-01-01 00:00（UTC）"
        "起的整数秒数，如 1713571200（即 2024-04-20）；不需要固定构建时间时，请不要设置它。"
    )
    for result in (
        _run("build", cwd=root, SOURCE_DATE_EPOCH=epoch),
        _run("publish", "--to", tmp_path / "www", cwd=root, SOURCE_DATE_EPOCH=epoch, SITE_URL=SITE_URL),
        _run("build", "--strict", "-d", "site", cwd=root, tool="mkdocs", SOURCE_DATE_EPOCH=epoch),
    ):
        _refused(result, message)
        assert result.seconds < 60
    assert tree_state(root) == before and list(site.iterdir()) == [site / "index.html"]
    assert not (tmp_path / "www").exists() and not (tmp_path / ".www.releases").exists()


def test_the_reserved_slugs_are_those_that_take_another_pages_place() -> None:
    from generator.plan.checks import RESERVED_SLUGS
    from generator.site.urls import Urls

    urls = Urls()
    assert RESERVED_SLUGS and all(urls.unit(slug) == urls.units for slug in RESERVED_SLUGS)
    assert urls.unit("shisifaju") != urls.units
