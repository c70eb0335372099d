"""A REAL facts folder on disk from `benchmarks.load`'s generated world: one YAML file per
council (and one for the shared records) under `facts/`, and one article text per Source
under `sources/`, holding every quote cited from it, so `accountable validate` passes.

    .venv/bin/python -m benchmarks.folder 100000 /tmp/facts-100k

Also the edits `benchmarks.user` times: one record, or 1% of the records.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

SEED = 20240601
MARK = ".benchmark-folder"  # written last: the folder is complete (hidden: not a fact)

try:
    _Dumper: Any = yaml.CSafeDumper
except AttributeError:  # PyYAML without libyaml
    _Dumper = yaml.SafeDumper


def write_folder(facts: int, dest: Path, seed: int = SEED) -> dict[str, Any]:
    """Write the world of `facts` fact records to `dest` (reused if already complete)."""
    import json

    mark = dest / MARK
    if mark.exists():
        return json.loads(mark.read_text())
    from accountable.graph.model import load_model

    from benchmarks.load import make_world

    t0 = time.perf_counter()
    world = make_world(facts, seed, load_model())
    (dest / "facts").mkdir(parents=True, exist_ok=True)
    (dest / "sources").mkdir(exist_ok=True)
    quotes: dict[str, list[str]] = defaultdict(list)
    files: dict[str, str] = {}
    records = 0
    for i, group in enumerate(world.groups):
        name = "shared" if i == 0 else f"council-{i:05d}"
        docs = []
        for rec in group:
            data = dict(rec.data)
            for cite in data.get("sources") or []:
                if isinstance(cite, dict) and cite.get("quote"):
                    quotes[cite["source"]].append(cite["quote"])
            if rec.schema.name == "Source":
                files[rec.id] = data["file"]
            docs.append(data)
        records += len(docs)
        with open(dest / "facts" / f"{name}.yaml", "w", encoding="utf-8") as f:
            yaml.dump(docs, f, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    for sid, rel in files.items():
        seen: dict[str, None] = dict.fromkeys(quotes.get(sid, []))
        body = "\n\n".join(f"Reporting for {sid}: {q}." for q in seen) or f"An article ({sid})."
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(body + "\n", encoding="utf-8")
    info = {"facts": world.facts, "records": records, "councils": world.councils[:50],
            "files": len(world.groups) + len(files), "seconds": time.perf_counter() - t0}
    mark.write_text(json.dumps(info))
    return info


_NAME = re.compile(r"^(  name: )(.+)$", re.M)


def edit_names(dest: Path, count: int, spread: bool = True) -> int:
    """Change the `name` of `count` records (people and organisations) in the council files;
    returns how many were changed. Names are never quoted, so the facts stay valid.

    `spread`: a few in every file (a bulk edit touching the whole folder: every file is read
    again). Otherwise every name in as few files as hold `count` of them (a region's councils
    corrected: the files touched are about the share of records edited)."""
    files = sorted((dest / "facts").glob("council-*.yaml"))
    per_file = max(1, -(-count // max(len(files), 1))) if spread else -1
    done = 0
    for path in files:
        if done >= count:
            break
        text = path.read_text(encoding="utf-8")
        n = min(per_file, count - done) if spread else count - done
        text, made = _NAME.subn(lambda m: f"{m.group(1)}{m.group(2).rstrip()} (ed.)", text,
                                count=n)
        path.write_text(text, encoding="utf-8")
        done += made
    return done


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("facts", type=int)
    ap.add_argument("dest", type=Path)
    args = ap.parse_args(argv)
    print(write_folder(args.facts, args.dest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
