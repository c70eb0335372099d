"""`accountable view` and `timeline --out` on the real seeds, checked in headless Chromium."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import browser
from tests.conftest import Cli

READY = "return window.__stabilized === true"
NODES_JS = ("return network.body.data.nodes.get().map(function (n) {"
            "  return {id: n.id, label: n.label, tip: n.title ? n.title.textContent : null};"
            "});")


def test_view_organisation_on_a_date_writes_the_page(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "sandwell.html"
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        r = cli("view", "Sandwell", "--inspection", "inspection:sandwell:2013-02", "--full",
                "--out", str(out), "--json")
    finally:
        os.chdir(cwd)
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout)
    assert info["focus"] == "org:sandwell" and info["nodes"] > 15 and info["view"] == "full"
    assert not (tmp_path / "lib").exists()
    html = out.read_text(encoding="utf-8")
    for text in ("Bob Badham", "Darren Cooper", "Simon White", "iMPOWER", "Sandwell cabinet",
                 "inadequate", "has resigned"):
        assert text in html, text
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html) == []


def test_view_person_and_unknown_name(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "hackett.html"
    r = cli("view", "Simon Hackett", "--out", str(out), "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["focus"] == "person:simon-hackett"
    assert "Cabinet member for children" in out.read_text(encoding="utf-8")
    r = cli("view", "Nobody Atall", "--out", str(tmp_path / "x.html"))
    assert r.exit_code == 2
    assert not (tmp_path / "x.html").exists()


@browser.requires_browser
def test_organisation_page_in_chromium(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "sandwell-2013.html"
    assert cli("view", "Sandwell", "--on", "2013-02-15", "--full", "--out",
               str(out)).exit_code == 0
    with browser.chromium() as driver:
        loaded = browser.load(driver, out, ready_js=READY)
        assert browser.external(loaded.requests) == []
        assert loaded.console_errors == []
        nodes: list[dict[str, Any]] = driver.execute_script(NODES_JS)
        ids = {n["id"] for n in nodes}
        assert {"org:sandwell", "person:simon-white", "org:impower",
                "inspection:sandwell:2012-02", "source:002"} <= ids
        white = driver.execute_script(
            "return network.body.data.edges.get('tenure:simon-white:sandwell-dcs').title"
            ".textContent")
        assert "still remains in place" in white
        browser.screenshot(driver, "cli-view-sandwell-2013-02-15.png")


@pytest.mark.parametrize("suffix", [".html", ".png"])
def test_timeline_out(cli: Cli, tmp_path: Path, suffix: str,
                      ask: Callable[..., Any]) -> None:
    if suffix == ".png" and not browser.have_browser():
        pytest.skip("the PNG is drawn by kaleido with Debian's chromium: run .ci/install-browser")
    out = tmp_path / f"sandwell{suffix}"
    r = cli("timeline", "Sandwell", "--out", str(out))
    assert r.exit_code == 0, r.output
    assert r.stdout.strip().splitlines() == [
        f"Timeline of Sandwell Metropolitan Borough Council drawn to {out}"]
    assert out.stat().st_size > 20_000
    if suffix == ".png":
        from PIL import Image, ImageStat

        browser.OUTPUT_DIR.mkdir(exist_ok=True)
        (browser.OUTPUT_DIR / "timeline-sandwell.png").write_bytes(out.read_bytes())
        img = Image.open(out).convert("L")
        assert img.width >= 800 and img.height >= 400
        assert ImageStat.Stat(img).stddev[0] > 10  # not blank
    else:
        html = out.read_text(encoding="utf-8")
        people = {t["person"] for t in ask("timeline", "Sandwell")["tenures"]}
        assert people and all(p in html for p in people)
    r = cli("timeline", "Sandwell", "--out", str(tmp_path / "x.svg"))
    assert r.exit_code == 2
