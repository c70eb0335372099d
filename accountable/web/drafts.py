"""Review drafts in the browser: draft an article from the facts folder's `sources/`, accept,
edit or reject each record, and save the accepted ones as one facts file.

Saving validates the facts folder with the new file in a private copy first (the same
`read_seeds` as `accountable validate`), writes nothing when anything is wrong, never
overwrites a file, refuses when the folder changed since the page was drawn, and then syncs
the store as `accountable load` does (`graph.sync.load_facts`).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import yaml
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from accountable.graph.model import SCHEMA, Prop, load_model
from accountable.graph.paths import is_bundled
from accountable.web.marks import mark

if TYPE_CHECKING:
    from accountable.web.app import Site

DECISIONS = ("accept", "edit", "reject")
ENTITY_KEYS = ("schema", "id")
_IGNORE = shutil.ignore_patterns(".*", "__pycache__", "__init__.py")


class _Dumper(yaml.SafeDumper):
    """Plain block YAML; strings that would read as dates or numbers come out quoted."""


def _sources_dir(root: Path) -> Path:
    return (root / "sources").resolve()


def inside(root: Path, rel: str) -> Path | None:
    """`rel` as a path inside `root`, or None when it would leave it."""
    if not rel or "\0" in rel:
        return None
    path = (root / rel).resolve()
    return path if path.is_relative_to(root.resolve()) else None


def articles(root: Path) -> list[dict[str, Any]]:
    """Every .txt under sources/, and the Source record that names it (if any)."""
    from accountable.loaders.validate import read_seeds

    known = read_seeds(root) if (root / "sources.yaml").exists() else None
    by_file = {}
    if known:
        by_file = {r.data.get("file"): r for r in known.records if r.schema.name == SCHEMA.source}
    out = []
    folder = _sources_dir(root)
    for p in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
        rel = p.relative_to(root.resolve()).as_posix()
        rec = by_file.get(rel)
        out.append({"file": rel, "source": rec.id if rec else None,
                    "title": rec.data.get("title") if rec else None})
    return out


def _fields(schema_name: str) -> list[Prop]:
    """The properties a person edits in a form: every property but the citations and the
    involvement list (kept as drafted)."""
    model = load_model()
    schema = model.schemata[schema_name]
    return [p for p in schema.props.values() if p.base not in ("involvement",)]


def _choices(prop: Prop) -> list[str] | None:
    return load_model().vocab(prop.arg) if prop.base == "vocab" and prop.arg else None


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _from_text(prop: Prop, text: str) -> Any:
    text = text.strip()
    if text == "":
        return None
    if prop.base in ("strings", "refs"):
        return [x.strip() for x in text.split(",") if x.strip()]
    if prop.base == "int":
        try:
            return int(text)
        except ValueError:
            return text  # the validator says what is wrong, beside the record
    if prop.base == "number":
        try:
            return float(text) if "." in text else int(text)
        except ValueError:
            return text
    return text


def draft(root: Path, rel: str, published: str | None) -> dict[str, Any]:
    """Draft the article at `rel` against the facts in `root`; reuse its Source if the facts
    already have one for that file."""
    from accountable.loaders.draft import draft_article, read_article
    from accountable.loaders.names import EntityIndex
    from accountable.loaders.validate import read_seeds

    path = inside(root, rel)
    if path is None or not path.is_relative_to(_sources_dir(root)) or not path.is_file():
        raise FileNotFoundError(rel)
    text = read_article(path)
    known = read_seeds(root) if (root / "sources.yaml").exists() else None
    index = EntityIndex.from_seeds(known) if known else EntityIndex()
    existing_source = None
    existing: dict[str, dict[str, Any]] = {}
    if known:
        for r in known.records:
            existing[r.id] = _plain(r.data)
            if r.schema.name == SCHEMA.source and r.data.get("file") == rel:
                existing_source = r.id
    result = draft_article(text, published=published, file_name=rel, index=index, path=path)
    existing_source = existing_source or (result.source["id"] if result.source.get("existing")
                                          else None)
    records = [] if existing_source else [result.source]
    records += result.records
    return {"article": rel, "text": text, "records": records, "existing": existing,
            "source_id": existing_source or result.source["id"],
            "existing_source": existing_source}


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    """A record as written, without the reader's line bookkeeping."""
    def clean(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items() if not str(k).startswith("__")}
        if isinstance(v, list):
            return [clean(x) for x in v]
        return v
    return clean(data)


