"""`accountable serve`: the JSON API against the CLI's --json, the pages in Chromium, draft
review on a copy of the seeds, and the write guards (token, validation, changes on disk).

Each server runs in a thread on a free 127.0.0.1 port over a private embedded store.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from accountable.loaders.validate import normalise, read_seeds

import accountable
from tests import browser
from tests.conftest import Cli, invoke

INSPECTION = "inspection:sandwell:2013-02"
ARTICLE = "sources/000_705ea78edc362d00.txt"  # Sandwell, January 2015
REVIEWED = "sources/001_68e88deebee22c0c.txt"  # Sandwell, 2015: a new inspection drafted


@dataclass
class Served:
    url: str
    server: Any
    thread: threading.Thread
    token: str


def _start(**config: Any) -> Served:
    import uvicorn

    from accountable.web.app import Config, create_app

    cfg = Config(**config)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(cfg), log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    return Served(f"http://127.0.0.1:{sock.getsockname()[1]}", server, thread, cfg.token)


def _stop(s: Served) -> None:
    s.server.should_exit = True
    s.thread.join(10)


@pytest.fixture(scope="module")
def site(data_dir: Path) -> Iterator[Served]:
    """The bundled seeds, on the same store as the `cli` fixture."""
    s = _start(data_dir=data_dir)
    yield s
    _stop(s)


@pytest.fixture()
def own(tmp_path: Path) -> Iterator[tuple[Served, Path, Path]]:
    """A server over a copy of the seeds made by `accountable init DIR --example`."""
    facts = tmp_path / "facts"
    r = invoke(["init", str(facts), "--example", "--json"])
    assert r.exit_code == 0, r.output
    data = tmp_path / "data"
    s = _start(data_dir=data, seeds=facts)
    yield s, facts, data
    _stop(s)


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def post(url: str, form: dict[str, str], headers: dict[str, str] | None = None
         ) -> tuple[int, str]:
    req = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(),
                                 headers=headers or {})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


# ------------------------------------------------------------------- the API is the CLI


@pytest.mark.parametrize(("api", "args"), [
    ("/api/who?org=Sandwell&on=2013-02-15", ["who", "Sandwell", "--on", "2013-02-15"]),
    (f"/api/who?org=org:sandwell&inspection={INSPECTION}",
     ["who", "org:sandwell", "--inspection", INSPECTION]),
    ("/api/person?name=Simon%20Hackett", ["person", "Simon Hackett"]),
    ("/api/timeline?org=Dudley", ["timeline", "Dudley"]),
    ("/api/query/holders_on_date?org_id=org:sandwell&from=2013-02&to=2013-03",
     ["query", "holders_on_date", "-p", "org_id=org:sandwell", "-p", "from=2013-02",
      "-p", "to=2013-03"]),
    ("/api/query/events_after_inspection?kinds=resigned,left",
     ["query", "events_after_inspection", "-p", "kinds=resigned,left"]),
])
def test_api_is_byte_for_byte_the_cli_json(site: Served, cli: Cli, api: str,
                                           args: list[str]) -> None:
    r = cli(*args, "--json")
    assert r.exit_code == 0, r.output
    status, body = get(site.url + api)
    assert status == 200, body[:300]
    assert body.decode("utf-8") == r.stdout
    assert json.loads(body)  # a real answer, not an empty one


def test_search_finds_names_aliases_and_near_misses(site: Served) -> None:
    for q in ("hackett", "Hacket", "Cllr Hackett"):
        hits = json.loads(get(site.url + "/api/search?q=" + urllib.parse.quote(q))[1])
        assert hits["results"][0]["id"] == "person:simon-hackett", (q, hits)
    near = json.loads(get(site.url + "/api/search?q=Sandwel%20Metropolitan")[1])
    assert near["results"] == []
    assert near["suggestions"][0]["id"] == "org:sandwell"
    kinds = {r["kind"] for r in json.loads(get(site.url + "/api/search?q=sandwell")[1])
             ["results"]}
    assert {"council", "post", "safeguarding_board"} <= kinds
    contractors = json.loads(get(site.url + "/api/search?q=impower")[1])["results"]
    assert [r["kind"] for r in contractors] == ["contractor"]
    status = json.loads(get(site.url + "/api/status")[1])
    assert status["state"] == "up to date" and status["counts"]["Person"] > 5


def test_bad_ids_and_parameters_get_a_page_with_the_closest_matches(site: Served) -> None:
    status, body = get(site.url + "/org/org:sandwel")
    page = body.decode()
    assert status == 404 and 'href="/org/org:sandwell"' in page and "404: not found" in page
    status, body = get(site.url + "/person/Hacket")
    assert status == 404 and 'href="/person/person:simon-hackett"' in body.decode()
    status, body = get(site.url + "/inspection/inspection:sandwell:2013-03")
    assert status == 404 and f'href="/inspection/{INSPECTION}"' in body.decode()
    status, body = get(site.url + "/org/org:sandwell?on=2013-13")
    assert status == 400 and "2013-13" in body.decode()
    status, body = get(site.url + "/api/who?org=Sandwell&on=2013-13")
    assert status == 400 and "error" in json.loads(body)
    status, body = get(site.url + "/api/query/holders_on_dat")
    assert status == 404 and "holders_on_date" in json.loads(body)["error"]
    status, body = get(site.url + "/query?name=holders_on_date&run=1&org_id=org:sandwell"
                                  "&from=never&to=2013")
    assert status == 200 and 'class="problem"' in body.decode()
    for path in ("/org/org:sandwel", "/api/who?org=Sandwell&on=2013-13", "/source/source:9",
                 "/drafts/review?article=../../etc/passwd"):
        assert b"Traceback" not in get(site.url + path)[1]


def test_every_name_on_the_pages_links_to_its_page(site: Served) -> None:
    org = get(site.url + "/org/org:sandwell?on=2013-02-15")[1].decode()
    for link in ('href="/person/person:simon-white"', 'href="/post/post:sandwell:dcs"',
                 f'href="/inspection/{INSPECTION}"', 'href="/source/source:002'):
        assert link in org, link
    assert "no known holder" in org  # gaps are shown, not hidden
    ins = get(site.url + f"/inspection/{INSPECTION}")[1].decode()
    assert 'href="/org/org:sandwell"' in ins and 'href="/person/person:bob-badham"' in ins
    csv_text = get(site.url + "/query/holders_on_date.csv?org_id=org:sandwell&from=2013-02"
                              "&to=2013-03")[1].decode()
    assert csv_text.splitlines()[0].startswith("post_id,post,") and "Simon White" in csv_text


def test_bundled_seeds_are_never_written(site: Served) -> None:
    page = get(site.url + "/drafts")[1].decode()
    assert "accountable init" in page and "--seeds" in page and 'id="bundled"' in page
    status, body = post(site.url + "/drafts/paste", {"token": site.token, "name": "x",
                                                     "text": "Some text."})
    assert status == 403 and "bundled" in body


# ------------------------------------------------------------------- write guards


def _review_form(s: Served, article: str = ARTICLE) -> tuple[str, dict[str, str],
                                                            dict[str, str]]:
    page = get(s.url + "/drafts/review?article=" + article)[1].decode()
    form = {k: v for k, v in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"',
                                        page)}
    ids = dict((i, r) for r, i in re.findall(
        r'<fieldset class="record[^"]*" id="(r\d+)" data-id="([^"]+)"', page))
    return page, form, ids


def test_a_write_without_the_token_is_refused(own: tuple[Served, Path, Path]) -> None:
    s, facts, _ = own
    before = sorted(p.name for p in (facts / "facts").iterdir())
    _, form, ids = _review_form(s)
    form[f"{ids['person:simon-hackett']}.decision"] = "accept"
    for bad in ({**form, "token": ""}, {**form, "token": "x" * 43},
                {k: v for k, v in form.items() if k != "token"}):
        status, body = post(s.url + "/drafts/save", bad)
        assert status == 403 and "token" in body
    status, _ = post(s.url + "/drafts/save", form,
                     headers={"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert status == 403
    status, _ = post(s.url + "/drafts/paste", {"name": "x", "text": "Some text."})
    assert status == 403
    assert sorted(p.name for p in (facts / "facts").iterdir()) == before
    assert sorted(p.name for p in (facts / "sources").iterdir()) == sorted(
        p.name for p in (browser.REPO_ROOT / "seeds" / "sources").glob("*.txt"))


def test_a_folder_changed_on_disk_since_the_page_is_never_overwritten(
        own: tuple[Served, Path, Path]) -> None:
    s, facts, _ = own
    _, form, ids = _review_form(s)
    form[f"{ids['person:simon-hackett']}.decision"] = "accept"
    extra = facts / "facts" / "sandwell.yaml"
    extra.write_text(extra.read_text(encoding="utf-8") + "\n# edited elsewhere\n",
                     encoding="utf-8")
    status, body = post(s.url + "/drafts/save", form)
    assert status == 409 and "changed on disk" in body
    assert not list((facts / "facts").glob("reviewed-*"))
    assert f'name="{ids["person:simon-hackett"]}.decision" value="accept" checked' in body


def test_paths_outside_the_facts_folder_are_refused(own: tuple[Served, Path, Path]) -> None:
    s, facts, _ = own
    status, _ = get(s.url + "/drafts/review?article=../../../etc/passwd")
    assert status == 404
    _, form, _ = _review_form(s)
    status, _ = post(s.url + "/drafts/save", {**form, "article": "../outside.txt"})
    assert status == 400
    status, body = post(s.url + "/drafts/save", {**form, "article": "sources/missing.txt"})
    assert status == 404 and "nothing was written" in body
    status, body = post(s.url + "/drafts/paste", {"token": s.token, "name": "../../evil",
                                                  "text": "An article."})
    assert status == 303 or status == 200
    assert not (facts.parent / "evil.txt").exists()
    assert all(p.parent == facts / "sources" for p in facts.rglob("*evil*"))


# ------------------------------------------------------------------- in Chromium


def _visit(driver: Any, url: str, ready_js: str | None = None) -> list[str]:
    """Open `url`, wait for `ready_js`, return the requests that left 127.0.0.1."""
    browser._drain_logs(driver)
    driver.get(url)
    if ready_js:
        deadline = time.monotonic() + 30
        while not driver.execute_script(ready_js):
            assert time.monotonic() < deadline, f"not ready: {ready_js}"
            time.sleep(0.1)
    time.sleep(0.3)
    out = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            params = message["params"]
            if params.get("documentURL", "").startswith(("chrome://", "chrome-untrusted://")):
                continue
            u = params["request"]["url"]
            if not u.startswith(("http://127.0.0.1:", "data:", "blob:", "about:")):
                out.append(u)
    errors = [e["message"] for e in driver.get_log("browser")
              if e.get("level") in ("SEVERE", "ERROR")
              and not e["message"].startswith(url.split("#")[0] + " ")]  # a 404 page's own
    assert errors == [], errors
    return out


def _click_link(driver: Any, css: str) -> None:
    el = driver.find_element("css selector", css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()


@browser.requires_browser
def test_search_person_source_quote_is_marked(site: Served, ask: Callable[..., Any]) -> None:
    with browser.chromium() as driver:
        assert _visit(driver, site.url + "/") == []
        browser.screenshot(driver, "serve-home.png")
        box = driver.find_element("id", "q")
        box.send_keys("hackett")
        box.submit()
        time.sleep(0.5)
        browser.screenshot(driver, "serve-search-hackett.png")
        _click_link(driver, "ul.hits a[href='/person/person:simon-hackett']")
        time.sleep(0.5)
        assert driver.current_url.endswith("/person/person:simon-hackett")
        browser.screenshot(driver, "serve-person-hackett.png")
        record = ask("person", "Simon Hackett")
        tenure = record["tenures"][0]
        quote = tenure["sources"][0]["quote"]
        _click_link(driver, f"article[id='{tenure['tenure_id']}'] ul.quotes a.src")
        time.sleep(0.5)
        assert f"/source/{tenure['sources'][0]['source']}" in driver.current_url
        marks = driver.execute_script(
            "return Array.from(document.querySelectorAll('mark.focus')).map("
            "function (m) { return m.textContent; }).join('')")
        assert normalise(quote) in normalise(marks)
        # each mark links to the facts citing it, listed beside the text
        first = driver.find_element("css selector", "mark.focus a")
        target = first.get_attribute("href").split("#", 1)[1]
        fact = driver.find_element("id", target)
        assert fact.get_attribute("data-id") == tenure["tenure_id"] or \
            tenure["tenure_id"] in driver.execute_script(
                "return Array.from(document.querySelectorAll('li.fact.focus')).map("
                "function (l) { return l.dataset.id; })")
        browser.screenshot(driver, "serve-source-marked.png")
        for path, name in (("/query?name=holders_on_date&run=1&org_id=org:sandwell"
                            "&from=2013-02&to=2013-03#answer", "serve-query.png"),
                           (f"/inspection/{INSPECTION}", "serve-inspection.png"),
                           ("/post/post:sandwell:dcs", "serve-post.png"),
                           ("/drafts", "serve-drafts-bundled.png"),
                           ("/org/org:sandwel", "serve-404.png")):
            assert _visit(driver, site.url + path) == []
            browser.screenshot(driver, name)


MAP_READY = ("var f = document.getElementById('map');"
             "return !!(f && f.contentWindow && f.contentWindow.__stabilized === true);")


def _who_rows(driver: Any) -> set[tuple[str, str]]:
    return {(r["t"], r["s"]) for r in driver.execute_script(
        "return Array.from(document.querySelectorAll('#who tr.holder')).map(function (r) {"
        "  return {t: r.dataset.tenure, s: r.dataset.status}; })")}


def _wait(driver: Any, js: str, *args: Any) -> None:
    deadline = time.monotonic() + 15
    while not driver.execute_script(js, *args):
        assert time.monotonic() < deadline, js
        time.sleep(0.1)


@browser.requires_browser
def test_the_slider_on_the_org_page_highlights_whoever_who_names(
        site: Served, ask: Callable[..., Any]) -> None:
    with browser.chromium() as driver:
        assert _visit(driver, site.url + "/org/org:sandwell?on=2013-02-15", MAP_READY) == []
        for day in ("2013-02-15", "2014-06-01"):
            if day != "2013-02-15":  # drag the slider inside the map, as a person does
                driver.switch_to.frame(driver.find_element("id", "map"))
                driver.execute_script(
                    "var s = document.getElementById('date-slider');"
                    "var lo = new Date(s.dataset.lo + 'T00:00:00Z');"
                    "s.value = String(Math.round((new Date(arguments[0] + 'T00:00:00Z') - lo)"
                    " / 864e5)); s.dispatchEvent(new Event('input'));", day)
                driver.switch_to.default_content()
                _wait(driver, "return document.getElementById('who').dataset.day === "
                              "arguments[0]", day)
            who = ask("who", "Sandwell", "--on", day)
            expected = {(h["tenure_id"], h["status"]) for h in who["holders"]}
            assert expected and _who_rows(driver) == expected
            driver.switch_to.frame(driver.find_element("id", "map"))
            state = driver.execute_script("return window.accountable.state()")
            assert state["date"] == day
            assert {(a["id"], a["status"]) for a in state["active"]
                    if a["fact"] == "Tenure"} == expected
            lit = driver.execute_script(
                "return network.body.data.nodes.get({filter: function (n) {"
                "  return n.kind === 'Person' && (n.opacity === undefined || n.opacity === 1);"
                "}}).map(function (n) { return n.id; })")
            assert set(lit) == {h["person_id"] for h in who["holders"]}
            driver.switch_to.default_content()
            assert driver.current_url.endswith(f"?on={day}")
            browser.screenshot(driver, f"serve-org-sandwell-{day}.png")


def _decide(driver: Any, rid: str, decision: str) -> None:
    radio = driver.find_element("css selector", f"input[name='{rid}.decision'][value='{decision}']")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", radio)
    radio.click()


def _field(driver: Any, rid: str, name: str, value: str) -> None:
    el = driver.find_element("css selector", f"[name='{rid}.f.{name}']")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.clear()
    el.send_keys(value)


@browser.requires_browser
def test_a_draft_reviewed_in_the_page_is_saved_validated_and_answers(
        own: tuple[Served, Path, Path]) -> None:
    s, facts, data = own
    env = {"ACCOUNTABLE_DATA": str(data)}

    def timeline() -> dict[str, Any]:
        r = invoke(["timeline", "Sandwell", "--seeds", str(facts), "--json"], env)
        assert r.exit_code == 0, r.output
        return json.loads(r.stdout)

    # Drafted against the facts that already hold it, a seed article's people, posts,
    # tenures and events are existing records; what is new (here an inspection the drafter
    # read with another grade, and its judgement) is what the review decides on.
    draft = accountable.draft(facts / REVIEWED, seeds=facts)
    fresh = [r for r in draft["records"] if not r.get("existing")]
    new_inspection = next(r["id"] for r in fresh if r["schema"] == "Inspection")
    new_judgement = next(r["id"] for r in fresh if r["schema"] == "Judgement"
                         and r["inspection"] == new_inspection)
    rejected = next(r["id"] for r in fresh if r["schema"] not in ("Inspection", "Judgement"))
    known_person = next(r["id"] for r in draft["records"]
                        if r.get("existing") and r["schema"] == "Person")
    before = timeline()
    assert new_inspection not in {i["id"] for i in before["inspections"]}
    with browser.chromium() as driver:
        assert _visit(driver, s.url + "/drafts") == []
        browser.screenshot(driver, "serve-drafts.png")
        _click_link(driver, f"input[value='{REVIEWED}']")
        driver.find_element("css selector", "form.pick button").click()
        time.sleep(1)
        assert "/drafts/review" in driver.current_url
        ids = {fs.get_attribute("data-id"): fs.get_attribute("id")
               for fs in driver.find_elements("css selector", "fieldset.record")}
        assert {new_inspection, new_judgement, rejected, known_person} <= set(ids)
        # each record's quote is highlighted in the article beside it
        marked = driver.execute_script(
            "return document.querySelectorAll('mark[data-records]').length")
        assert marked >= len(ids) // 2
        # an invalid edit writes nothing: the problem is shown beside its record
        _field(driver, ids[new_inspection], "start", "2015-14")
        assert driver.find_element(
            "css selector",
            f"input[name='{ids[new_inspection]}.decision'][value='edit']").is_selected()
        driver.find_element("css selector", "button.save").click()
        time.sleep(1)
        problems = driver.find_element("css selector",
                                       f"#{ids[new_inspection]} ul.problems").text
        assert "start" in problems
        assert not list((facts / "facts").glob("reviewed-*"))
        browser.screenshot(driver, "serve-review-invalid.png")
        # accept some, edit one, reject one (every other record stays rejected)
        _field(driver, ids[new_inspection], "start", "2015-01-14")
        _decide(driver, ids[known_person], "accept")
        _decide(driver, ids[new_judgement], "accept")
        _decide(driver, ids[rejected], "reject")
        assert driver.find_element(
            "css selector",
            f"input[name='{ids[new_inspection]}.decision'][value='edit']").is_selected()
        browser.screenshot(driver, "serve-review.png")
        driver.find_element("css selector", "button.save").click()
        time.sleep(1.5)
        assert "records written" in driver.find_element("id", "saved").text
        browser.screenshot(driver, "serve-saved.png")
    (written,) = (facts / "facts").glob("reviewed-*.yaml")
    text = written.read_text(encoding="utf-8")
    assert "draft: true" not in text and f"id: {rejected}" not in text
    assert read_seeds(facts).ok
    r = invoke(["validate", "--seeds", str(facts)], env)
    assert r.exit_code == 0, r.output
    after = timeline()
    (added,) = [i for i in after["inspections"] if i["id"] == new_inspection]
    assert added["start"] == "2015-01-14"
    (judged,) = [r for r in fresh if r["id"] == new_judgement]
    assert added["judgements"] == [{"area": judged["area"], "grade": judged["grade"]}]
    assert len(after["inspections"]) == len(before["inspections"]) + 1
    # the server's own answer changed too (the load synced the store)
    api = json.loads(get(s.url + "/api/timeline?org=Sandwell")[1])
    assert api == after


@browser.requires_browser
def test_sandwells_february_2013_inspection_is_three_clicks_from_the_search_box(
        site: Served, ask: Callable[..., Any]) -> None:
    """The README's walk: type Sandwell, click Search, the council, its 2013 inspection."""
    with browser.chromium() as driver:
        driver.set_window_size(1200, 900)
        assert _visit(driver, site.url + "/") == []
        driver.find_element("id", "q").send_keys("Sandwell")
        driver.find_element("css selector", "form.bigsearch button").click()  # 1
        time.sleep(0.5)
        _click_link(driver, "ul.hits a[href='/org/org:sandwell']")  # 2
        _wait(driver, MAP_READY)
        _click_link(driver, f"a[href='/inspection/{INSPECTION}']")  # 3
        time.sleep(0.5)
        assert driver.current_url.endswith(f"/inspection/{INSPECTION}")
        who = ask("who", "Sandwell", "--inspection", INSPECTION)
        assert _who_rows(driver) == {(h["tenure_id"], h["status"]) for h in who["holders"]}
        assert "inadequate" in driver.find_element("css selector", "p.grades").text
        browser.screenshot(driver, "serve-three-clicks-inspection.png")


