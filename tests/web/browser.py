"""Playwright on Debian's Chromium (never `playwright install`): found, skipped or required, as with PostgreSQL.

Where /usr/bin/chromium is missing the browser tests skip, unless CI=true or TEST_BROWSER_REQUIRED
is set: then they fail, naming the package to install (.ci/run installs it).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("TEST_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parent / "axe.min.js"


def browser_required() -> bool:
    """True where the browser tests must run (CI=true or TEST_BROWSER_REQUIRED set)."""
    return os.environ.get("CI", "").lower() == "true" or bool(os.environ.get("TEST_BROWSER_REQUIRED"))


def need_chromium() -> None:
    """Skip (or fail where required) without Chromium or Playwright."""
    problem = ""
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install -y chromium fonts-noto-core fonts-noto-cjk)"
    else:
        try:
            import playwright.async_api  # noqa: F401  (only checking that it is installed)
        except ImportError:
            problem = "playwright is not installed (pip install -e '.[dev]')"
    if problem:
        if browser_required():
            pytest.fail(f"the browser tests are required here (CI or TEST_BROWSER_REQUIRED): {problem}")
        pytest.skip(problem)


def artifacts() -> Path:
    """Where screenshots go: TEST_ARTIFACTS if set, else a temporary folder (printed by the tests)."""
    folder = Path(os.environ.get("TEST_ARTIFACTS") or Path(tempfile.gettempdir()) / "consultbot-web-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@asynccontextmanager
async def chromium() -> AsyncIterator[object]:
    """A headless Chromium browser, closed afterwards."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        try:
            yield browser
        finally:
            await browser.close()