def review_items(d: dict[str, Any], form: dict[str, str] | None = None,
                 problems: dict[str, list[str]] | None = None) -> list[dict[str, Any]]:
    """What the review page shows for each drafted record."""
    items = []
    for i, rec in enumerate(d["records"]):
        schema = rec["schema"]
        fields = []
        for prop in [] if rec.get("existing") else _fields(schema):
            key = f"r{i}.f.{prop.name}"
            value = form.get(key) if form and key in form else _value_text(rec.get(prop.name))
            fields.append({"name": prop.name, "key": key, "value": value,
                           "choices": _choices(prop), "required": prop.required,
                           "long": prop.base == "text"})
        cites = []
        for j, c in enumerate(rec.get("sources") or []):
            k = f"r{i}.c{j}"
            cites.append({"key": k, "quote": form.get(f"{k}.quote", c.get("quote", ""))
                          if form else c.get("quote", ""),
                          "certainty": form.get(f"{k}.certainty", c.get("certainty"))
                          if form else c.get("certainty"),
                          "note": form.get(f"{k}.note", c.get("note") or "")
                          if form else c.get("note") or ""})
        decision = (form or {}).get(f"r{i}.decision", "reject")
        match = d["existing"].get(rec["id"])
        items.append({"i": i, "rec": rec, "schema": schema, "id": rec["id"],
                      "found_by": rec.get("found_by"), "existing": bool(rec.get("existing")),
                      "match": yaml.dump(match, Dumper=_Dumper, sort_keys=False,
                                         allow_unicode=True, width=90) if match else None,
                      "fields": fields, "cites": cites, "decision": decision,
                      "involved": rec.get("involved"),
                      "problems": (problems or {}).get(rec["id"], [])})
    return items


def apply(d: dict[str, Any], form: dict[str, str]) -> list[dict[str, Any]]:
    """The records to write: accepted ones as drafted, edited ones with the form's values,
    rejected ones left out; `draft: true` removed from every one."""
    out = []
    for i, rec in enumerate(d["records"]):
        decision = form.get(f"r{i}.decision", "reject")
        if decision not in DECISIONS or decision == "reject":
            continue
        new = {k: v for k, v in rec.items() if k != "draft"}
        if decision == "edit":
            for prop in _fields(rec["schema"]):
                key = f"r{i}.f.{prop.name}"
                if key not in form:
                    continue
                value = _from_text(prop, form[key])
                if value is None:
                    new.pop(prop.name, None)
                else:
                    new[prop.name] = value
            cites = []
            for j, c in enumerate(rec.get("sources") or []):
                k = f"r{i}.c{j}"
                if form.get(f"{k}.drop"):
                    continue
                item = dict(c)
                for part in ("quote", "certainty", "note"):
                    if f"{k}.{part}" in form:
                        value = form[f"{k}.{part}"].strip()
                        if value:
                            item[part] = value
                        else:
                            item.pop(part, None)
                cites.append(item)
            if "sources" in rec:
                new["sources"] = cites
        # schema and id first, then the model's properties in its order, citations last
        order = [*ENTITY_KEYS, *load_model().schemata[rec["schema"]].props]
        ordered = {k: new[k] for k in order if k in new}
        ordered.update({k: v for k, v in new.items() if k not in ordered and k != "sources"})
        if "sources" in new:
            ordered["sources"] = new["sources"]
        out.append(ordered)
    return out