def test_a_pasted_article_is_saved_to_sources_then_reviewed_into_the_graph(
        own: tuple[Served, Path, Path]) -> None:
    """A new article, none of it in the facts: paste, draft with its date, accept, answer."""
    s, facts, data = own
    text = (browser.REPO_ROOT / "tests" / "articles" / "heldout" / "h1_marlowe_bbc.txt"
            ).read_text(encoding="utf-8")
    req = urllib.request.Request(s.url + "/drafts/paste", data=urllib.parse.urlencode(
        {"token": s.token, "name": "Marlowe BBC", "text": text, "published": "2019-03-14"}
    ).encode())
    with urllib.request.urlopen(req) as r:  # redirected to the review page
        article = urllib.parse.parse_qs(urllib.parse.urlparse(r.url).query)["article"][0]
    assert (facts / article).read_text(encoding="utf-8") == text
    assert "published=2019-03-14" in r.url
    _, form, ids = _review_form(s, urllib.parse.quote(article) + "&published=2019-03-14")
    assert form["published"] == "2019-03-14" and "source:005" in ids
    for rid in ids.values():
        form[f"{rid}.decision"] = "accept"
    status, body = post(s.url + "/drafts/save", form)
    assert status == 200 and f"{len(ids)} records written" in body
    r = invoke(["who", "Marlowe", "--on", "2019-03-01", "--seeds", str(facts), "--json"],
               {"ACCOUNTABLE_DATA": str(data)})
    assert r.exit_code == 0, r.output
    dcs = [h["person"] for h in json.loads(r.stdout)["holders"] if h["post_kind"] == "dcs"]
    assert dcs == ["Gillian Ferrars"]


