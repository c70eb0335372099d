"""The Starlette app behind `accountable serve`: pages, the JSON API and draft review.

Each request opens the store through `accountable.open` (a millisecond on the resident
embedded server), so a load by another command, or facts changed on disk, are picked up on
the next request. Store access is serialised by one lock: the store clients are not shared
between threads.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import difflib
import hmac
import io
import re
import secrets
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

import accountable
from accountable.graph import answers
from accountable.graph import queries as canned
from accountable.graph.model import load_model
from accountable.web import queries as webq
from accountable.web.marks import mark

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


class PageError(Exception):
    """A page that cannot be shown: its HTTP status, a sentence, and the closest matches
    (as (label, href) pairs)."""

    def __init__(self, status: int, message: str,
                 suggestions: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.suggestions = suggestions or []


@dataclass
class Config:
    """How the server opens the store (the CLI's options) and its per-process write token."""

    neo4j: bool = False
    data_dir: Path | None = None
    uri: str | None = None
    user: str | None = None
    password: str | None = None
    seeds: Path | None = None
    host: str = "127.0.0.1"
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    lock: threading.RLock = field(default_factory=threading.RLock)


def href(node_id: str | None) -> str | None:
    """The page of an id: people, organisations, posts, inspections and sources have one."""
    if not node_id or ":" not in node_id:
        return None
    prefix = node_id.split(":", 1)[0]
    page = {"person": "person", "org": "org", "post": "post", "inspection": "inspection",
            "source": "source"}.get(prefix)
    return f"/{page}/{node_id}" if page else None


def words(value: Any) -> str:
    """A vocabulary word for people: `requires_improvement` -> `requires improvement`."""
    return "" if value is None else str(value).replace("_", " ")


_SUGGESTION = re.compile(r"^(?P<name>.*) \((?P<id>[a-z]+:[^)]+)\)$")


def _suggestion_links(items: list[str]) -> list[tuple[str, str]]:
    out = []
    for s in items:
        m = _SUGGESTION.match(s)
        if m and href(m.group("id")):
            out.append((s, href(m.group("id")) or ""))
        elif href(s):
            out.append((s, href(s) or ""))
        else:
            out.append((s, ""))
    return out


class Site:
    """The app's state: configuration, templates, and how a request reaches the store."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                               autoescape=select_autoescape(["html"]))
        self.env.globals.update(
            href=href, words=words, token=config.token, span_text=answers.span_text,
            possible_text=answers.possible_text,
            tenure_span=lambda h: answers.span_text({**h, **(h.get("bounds") or {})}),
            tenure_possible=lambda h: answers.possible_text({**h, **(h.get("bounds") or {})}))
        self.env.filters["words"] = words

    @contextlib.contextmanager
    def graph(self, autoload: bool = True) -> Iterator[accountable.Graph]:
        c = self.config
        with c.lock, accountable.open(neo4j=c.neo4j, data_dir=c.data_dir, uri=c.uri,
                                      user=c.user, password=c.password, seeds=c.seeds,
                                      autoload=autoload,
                                      notify=lambda line: print(line, file=sys.stderr)) as g:
            yield g

    def facts_root(self) -> Path:
        from accountable.graph.sync import facts_root

        with self.graph() as g:
            return Path(facts_root(g.store, self.config.seeds)).resolve()

    def page(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(**context)
        return HTMLResponse(html, status_code=status)


# --------------------------------------------------------------------- helpers


def _param(request: Request, name: str, required: bool = True) -> str | None:
    value = request.query_params.get(name)
    if value is not None:
        value = value.strip()
    if required and not value:
        raise PageError(400, f"this page needs the parameter {name}=...")
    return value or None


def _check_day(value: str | None) -> None:
    if value is None:
        return
    from accountable.graph.dates import DateError, parse_prefix

    try:
        parse_prefix(value)
    except DateError as e:
        raise PageError(400, f"on={value!r}: {e}") from None


def search(store: Any, q: str, limit: int = 30) -> dict[str, Any]:
    """People, organisations (councils, contractors, ...) and posts whose id, name or alias
    contains `q`, case-insensitively; with none, the closest names as the CLI suggests them
    (the names of `graph.answers.resolve`, the same difflib cut-off)."""
    key = q.strip().casefold()
    rows: list[dict[str, Any]] = []
    for r in canned.run(store, "people"):
        rows.append({"id": r["id"], "name": r["name"], "kind": "person",
                     "names": answers._names(r), "detail": ", ".join(r.get("aliases") or [])})
    for r in canned.run(store, "organisations"):
        rows.append({"id": r["id"], "name": r["name"], "kind": r["kind"] or "organisation",
                     "names": answers._names(r), "detail": ", ".join(r.get("aliases") or [])})
    for r in webq.run(store, webq.POSTS):
        rows.append({"id": r["id"], "name": r["title"], "kind": "post",
                     "names": answers._names({"id": r["id"], "name": r["title"]}),
                     "detail": r["organisation"]})
    if not key:
        return {"query": q, "results": [], "suggestions": []}

    def rank(r: dict[str, Any]) -> tuple[int, str]:
        names = [n.casefold() for n in r["names"]]
        exact = key in names
        return (0 if exact else 1 if any(n.startswith(key) for n in names) else 2, r["name"])

    hits = sorted((r for r in rows if any(key in n.casefold() for n in r["names"])), key=rank)
    suggestions: list[dict[str, Any]] = []
    if not hits:
        labels = {n.casefold(): r for r in rows for n in r["names"]}
        for n in difflib.get_close_matches(key, list(labels), n=8, cutoff=0.5):
            r = labels[n]
            if all(s["id"] != r["id"] for s in suggestions):
                suggestions.append(r)
    clean = [{"id": r["id"], "name": r["name"], "kind": r["kind"], "detail": r["detail"]}
             for r in hits[:limit]]
    near = [{"id": r["id"], "name": r["name"], "kind": r["kind"], "detail": r["detail"]}
            for r in suggestions]
    return {"query": q, "results": clean, "suggestions": near}


def _councils(store: Any) -> list[dict[str, Any]]:
    out = []
    for o in canned.run(store, "organisations"):
        if o["kind"] != "council":
            continue
        ins = canned.run(store, "org_inspections", {"org_id": o["id"]})
        judged = [i for i in ins if any(j.get("area") for j in i["judgements"])]
        latest = judged[-1] if judged else None
        grade = None
        if latest:
            js = answers._judgements(latest["judgements"])
            grade = js[0] if js else None
        out.append({"id": o["id"], "name": o["name"], "latest": latest, "grade": grade,
                    "inspections": len(ins)})
    return out


def _gaps(timeline: dict[str, Any], posts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each post of the organisation with its holders in order and the periods between them
    that no source covers ("no known holder": not known, not "nobody")."""
    model = load_model()
    shared = set(model.shared_post_kinds)
    lo = min((d for d in _dates(timeline)), default=None)
    hi = max((d for d in _dates(timeline)), default=None)
    out = []
    for p in posts:
        tenures = sorted((t for t in timeline["tenures"] if t.get("post_id", p["id"]) == p["id"]
                          and t["post"] == p["title"]),
                         key=lambda t: (t["span_from"] or "", t["tenure_id"]))
        rows: list[dict[str, Any]] = []
        reach: str | None = lo  # covered (possibly) up to here
        open_start = False
        for t in tenures:
            start = t["span_from"]
            if p["kind"] not in shared and start and reach and start > _next_day(reach):
                rows.append({"gap": True, "from": _next_day(reach), "to": start})
            rows.append({"gap": False, "tenure": t})
            if t["span_to"] is None:
                open_start = True
                reach = None
                break
            reach = max(reach or t["span_to"], t["span_to"])
        if (not open_start and p["kind"] not in shared and hi and reach and reach < hi) or \
                not tenures:
            rows.append({"gap": True, "from": _next_day(reach) if tenures and reach else lo,
                         "to": hi})
        out.append({"post": p, "rows": rows})
    return out


def _dates(timeline: dict[str, Any]) -> Iterator[str]:
    for e in timeline["entries"]:
        if e.get("date"):
            yield e["date"]
    for t in timeline["tenures"]:
        if t.get("span_to"):
            yield t["span_to"]


def _next_day(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def _default_day(timeline: dict[str, Any]) -> str:
    """The page opens on the latest inspection's first day (as the map does), else today."""
    starts = sorted(i["earliest"] for i in timeline["inspections"] if i.get("earliest"))
    return starts[-1] if starts else dt.date.today().isoformat()


def _api_error(e: Exception) -> JSONResponse:
    status = 400
    suggestions: list[str] = []
    if isinstance(e, (answers.NotFound, answers.Ambiguous)):
        status = 404 if isinstance(e, answers.NotFound) else 400
        suggestions = e.suggestions
    return JSONResponse({"error": str(e), "suggestions": suggestions}, status_code=status)


def _json(value: Any) -> Response:
    return Response(accountable.to_json(value), media_type="application/json; charset=utf-8")


# --------------------------------------------------------------------- pages


def create_app(config: Config | None = None) -> Starlette:
    """The web app over the store `config` names."""
    site = Site(config or Config())
    from accountable.web import drafts

    async def index(request: Request) -> Response:
        q = request.query_params.get("q", "")
        with site.graph() as g:
            found = search(g.store, q) if q.strip() else None
            councils = _councils(g.store)
            sources = webq.run(g.store, webq.SOURCES)
        return site.page("index.html", q=q, found=found, councils=councils, sources=sources,
                         title="accountable")

    async def org_page(request: Request) -> Response:
        org_id = request.path_params["id"]
        on = _param(request, "on", required=False)
        _check_day(on)
        with site.graph() as g:
            tl: dict[str, Any] = dict(g.timeline(org_id))  # tenures gain post_id below
            day = on or _default_day(tl)
            who = g.who(tl["organisation"]["id"], on=day)
            posts = canned.run(g.store, "org_posts", {"org_id": tl["organisation"]["id"]})
            post_ids = {p["title"]: p["id"] for p in posts}
        for t in tl["tenures"]:
            t.setdefault("post_id", post_ids.get(t["post"]))
        return site.page("org.html", tl=tl, who=who, day=day, gaps=_gaps(tl, posts),
                         title=tl["organisation"]["name"])

    async def org_who(request: Request) -> Response:
        day = _param(request, "on")
        _check_day(day)
        with site.graph() as g:
            who = g.who(request.path_params["id"], on=day)
        return site.page("who_table.html", who=who, day=day)

    async def org_map(request: Request) -> Response:
        from accountable.render import subgraph
        from accountable.render.accmap import write_map_html

        with site.graph() as g:
            sub = subgraph.organisation_history(g.store, request.path_params["id"])
        title = next(n["name"] for n in sub["nodes"] if n["id"] == sub["focus"])
        return _map_page(sub, title, write_map_html)

    async def person_map(request: Request) -> Response:
        from accountable.render import subgraph
        from accountable.render.accmap import write_map_html

        with site.graph() as g:
            sub = subgraph.person_career(g.store, request.path_params["id"])
        title = next(n["name"] for n in sub["nodes"] if n["id"] == sub["focus"])
        return _map_page(sub, title, write_map_html)

    async def person_page(request: Request) -> Response:
        with site.graph() as g:
            p = g.person(request.path_params["id"])
            ids = [t["org_id"] for t in p["tenures"]]
        return site.page("person.html", p=p, title=p["person"]["name"], orgs=ids)

    async def post_page(request: Request) -> Response:
        post_id = request.path_params["id"]
        with site.graph() as g:
            found = webq.run(g.store, webq.POST, {"id": post_id})
            if not found:
                near = search(g.store, post_id.split(":")[-1].replace("_", " "))
                raise PageError(404, f"no post has the id {post_id!r}",
                                [(f"{r['name']} ({r['id']})", href(r["id"]) or "")
                                 for r in near["results"] + near["suggestions"]
                                 if r["kind"] == "post"])
            post = found[0]
            tl: dict[str, Any] = dict(g.timeline(post["org_id"]))
        posts = [{"id": post["id"], "title": post["title"], "kind": post["kind"]}]
        for t in tl["tenures"]:
            t.setdefault("post_id", post["id"] if t["post"] == post["title"] else None)
        return site.page("post.html", post=post, gaps=_gaps(tl, posts), title=post["title"])

    async def inspection_page(request: Request) -> Response:
        ins_id = request.path_params["id"]
        with site.graph() as g:
            found = canned.run(g.store, "inspection", {"inspection_id": ins_id})
            if not found:
                ids = [r["id"] for r in g.store.read(
                    "MATCH (i:Inspection) RETURN i.id AS id ORDER BY id", {})]
                near = difflib.get_close_matches(ins_id, ids, n=5, cutoff=0.5)
                raise PageError(404, f"no inspection has the id {ins_id!r}",
                                [(i, f"/inspection/{i}") for i in near])
            ins = found[0]
            who = g.who(ins["org_id"], inspection=ins_id)
            after = [e for e in canned.run(g.store, "events_after_inspection", {"kinds": []})
                     if e["inspection_id"] == ins_id]
            tl = g.timeline(ins["org_id"])
        later = [e for e in tl["entries"] if e["date"] and ins.get("window_to")
                 and e["date"] > ins["window_to"] and e["kind"] in ("event", "inspection")][:12]
        return site.page("inspection.html", ins=ins, who=who, after=after, later=later,
                         judgements=answers._judgements(ins["judgements"]),
                         title=f"Ofsted {words(ins['kind'])}, {ins['organisation']}")

    async def source_page(request: Request) -> Response:
        src_id = request.path_params["id"]
        with site.graph() as g:
            found = webq.run(g.store, webq.SOURCE, {"id": src_id})
            if not found:
                ids = [r["id"] for r in webq.run(g.store, webq.SOURCES)]
                near = difflib.get_close_matches(src_id, ids, n=5, cutoff=0.5)
                raise PageError(404, f"no source has the id {src_id!r}",
                                [(i, f"/source/{i}") for i in near])
            src = found[0]
            citing = webq.run(g.store, webq.CITING, {"id": src_id})
        root = site.facts_root()
        text = None
        path = (root / (src["file"] or "")).resolve()
        if src["file"] and path.is_relative_to(root) and path.is_file():
            text = path.read_text(encoding="utf-8")
        facts = []
        for i, c in enumerate(citing):
            facts.append({**c, "key": f"c{i}", "label": c["labels"][0] if c["labels"] else "",
                          "describe": _describe(c)})
        pieces, missing = mark(text or "", [(f["key"], f["quote"]) for f in facts])
        focus = request.query_params.get("fact")
        return site.page("source.html", src=src, text=text, pieces=pieces, facts=facts,
                         missing=missing, focus=focus,
                         focus_keys={f["key"] for f in facts if f["id"] == focus},
                         title=src["title"] or src_id)

    async def query_page(request: Request) -> Response:
        listing = accountable.list_queries()
        name = request.query_params.get("name")
        chosen = None
        rows = None
        params: dict[str, str] = {}
        error = None
        if name:
            chosen = next((q for q in listing if q["name"] == name), None)
            if chosen is None:
                near = difflib.get_close_matches(name, [q["name"] for q in listing], n=5)
                raise PageError(404, f"no canned query is called {name!r}",
                                [(n, f"/query?name={n}") for n in near])
            params = {p["name"]: request.query_params.get(p["name"], "")
                      for p in chosen["params"]}
            given = {k: v for k, v in params.items() if v != ""}
            if request.query_params.get("run"):
                try:
                    with site.graph() as g:
                        rows = g.query(name, given)
                except ValueError as e:
                    error = str(e)
        qs = urlencode({k: v for k, v in params.items() if v != ""})
        return site.page("query.html", listing=listing, chosen=chosen, rows=rows,
                         params=params, error=error, qs=qs, title="Questions",
                         cell=_cell)

    async def query_csv(request: Request) -> Response:
        name = request.path_params["name"]
        with site.graph() as g:
            rows = g.query(name, dict(request.query_params))
        buf = io.StringIO()
        if rows:
            w = csv.writer(buf)
            w.writerow(list(rows[0]))
            for r in rows:
                w.writerow([_cell(v) for v in r.values()])
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})

    # ----------------------------------------------------------------- API

    def answer(ask: Callable[[accountable.Graph], Any]) -> Response:
        """The library's answer as the CLI's --json, or a 404/400 JSON error."""
        try:
            with site.graph() as g:
                return _json(ask(g))
        except (LookupError, ValueError) as e:
            return _api_error(e)

    async def api_who(request: Request) -> Response:
        org = _param(request, "org") or ""
        on, ins = request.query_params.get("on"), request.query_params.get("inspection")
        return answer(lambda g: g.who(org, on=on, inspection=ins))

    async def api_person(request: Request) -> Response:
        return answer(lambda g: g.person(_param(request, "name") or ""))

    async def api_timeline(request: Request) -> Response:
        return answer(lambda g: g.timeline(_param(request, "org") or ""))

    async def api_query(request: Request) -> Response:
        return answer(lambda g: g.query(request.path_params["name"],
                                        dict(request.query_params)))

    async def api_search(request: Request) -> Response:
        with site.graph() as g:
            return _json(search(g.store, request.query_params.get("q", "")))

    async def api_status(request: Request) -> Response:
        """`Graph.status()`, as `accountable status --json` (which also loads nothing)."""
        with site.graph(autoload=False) as g:
            return _json(g.status())

    # ----------------------------------------------------------------- errors

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return site.page("error.html", status=exc.status_code, code=exc.status_code,
                         message=exc.detail,
                         suggestions=[], title=f"{exc.status_code}")

    async def page_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, PageError):
            status, message, sugg = exc.status, exc.message, exc.suggestions
        elif isinstance(exc, (answers.NotFound, answers.Ambiguous)):
            status = 404 if isinstance(exc, answers.NotFound) else 400
            message, sugg = str(exc), _suggestion_links(exc.suggestions)
        elif isinstance(exc, ValueError):
            status, message, sugg = 400, str(exc), []
        else:
            store = sys.modules.get("accountable.graph.store")
            if store and isinstance(exc, store.StoreUnavailable):
                status, message, sugg = 503, str(exc), []
            else:
                print(f"accountable serve: {request.url.path}: {type(exc).__name__}: {exc}",
                      file=sys.stderr)
                status, message, sugg = 500, ("something went wrong on the server "
                                              f"({type(exc).__name__}); see its console"), []
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, "suggestions": [s for s, _ in sugg]},
                                status_code=status)
        return site.page("error.html", status=status, code=status, message=message,
                         suggestions=sugg,
                         title=str(status))

    async def favicon(request: Request) -> Response:
        return Response((STATIC / "favicon.svg").read_bytes(), media_type="image/svg+xml")

    routes = [
        Route("/", index),
        Route("/favicon.ico", favicon),
        Route("/org/{id:str}", org_page),
        Route("/org/{id:str}/who", org_who),
        Route("/org/{id:str}/map", org_map),
        Route("/person/{id:str}", person_page),
        Route("/person/{id:str}/map", person_map),
        Route("/post/{id:str}", post_page),
        Route("/inspection/{id:str}", inspection_page),
        Route("/source/{id:str}", source_page),
        Route("/query", query_page),
        Route("/query/{name:str}.csv", query_csv),
        Route("/api/who", api_who),
        Route("/api/person", api_person),
        Route("/api/timeline", api_timeline),
        Route("/api/query/{name:str}", api_query),
        Route("/api/search", api_search),
        Route("/api/status", api_status),
        *drafts.routes(site),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    middleware = []
    if site.config.host in LOOPBACK:  # no DNS rebinding: only loopback names reach the app
        middleware.append(Middleware(TrustedHostMiddleware,
                                     allowed_hosts=["127.0.0.1", "localhost", "[::1]", "::1"]))
    return Starlette(routes=routes, middleware=middleware,
                     exception_handlers={HTTPException: http_error, Exception: page_error,
                                         PageError: page_error, LookupError: page_error,
                                         ValueError: page_error})


def _map_page(sub: dict[str, Any], title: str, write: Any) -> Response:
    """The map page `accountable view` writes (render.accmap), served as it is."""
    with tempfile.TemporaryDirectory(prefix="accountable-map-") as tmp:
        out = Path(tmp) / "map.html"
        write(sub, out, title=title)
        return HTMLResponse(out.read_text(encoding="utf-8"))


def _cell(v: Any) -> str:
    import json

    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return "" if v is None else str(v)


def _describe(c: dict[str, Any]) -> list[tuple[str, str | None]]:
    """A citing record as linked words: [(text, href or None), ...].

    Told apart by what the citing-records query returns for each (a tenure's person and
    post, a post's organisation, a judgement's inspection, an inspection's organisation), so
    no schema is named here; anything else is its name, or its kind in the model's words."""
    if c.get("person_id"):  # a tenure: its holder and post
        return [(c.get("person") or "?", href(c.get("person_id"))), (" holds ", None),
                (c.get("of_name") or "?", href(c.get("of_id")))]
    if c.get("in_id"):  # a post: its organisation
        return [(c.get("title") or c["id"], href(c["id"])), (" at ", None),
                (c.get("in_name") or "?", href(c.get("in_id")))]
    if c.get("inspection_id"):  # a judgement: its inspection
        return [(f"{words(c.get('area'))}: {words(c.get('grade'))}", None), (" in ", None),
                (c.get("inspection_id") or "?", href(c.get("inspection_id")))]
    if c.get("of_id"):  # an inspection: the organisation inspected
        return [(f"Ofsted {words(c.get('kind'))}", href(c["id"])), (" of ", None),
                (c.get("of_name") or "?", href(c.get("of_id")))]
    if c.get("summary") is not None:  # an event
        return [(f"{words(c.get('kind'))}: ", None), (c.get("summary") or "", None)]
    named = c.get("name") or c.get("title")
    if named:
        return [(named, href(c["id"]))]
    label = c["labels"][0] if c.get("labels") else ""
    schema = load_model().schemata.get(label)
    return [(f"{schema.label if schema else label} ", None), (c["id"], None)]


def token_ok(config: Config, request: Request, form: Any) -> bool:
    """A write needs this process's token from the page, and no cross-site origin."""
    given = str(form.get("token") or "")
    if not hmac.compare_digest(given.encode(), config.token.encode()):
        return False
    if request.headers.get("sec-fetch-site") == "cross-site":
        return False
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if origin.split("://", 1)[-1] != host:
            return False
    return True


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)
