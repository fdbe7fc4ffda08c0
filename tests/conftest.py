"""Fixtures: real builds of the site (through the mkdocs command) and a headless Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT

#: Session fixtures that build a whole site: every test using one (directly or not) is ``slow``.
SITE_FIXTURES = frozenset(
    {
        "site_build",
        "addressed_site",
        "progress_site",
        "configured_site",
        "hostile_site",
        "hostile_sites",
        "nginx",
    }
)
#: What builds a site when run: ``python -m mkdocs|generator|properdocs build|publish|serve``.
ENGINES = {"mkdocs", "generator", "properdocs"}
COMMANDS = {"build", "publish", "serve"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tiers that mean what they say: a test that uses a site or a browser is marked so."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & SITE_FIXTURES:
            item.add_marker(pytest.mark.slow)
        if "browser" in names:
            item.add_marker(pytest.mark.browser)


def builds_a_site(args: object) -> bool:
    """Whether a command line runs a site build (see :data:`ENGINES`)."""
    words = [str(a) for a in args] if isinstance(args, list | tuple) else str(args).split()
    if "--help" in words or "-h" in words:
        return False
    for i, word in enumerate(words[:-2]):
        if word == "-m" and words[i + 1] in ENGINES and words[i + 2] in COMMANDS:
            return True
    return False


@pytest.fixture(autouse=True)
def _builds_only_when_slow(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that builds a site and is not marked ``slow`` fails, saying so: the fast tier
    (``-m "not slow and not browser"``) stays fast because nothing slips into it."""
    if request.node.get_closest_marker("slow") is not None:
        return
    real = subprocess.Popen.__init__

    def guarded(self: subprocess.Popen[bytes], args: object, *rest: object, **options: object) -> None:
        if builds_a_site(args):
            pytest.fail(f"此测试构建整个网站，请标记为 @pytest.mark.slow：{args}", pytrace=False)
        real(self, args, *rest, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(subprocess.Popen, "__init__", guarded)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_site(
    dest: Path,
    *,
    plan: Path | None = None,
    env: dict[str, str] | None = None,
    extra_config: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` on the project into ``dest``, as an editor would.

    ``extra_config`` is YAML laid over mkdocs.yml (through MkDocs' ``INHERIT``).
    """
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": "1713571200", "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    full_env.pop("PLAN_FILE", None)
    if "PROGRESS_DIR" not in (env or {}):
        full_env.pop("PROGRESS_DIR", None)  # the real site: data/progress (none shipped)
    if plan is not None:
        full_env["PLAN_FILE"] = str(plan)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)]
    config = None
    if extra_config is not None:
        config = ROOT / f".mkdocs-test-{uuid.uuid4().hex}.yml"
        config.write_text(f"INHERIT: mkdocs.yml\n{extra_config}", encoding="utf-8")
        command += ["--config-file", str(config)]
    try:
        return subprocess.run(command, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=600)
    finally:
        if config is not None:
            config.unlink()


EPOCH = "1713571200"


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The real plan built once per session, as ``make site`` does (the offline copy included)."""
    dest = tmp_path_factory.mktemp("site") / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    for key in ("PLAN_FILE", "SITE_URL", "OFFLINE", "PROGRESS_DIR"):
        env.pop(key, None)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "-d", str(dest)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dest, result


@pytest.fixture(scope="session")
def site(site_build: tuple[Path, subprocess.CompletedProcess[str]]) -> Path:
    """The real plan's site, built once per test session."""
    return site_build[0]


SUBPATH = "/gov/fzzf/2024/"


@pytest.fixture(scope="session")
def addressed_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    """The real plan built with ``SITE_URL`` (on a free loopback port, under a sub-path):
    the site, its base URL and the port (the nginx tests serve it there)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}{SUBPATH}"
    dest = tmp_path_factory.mktemp("addressed") / "site"
    result = build_site(dest, env={"SITE_URL": base})
    assert result.returncode == 0, result.stderr
    return dest, base, port


EXAMPLE_PROGRESS = ROOT / "examples" / "progress"
#: The site's public address in the example-progress build: a sub-path, as deployed under a portal.
EXAMPLE_SITE_URL = "https://www.example.gov.cn/fzzf/"


@pytest.fixture(scope="session")
def progress_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real plan with the fictional example progress and a site URL, built once per session."""
    dest = tmp_path_factory.mktemp("progress-site")
    result = build_site(
        dest, env={"PROGRESS_DIR": str(EXAMPLE_PROGRESS)}, extra_config=f"site_url: {EXAMPLE_SITE_URL}\n"
    )
    assert result.returncode == 0, result.stderr
    return dest


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a built site on a loopback port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[str]:
    """The real site on a loopback port; yields its base URL."""
    with serve(site) as url:
        yield url


GOV_CONFIG = """
extra:
  gov:
    host: 渭南市司法局
    organizer: 测试承办单位
    contact: 电话：0000-0000000
    site_id_code: TEST000000
    icp: 测试ICP备00000000号
    icp_url: https://beian.miit.gov.cn/
    police: 测试公网安备00000000000000号
    license: 测试许可
"""


@pytest.fixture(scope="session")
def configured_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real plan with every footer field configured (test values, never published)."""
    dest = tmp_path_factory.mktemp("configured")
    result = build_site(dest, extra_config=GOV_CONFIG)
    assert result.returncode == 0, result.stderr
    return dest


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("需要 Debian 的 chromium：apt-get install chromium（.ci/run 会自动安装）")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def offline_site(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline copy, exactly as readers download it from the session's site."""
    dest = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(site / "downloads" / "offline.zip") as archive:
        archive.extractall(dest)
    return dest / "离线副本"


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()
