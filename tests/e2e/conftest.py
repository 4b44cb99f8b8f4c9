"""Browser tests: Debian's chromium, driven by Playwright, against pytest-django's live server
with the demo data.

The folder is skipped when chromium or axe-core (`npm ci`) is missing, except on CI (the
CI environment variable set), where that is a failure: CI must run them. A failing test
leaves a screenshot and the HTML of every open page in test-results/.
"""

from __future__ import annotations

import fcntl
import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import expect

from tests.e2e import snapshot
from tests.e2e.browser import AXE_SCRIPT, CHROMIUM
from tests.e2e.demo import arrange_demo

RESULTS = Path(settings.BASE_DIR) / "test-results"
# How long expect() waits for what a person would see; a loaded 2-core CI machine shares its
# cores between the browser, the live server and the other xdist workers.
expect.set_options(timeout=10_000)
# We run as root in a container: no sandbox, no GPU, and /dev/shm is small.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def _missing_tools() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium chromium-driver)")
    if not AXE_SCRIPT.exists():
        missing.append(f"{AXE_SCRIPT.relative_to(settings.BASE_DIR)} (npm ci)")
    return missing


@pytest.fixture(scope="session", autouse=True)
def browser_tools() -> None:
    missing = _missing_tools()
    if missing:
        reason = "the browser tests need " + " and ".join(missing)
        if os.environ.get("CI", "").lower() not in {"", "0", "false"}:
            pytest.fail(f"{reason}; CI runs them, so they must be installed", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API marks its event loop as running in the test thread from its
    start until the end of the session, and Django refuses database access from a thread
    with a running loop. Nothing here is asynchronous: the test thread arranges and reads
    data between browser calls. Session-wide, because the loop stays marked for the tests
    that run after these on the same xdist worker."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        "headless": True,  # pytest --headed still opens a window, for debugging
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """pytest-playwright opens every page relative to the live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {
        **browser_context_args,
        "locale": "nl-NL",
        "timezone_id": settings.TIME_ZONE,
        "accept_downloads": True,
    }


# --- No Content-Security-Policy violation ------------------------------------------------

CSP_MARK = "CSP-violation:"
# Runs in every page before its own scripts; a blocked script, style, image or eval is a
# securitypolicyviolation event, written to the console where the test collects it.
_REPORT_CSP_VIOLATIONS = f"""
document.addEventListener("securitypolicyviolation", (event) => {{
  console.error("{CSP_MARK} " + event.violatedDirective
    + " blocked " + (event.blockedURI || "inline") + " on " + event.documentURI
    + (event.sample ? " (" + event.sample + ")" : ""));
}});
"""


@pytest.fixture
def new_context(new_context):
    """Every browser context of a test (``page`` too) reports Content-Security-Policy
    violations: a blocked script or style breaks htmx or the layout without an error on the
    page, so the test fails with the violations after it ran."""
    violations: list[str] = []

    def collect(message) -> None:
        text = message.text
        if CSP_MARK in text or "Content Security Policy" in text:
            violations.append(text)

    def create(**kwargs):
        context = new_context(**kwargs)
        context.add_init_script(script=_REPORT_CSP_VIOLATIONS)
        context.on("console", collect)
        return context

    yield create
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(violations)))


# --- The demo data ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_snapshot(
    browser_tools, django_db_setup, django_db_blocker, tmp_path_factory, worker_id
) -> snapshot.Snapshot:
    """The demo data as a snapshot, seeded once per test run: the first xdist worker seeds
    (committed) and saves it, the others wait for it and read it; every worker's database
    comes from the same migrations. The database is left empty again, as a test with
    serialized_rollback expects to find it."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # the run's folder, above each worker's own
    folder = shared / "e2e-demo-snapshot"
    with _exclusive(shared / "e2e-demo-snapshot.lock"):
        if folder.exists():
            return snapshot.load(folder)
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
            arrange_demo()
            copy = snapshot.take(connection)
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        ContentType.objects.clear_cache()
        snapshot.save(copy, folder)
        return copy


@contextmanager
def _exclusive(lock: Path):
    with lock.open("w") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)


@pytest.fixture
def demo(demo_snapshot, transactional_db, live_server) -> None:
    """The demo data, committed, for the live server; flushed again after the test (mark the
    test django_db(transaction=True, serialized_rollback=True))."""
    snapshot.restore(connection, demo_snapshot)
    ContentType.objects.clear_cache()  # the restored rows have the snapshot's ids
    yield
    ContentType.objects.clear_cache()


# --- Screenshots on failure -------------------------------------------------------------


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        saved = _save_open_pages(item)
        if saved:
            report.sections.append(("browser", "screenshot and HTML: " + ", ".join(saved)))


def _save_open_pages(item) -> list[str]:
    """A full-page screenshot and the HTML of every page still open in the test's browser."""
    browser = item.funcargs.get("browser")
    if browser is None:
        return []
    folder = RESULTS / re.sub(r"[^\w.-]+", "-", item.nodeid).strip("-")
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    pages = [page for context in browser.contexts for page in context.pages]
    for number, page in enumerate(pages, start=1):
        try:
            page.screenshot(path=folder / f"page-{number}.png", full_page=True)
            (folder / f"page-{number}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # a crashed page must not hide the failure
            (folder / f"page-{number}.error.txt").write_text(repr(error), encoding="utf-8")
        saved.append(str((folder / f"page-{number}").relative_to(settings.BASE_DIR)) + ".*")
    return saved
