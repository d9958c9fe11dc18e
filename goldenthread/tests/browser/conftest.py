"""Browser tests: the demo council served on loopback and driven in Debian's Chromium.

The server is a separate process with its own SQLite demo database, built fresh in a
temporary folder, so the journeys run against what `make demo` gives (and pytest-django's
rolled-back test database is left alone). The browser, the server and Playwright live for
this package only: Playwright's event loop must not outlive it, or Django would refuse the
database calls of the tests that run after it.
"""

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
AXE = HERE / "vendor" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("GOLDENTHREAD_SCREENSHOTS", ROOT / "var" / "screenshots"))
CHROMIUM = os.environ.get("GOLDENTHREAD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "golden-thread-demo"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Generous waits, for two shared cores: the first PDF of a run loads WeasyPrint's fonts.
SLOW_MS = 90_000
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """The browser tests bring their own SQLite server, so the PostgreSQL pass of the suite
    would only repeat them; and they need Chromium."""
    reason = None
    if connection.vendor != "sqlite":
        reason = "browser tests run on the SQLite pass only (they serve their own database)"
    elif not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if reason:
        for item in items:
            if item.get_closest_marker("browser"):
                item.add_marker(pytest.mark.skip(reason=reason))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(process: subprocess.Popen, port: int, log: Path) -> None:
    """Until the server accepts connections; fails with its log if it dies first."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The server stopped:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"The server did not start within a minute:\n{log.read_text()}")


@pytest.fixture(scope="package")
def live_url(tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A fresh demo council, served by `goldenthread runserver` until the tests end; or,
    when GOLDENTHREAD_BROWSER_URL is set, a fresh demo someone is already serving there."""
    if os.environ.get("GOLDENTHREAD_BROWSER_URL"):
        yield os.environ["GOLDENTHREAD_BROWSER_URL"].rstrip("/")
        return
    folder = tmp_path_factory.mktemp("browser-demo")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "goldenthread.tests.browser.settings",
        "GOLDENTHREAD_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'goldenthread.sqlite3'}",
        "DEBUG": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "-m", "goldenthread"]
    for step in [["migrate", "--run-syncdb", "--verbosity", "0"], ["demo", "--no-serve"]]:
        done = subprocess.run(
            [*command, *step], env=env, cwd=folder, capture_output=True, text=True
        )
        if done.returncode != 0:
            pytest.fail(f"The demo council was not built:\n{done.stdout}\n{done.stderr}")
    port = _free_port()
    log = folder / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [*command, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(server, port, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield chromium
    chromium.close()


def _context(browser: Browser, live_url: str, **options) -> BrowserContext:  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=live_url,
        viewport={"width": 1280, "height": 900},
        locale="en-GB",
        timezone_id="Europe/London",
        **options,
    )
    context.set_default_timeout(30_000)
    return context


@pytest.fixture
def context(browser: Browser, live_url: str) -> Iterator[BrowserContext]:
    """A fresh browser profile with the content security policy bypassed, so axe-core can
    be injected on every page of a journey (test_security_headers checks the policy)."""
    context = _context(browser, live_url, bypass_csp=True)
    yield context
    context.close()


@pytest.fixture
def strict_context(browser: Browser, live_url: str) -> Iterator[BrowserContext]:
    """A fresh browser profile that obeys the content security policy."""
    context = _context(browser, live_url)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def sign_in(page: Page, username: str) -> None:
    """Through the sign-in form, as a person would."""
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()


def check_accessibility(page: Page, name: str) -> None:
    """axe-core at WCAG 2.2 AA on the page as it stands: no violations. Saves a screenshot
    under var/screenshots/ as well, for people to look at."""
    page.wait_for_load_state()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE)
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(results => results.violations)",
        WCAG,
    )
    report = [
        f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"  {violation['helpUrl']}\n"
        + "\n".join(
            f"  - {json.dumps(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}"
            for node in violation["nodes"]
        )
        for violation in violations
    ]
    assert not report, f"Accessibility violations on {name} ({page.url}):\n" + "\n".join(report)


# Every chart (figure.gt-chart) must name its graphic and be followed, before the next
# chart, by a table with a caption and rows: the same figures in text.
_CHARTS = """() => Array.from(document.querySelectorAll('figure.gt-chart')).map((figure, index) => {
  const graphic = figure.querySelector('svg[role="img"], img');
  let name = '';
  if (graphic && graphic.tagName === 'IMG') name = graphic.alt;
  else if (graphic) name = (graphic.getAttribute('aria-labelledby') || '').split(' ')
      .map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
  const tables = Array.from(document.querySelectorAll('table')).filter(
      table => figure.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
  const next = Array.from(document.querySelectorAll('figure.gt-chart'))[index + 1];
  const table = tables.find(table => !next ||
      (table.compareDocumentPosition(next) & Node.DOCUMENT_POSITION_FOLLOWING));
  return {
    chart: figure.querySelector('figcaption') ? figure.querySelector('figcaption').textContent
      : 'chart ' + (index + 1),
    name: name.trim(),
    caption: table && table.caption ? table.caption.textContent.trim() : '',
    rows: table ? table.querySelectorAll('tbody tr').length : 0,
  };
})"""


def check_charts(page: Page) -> int:
    """Every chart on the page has a text alternative and a data table; returns how many."""
    page.wait_for_load_state()
    charts = page.evaluate(_CHARTS)
    for chart in charts:
        assert chart["name"], f"{chart['chart']}: the chart has no text alternative"
        assert chart["caption"] and chart["rows"], f"{chart['chart']}: no data table follows it"
    return len(charts)


def check_tags_have_text(page: Page) -> int:
    """Colour is never the only signal: every RAG, SPC and status tag has words in it."""
    page.wait_for_load_state()
    tags = page.locator(".govuk-tag, .gt-rag, .gt-spc, .gt-direction")
    texts = tags.evaluate_all("tags => tags.map(tag => tag.textContent.trim())")
    assert all(texts), "a coloured tag has no text"
    return len(texts)
