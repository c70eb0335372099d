"""Shared real-browser helper for the rendering tests: Debian chromium + chromedriver via Selenium.

No browser is downloaded: the tests use /usr/bin/chromium and /usr/bin/chromedriver (installed
by .ci/install-browser) and are skipped with a clear reason only when those are absent.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = REPO_ROOT / "test-output"

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-default-browser-check",
    "--window-size=1400,1000",
]


def have_browser() -> bool:
    """True when Debian's chromium and chromedriver are installed."""
    return CHROMIUM.exists() and CHROMEDRIVER.exists()


requires_browser = pytest.mark.skipif(
    not have_browser(),
    reason="/usr/bin/chromium or /usr/bin/chromedriver absent: run .ci/install-browser",
)


@dataclass
class PageLoad:
    """What happened while a page loaded: every request URL and every console error.

    ``browser_internal`` holds requests made by Chromium's own pages (the new-tab page it
    opens at start-up, documentURL chrome://...), which are not the page under test.
    """

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    browser_internal: list[str] = field(default_factory=list)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian chromium driven by Selenium, with a fresh profile, logging network."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not have_browser():
        pytest.skip("/usr/bin/chromium or /usr/bin/chromedriver absent: run .ci/install-browser")
    profile = tempfile.mkdtemp(prefix="accountable-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.get("about:blank")
        _drain_logs(driver)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _drain_logs(driver: Any, quiet: float = 0.3, timeout: float = 5) -> None:
    """Discard log entries until none arrive for ``quiet`` seconds (start-up noise)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not driver.get_log("performance") and not driver.get_log("browser"):
            time.sleep(quiet)
            if not driver.get_log("performance"):
                return
        time.sleep(0.1)


def load(driver: Any, path: Path, ready_js: str | None = None, timeout: float = 30) -> PageLoad:
    """Open ``path`` as a file:// URL, wait for ``ready_js`` to return true, collect logs."""
    _drain_logs(driver)  # drop anything logged before this page
    driver.get(Path(path).resolve().as_uri())
    if ready_js:
        deadline = time.monotonic() + timeout
        while not driver.execute_script(ready_js):
            if time.monotonic() > deadline:
                raise AssertionError(f"page not ready after {timeout}s: {ready_js}")
            time.sleep(0.1)
    time.sleep(0.3)  # let late requests and console messages arrive
    result = PageLoad()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            params = message["params"]
            url = params["request"]["url"]
            if params.get("documentURL", "").startswith(("chrome://", "chrome-untrusted://")):
                result.browser_internal.append(url)
            else:
                result.requests.append(url)
    for entry in driver.get_log("browser"):
        if entry.get("level") in ("SEVERE", "ERROR"):
            result.console_errors.append(entry.get("message", ""))
    return result


def external(urls: list[str]) -> list[str]:
    """The URLs that are neither file:// nor data: (i.e. would touch the network)."""
    return [u for u in urls if not u.startswith(("file://", "data:", "blob:"))]


def screenshot(driver: Any, name: str) -> Path:
    """Save a PNG screenshot under test-output/ at the repo root."""
    OUTPUT_DIR.mkdir(exist_ok=True)
    out = OUTPUT_DIR / name
    driver.save_screenshot(str(out))
    return out