def to_yaml(records: list[dict[str, Any]], article: str) -> str:
    head = (f"# Reviewed in `accountable serve` from {article}: each record below was accepted\n"
            "# or edited by a person ('found_by' names the drafting rule that proposed it).\n\n")
    body = "".join(yaml.dump([r], Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                             width=100) + "\n" for r in records)
    return head + body


def target_name(root: Path, article: str) -> Path:
    """facts/reviewed-<article>.yaml, or -2, -3... : never a file that exists."""
    stem = re.sub(r"[^a-z0-9]+", "-", Path(article).stem.lower()).strip("-") or "article"
    folder = root / "facts"
    path = folder / f"reviewed-{stem}.yaml"
    n = 2
    while path.exists():
        path = folder / f"reviewed-{stem}-{n}.yaml"
        n += 1
    return path


def check(root: Path, rel_target: str, text: str) -> list[Any]:
    """Validate the facts folder with `text` as `rel_target`, in a private copy."""
    from accountable.loaders.validate import read_seeds

    with tempfile.TemporaryDirectory(prefix="accountable-review-") as tmp:
        copy = Path(tmp) / root.name
        shutil.copytree(root, copy, ignore=_IGNORE)
        (copy / rel_target).parent.mkdir(parents=True, exist_ok=True)
        (copy / rel_target).write_text(text, encoding="utf-8")
        return read_seeds(copy).problems


def paste_name(root: Path, text: str, name: str) -> Path:
    """sources/<name>-<digest>.txt for a pasted text (the same text twice: the same file)."""
    stem = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "pasted"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return root / "sources" / f"{stem}-{digest}.txt"