def test_a_load_by_another_command_is_seen_on_the_next_request(
        own: tuple[Served, Path, Path]) -> None:
    s, facts, data = own
    assert json.loads(get(s.url + "/api/person?name=person:simon-white")[1])["person"][
        "name"] == "Simon White"
    f = facts / "facts" / "sandwell.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("  name: Simon White\n",
                                                       "  name: Simon J. White\n"),
                 encoding="utf-8")
    r = invoke(["load", "--seeds", str(facts), "--json"], {"ACCOUNTABLE_DATA": str(data)})
    assert r.exit_code == 0, r.output
    after = json.loads(get(s.url + "/api/person?name=person:simon-white")[1])
    assert after["person"]["name"] == "Simon J. White"
    page = get(s.url + "/person/person:simon-white")[1].decode()
    assert "Simon J. White" in page


def test_serve_prints_its_url_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    env = {**os.environ, "ACCOUNTABLE_DATA": str(tmp_path / "data"), "COLUMNS": "200"}
    env.pop("ACCOUNTABLE_SEEDS", None)
    proc = subprocess.Popen([sys.executable, "-m", "accountable", "serve", "--port", "0"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = line.split("serve: ", 1)[1].split(" ", 1)[0]
        assert url.startswith("http://127.0.0.1:")
        assert get(url + "api/search?q=dudley")[0] == 200
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
        invoke(["stop"], {"ACCOUNTABLE_DATA": str(tmp_path / "data")})
    assert proc.returncode == 0, err
    assert "stopped" in rest and "Traceback" not in err


def test_on_neo4j_the_api_is_the_cli_json(neo4j_env: dict[str, str | None]) -> None:
    """The same flags as the other commands: --neo4j with NEO4J_URI/USER/PASSWORD."""
    r = invoke(["load", "--neo4j", "--json"], neo4j_env)
    assert r.exit_code == 0, r.output
    s = _start(neo4j=True, uri=neo4j_env["NEO4J_URI"], user=neo4j_env["NEO4J_USER"],
               password=neo4j_env["NEO4J_PASSWORD"])
    try:
        for api, args in ((f"/api/who?org=Sandwell&inspection={INSPECTION}",
                           ["who", "Sandwell", "--inspection", INSPECTION]),
                          ("/api/person?name=Hackett", None)):
            status, body = get(s.url + api)
            if args is None:  # a part of a name: 404 with the closest match, as the CLI
                assert status == 404
                assert "Simon Hackett (person:simon-hackett)" in json.loads(body)["suggestions"]
                continue
            cli = invoke([*args, "--neo4j", "--json"], neo4j_env)
            assert cli.exit_code == 0, cli.output
            assert status == 200 and body.decode() == cli.stdout
        assert "Sandwell" in get(s.url + "/org/org:sandwell")[1].decode()
    finally:
        _stop(s)
