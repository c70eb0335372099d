"""Hostile facts folders and hostile surroundings: each is one clear line, never a
traceback, a runaway or a store other users can read."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from accountable.graph import daemon
from accountable.graph.store import EmbeddedStore
from accountable.loaders.yamlio import MAX_FILE_BYTES, YamlError, read_yaml

from tests.conftest import invoke

BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def _problems(seeds: Path) -> tuple[int, list[str]]:
    result = invoke(["validate", "--seeds", str(seeds)])
    assert "Traceback" not in result.output
    return result.exit_code, [line for line in result.stderr.splitlines() if line.strip()]


def test_yaml_alias_bomb_is_refused_at_once(seeds_copy: Path) -> None:
    (seeds_copy / "facts" / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    started = time.monotonic()
    code, lines = _problems(seeds_copy)
    assert time.monotonic() - started < 20
    assert code == 1
    bomb = [line for line in lines if "bomb.yaml" in line]
    assert len(bomb) == 1 and "anchors and aliases" in bomb[0] and ":1" in bomb[0], lines


def test_an_alias_alone_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("- schema: Person\n  id: person:a\n  name: &n Ann\n- name: *n\n",
                    encoding="utf-8")
    with pytest.raises(YamlError, match="anchors and aliases") as e:
        read_yaml(path)
    assert e.value.line == 3


def test_oversized_files_are_refused_without_reading_them(seeds_copy: Path) -> None:
    big = seeds_copy / "facts" / "huge.yaml"
    with open(big, "wb") as f:  # sparse: costs no disk, and would cost 64 MiB to read
        f.truncate(MAX_FILE_BYTES + 1)
    article = sorted((seeds_copy / "sources").iterdir())[0]
    with open(article, "ab") as f:
        f.truncate(MAX_FILE_BYTES + 4096)
    code, lines = _problems(seeds_copy)
    assert code == 1
    assert [line for line in lines if "huge.yaml" in line and "refused" in line], lines
    assert [line for line in lines if article.name in line and "refused" in line], lines


def test_non_utf8_article_names_the_file_and_byte_offset(seeds_copy: Path) -> None:
    article = sorted((seeds_copy / "sources").iterdir())[1]
    data = article.read_bytes()
    cut = data.index(b" ", 200)
    article.write_bytes(data[:cut] + b"\xff" + data[cut:])
    code, lines = _problems(seeds_copy)
    assert code == 1
    hits = [line for line in lines if article.name in line]
    assert len(hits) == 1 and f"byte offset {cut}" in hits[0] and "0xff" in hits[0], lines


def test_non_utf8_yaml_names_the_byte_offset(seeds_copy: Path) -> None:
    path = seeds_copy / "facts" / "dudley.yaml"
    path.write_bytes(b"# caf\xe9\n" + path.read_bytes())
    code, lines = _problems(seeds_copy)
    assert code == 1
    assert [line for line in lines if "dudley.yaml" in line and "byte offset 5" in line], lines


KILL_SERVER_MID_LOAD = """
import json, os, signal, sys, time
from accountable.graph import store as st

real, calls = st.EmbeddedStore.write, [0]

def write(self, query, params=None):
    calls[0] += 1
    if calls[0] == 3:  # a few batches in: the server dies under the load
        pid = json.load(open(os.path.join(self.data_dir, "server.json")))["pid"]
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.3)
    return real(self, query, params)

st.EmbeddedStore.write = write
from accountable.cli import main
sys.argv = ["accountable", *sys.argv[1:]]
main()
"""


def test_server_lost_mid_load_is_one_line_and_exit_3(seeds_copy: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    args = ["--seeds", str(seeds_copy), "--data-dir", str(store_dir)]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "ACCOUNTABLE_"))}
    env["COLUMNS"] = "200"
    env["ACCOUNTABLE_WATCH"] = "0"  # no facts-folder watcher left behind (see conftest)
    try:
        first = invoke(["load", *args])
        assert first.exit_code == 0, first.output
        (seeds_copy / "facts" / "sandwell.yaml").write_text(
            (seeds_copy / "facts" / "sandwell.yaml").read_text(encoding="utf-8").replace(
                "person:simon-white", "person:simon-whyte"), encoding="utf-8")
        proc = subprocess.run([sys.executable, "-c", KILL_SERVER_MID_LOAD, "load", "--batch-size",
                               "5", *args], capture_output=True, text=True, env=env,
                              timeout=120, check=False)
        assert proc.returncode == 3, proc.stderr
        lines = [line for line in proc.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and "went away" in lines[0], proc.stderr
        # The previous facts still answer (the next command starts a new server).
        store = EmbeddedStore(store_dir, resident=True)
        try:
            ids = {r["id"] for r in store.read("MATCH (p:Person) RETURN p.id AS id")}
        finally:
            store.close()
        assert "person:simon-white" in ids and "person:simon-whyte" not in ids
    finally:
        daemon.stop(store_dir)


def test_data_folder_and_its_files_are_owner_only(seeds_copy: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    args = ["--seeds", str(seeds_copy), "--data-dir", str(store_dir)]
    try:
        result = invoke(["load", *args])
        assert result.exit_code == 0, result.output

        def loose() -> dict[str, str]:
            files = [p for p in store_dir.iterdir() if p.is_file()]
            assert {"accountable.rdb", "falkordb.log", "load.lock", "lock",
                    "server.json"} <= {p.name for p in files}
            return {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in files
                    if stat.S_IMODE(p.stat().st_mode) != 0o600}

        assert stat.S_IMODE(store_dir.stat().st_mode) == 0o700
        assert loose() == {}
        cached = [store_dir / "parsed", *(store_dir / "parsed").rglob("*")]
        assert cached and {oct(stat.S_IMODE(p.stat().st_mode)) for p in cached} <= {
            "0o700", "0o600"}
        # A folder an older version left readable is made private by the next command.
        daemon.stop(store_dir)
        os.chmod(store_dir, 0o755)
        for name in ("accountable.rdb", "falkordb.log"):
            os.chmod(store_dir / name, 0o644)
        result = invoke(["who", "org:sandwell", "--on", "2013-03", *args])
        assert result.exit_code == 0, result.output
        assert stat.S_IMODE(store_dir.stat().st_mode) == 0o700
        assert loose() == {}
    finally:
        daemon.stop(store_dir)


def test_deleted_socket_under_a_live_server_is_recovered_quickly(seeds_copy: Path,
                                                                 tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    try:
        result = invoke(["load", "--seeds", str(seeds_copy), "--data-dir", str(store_dir)])
        assert result.exit_code == 0, result.output
        info = json.loads((store_dir / "server.json").read_text())
        os.unlink(info["socket"])
        started = time.monotonic()
        conn, new = daemon.connect(store_dir)
        took = time.monotonic() - started
        try:
            assert new["pid"] != info["pid"]
            reply = conn.call("GRAPH.RO_QUERY", "accountable",
                              "MATCH (p:Person) RETURN count(p)", "--compact")
        finally:
            conn.close()
        assert took < 2.0, took
        assert daemon.compact_rows(reply)[0] == {"count(p)": 10}
    finally:
        daemon.stop(store_dir)