def routes(site: Site) -> list[Route]:
    from accountable.web.app import PageError, redirect, token_ok

    def writable_root() -> tuple[Path, str | None]:
        root = site.facts_root()
        if is_bundled(root):
            return root, ("The facts folder is the bundled seeds, which come with the package "
                          "and are never written to.")
        return root, None

    async def drafts_page(request: Request) -> Response:
        root, refusal = writable_root()
        return site.page("drafts.html", root=root, refusal=refusal,
                         articles=[] if refusal else articles(root), title="Drafts")

    async def paste(request: Request) -> Response:
        form = await request.form()
        if not token_ok(site.config, request, form):
            raise PageError(403, "refused: this write did not come from a page of this server "
                                 "(missing or wrong token)")
        root, refusal = writable_root()
        if refusal:
            raise PageError(403, refusal + " Start a folder with `accountable init` and "
                                           "serve it with --seeds.")
        text = str(form.get("text") or "").replace("\r\n", "\n")
        if not text.strip():
            raise PageError(400, "the pasted text is empty")
        path = paste_name(root, text, str(form.get("name") or "pasted"))
        if not path.resolve().is_relative_to(_sources_dir(root)):
            raise PageError(400, "that name leaves the facts folder's sources/")
        if path.exists() and path.read_text(encoding="utf-8") != text:
            raise PageError(409, f"{path.name} exists with other text; nothing was written")
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8") as f:
                f.write(text)
        rel = path.resolve().relative_to(root.resolve()).as_posix()
        query = {"article": rel}
        if str(form.get("published") or "").strip():
            query["published"] = str(form.get("published")).strip()
        return redirect("/drafts/review?" + urlencode(query))

    def _review(request: Request, root: Path, rel: str, published: str | None,
                form: dict[str, str] | None = None, problems: dict[str, list[str]] | None = None,
                general: list[str] | None = None, message: str | None = None,
                status: int = 200, saved: dict[str, Any] | None = None) -> Response:
        from accountable.graph.sync import facts_digest

        try:
            d = draft(root, rel, published)
        except (FileNotFoundError, OSError):
            near = [a["file"] for a in articles(root)]
            import difflib

            raise PageError(404, f"no article {rel!r} in {root}/sources",
                            [(n, f"/drafts/review?article={n}")
                             for n in difflib.get_close_matches(rel, near, n=5, cutoff=0.3)]
                            ) from None
        items = review_items(d, form, problems)
        quotes = [(f"r{it['i']}-{k}", c["quote"]) for it in items
                  for k, c in enumerate(it["cites"])]
        pieces, missing = mark(d["text"], quotes)
        return site.page("review.html", status=status, d=d, items=items, pieces=pieces,
                         missing=missing, published=published or "", root=root,
                         digest=facts_digest(root), general=general or [], message=message,
                         saved=saved, decisions=DECISIONS, title=f"Review {rel}")

    async def review(request: Request) -> Response:
        root, refusal = writable_root()
        if refusal:
            return site.page("drafts.html", root=root, refusal=refusal, articles=[],
                             title="Drafts")
        rel = request.query_params.get("article", "")
        published = request.query_params.get("published") or None
        if published:
            from accountable.graph.dates import DateError, parse_prefix

            try:
                parse_prefix(published)
            except DateError as e:
                raise PageError(400, f"published={published!r}: {e}") from None
        return _review(request, root, rel, published)

    async def save(request: Request) -> Response:
        form_data = await request.form()
        if not token_ok(site.config, request, form_data):
            raise PageError(403, "refused: this write did not come from a page of this server "
                                 "(missing or wrong token); nothing was written")
        root, refusal = writable_root()
        if refusal:
            raise PageError(403, refusal + " Nothing was written.")
        form = {k: str(v) for k, v in form_data.items()}
        rel = form.get("article", "")
        published = form.get("published") or None
        if inside(root, rel) is None:
            raise PageError(400, f"{rel!r} is not inside the facts folder; nothing was written")
        if published:
            from accountable.graph.dates import DateError, parse_prefix

            try:
                parse_prefix(published)
            except DateError as e:
                raise PageError(400, f"published={published!r}: {e}") from None
        with site.config.lock:  # one save at a time: check, write and load together
            return _save(request, root, rel, published, form)

    def _save(request: Request, root: Path, rel: str, published: str | None,
              form: dict[str, str]) -> Response:
        from accountable.graph.sync import facts_digest, load_facts

        try:
            d = draft(root, rel, published)
        except (FileNotFoundError, OSError):
            raise PageError(404, f"no article {rel!r} in {root}/sources; nothing was written"
                            ) from None
        if form.get("digest") != facts_digest(root):
            return _review(request, root, rel, published, form=form, status=409,
                           message="The facts folder changed on disk since this page was "
                                   "drawn; nothing was written. The draft below is against the "
                                   "facts as they are now, with your choices kept: check it "
                                   "and save again.")
        records = apply(d, form)
        if not records:
            return _review(request, root, rel, published, form=form, status=400,
                           message="Nothing is accepted, so nothing was written.")
        target = target_name(root, rel)
        rel_target = target.relative_to(root).as_posix()
        text = to_yaml(records, rel)
        problems = check(root, rel_target, text)
        if problems:
            by_record: dict[str, list[str]] = {}
            general = []
            ids = {r["id"] for r in records}
            for p in problems:
                line = f"{p.field + ': ' if p.field else ''}{p.message}. Fix: {p.fix}"
                if p.record in ids and p.file.endswith(rel_target):
                    by_record.setdefault(p.record, []).append(line)
                else:
                    general.append(str(p))
            return _review(request, root, rel, published, form=form, problems=by_record,
                           general=general, status=400,
                           message=f"{len(problems)} problem(s): nothing was written. Each is "
                                   "shown beside its record.")
        with open(target, "x", encoding="utf-8") as f:  # never overwrite
            f.write(text)
        with site.graph() as g:
            ds, counts = load_facts(g.store, root)
        saved = {"file": rel_target, "records": len(records), "nodes": ds.node_count,
                 "relationships": ds.rel_count, "ids": [r["id"] for r in records]}
        return site.page("saved.html", saved=saved, root=root, records=records,
                         title="Saved")

    return [
        Route("/drafts", drafts_page),
        Route("/drafts/paste", paste, methods=["POST"]),
        Route("/drafts/review", review),
        Route("/drafts/save", save, methods=["POST"]),
    ]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
