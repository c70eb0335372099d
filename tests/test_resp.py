"""The one RESP client (graph/resp.py): its parameters against the kept `falkordb` client's, its
refusals, and values round-tripped through a real embedded server."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
from accountable.graph import daemon, resp
from accountable.graph.resp import compact_rows, cypher_literal, with_params
from falkordb.helpers import stringify_param_value

import accountable

AGREED = ["", "plain", 'say "hi"', "back\\slash", "new\nline", "£1.15m – iMPOWER’s", 0, -3,
          12345678901234, 2.5, None, ["a", 1, None], {"k": "v", "n": [1, 2]},
          {"@type": "x", "a-b": 1}, [[1, 2], ["x"]]]


@pytest.mark.parametrize("value", AGREED, ids=repr)
def test_literals_match_the_falkordb_client(value: object) -> None:
    assert cypher_literal(value) == stringify_param_value(value)


def test_booleans_are_cypher_words() -> None:
    # falkordb's helper writes Python's `True`; the server reads both, Cypher spells `true`.
    assert (cypher_literal(True), cypher_literal(False)) == ("true", "false")


@pytest.mark.parametrize("value", ["a\x00b", math.nan, math.inf, -math.inf, ["ok", math.nan],
                                   {"": 1}, {"a`b": 1}, object()], ids=repr)
def test_what_the_header_cannot_carry_is_refused(value: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        cypher_literal(value)


def test_parameter_names_cannot_smuggle_cypher() -> None:
    assert with_params("RETURN $from", {"from": 1}) == "CYPHER from=1 RETURN $from"
    for bad in ("x=1 MATCH (n) DETACH DELETE n //", "a b", "", "naïve"):
        with pytest.raises(ValueError, match="plain identifier"):
            with_params("RETURN 1", {bad: 1})


def test_compact_rows_decode_scalars_lists_and_maps() -> None:
    reply = [[[1, "a"], [1, "b"], [1, "c"], [1, "d"]],
             [[[2, "x"], [3, 7], [4, "true"], [6, [[5, "1.5"], [1, None]]]]], ["stats"]]
    assert compact_rows(reply) == [{"a": "x", "b": 7, "c": True, "d": [1.5, None]}]
    assert compact_rows([["stats"]]) == []


ROUND_TRIP = ["", 'quote " and \\ backslash', "line\nbreak\ttab", "Baby P’s — “case”",
              "日本語", 7, -1, 3.25, True, False, None, ["a", "b"], {"k": "v"}]


def test_values_round_trip_through_a_real_server(data_dir: Path) -> None:
    with accountable.connect(data_dir=data_dir) as graph:
        for value in ROUND_TRIP:
            got = graph.query(cypher="RETURN $p AS p", params={"p": value})
            assert got == [{"p": value}], value
        with pytest.raises(ValueError, match="NUL"):
            graph.query(cypher="RETURN $p AS p", params={"p": "a\x00b"})


def test_the_watchdog_script_uses_the_same_client() -> None:
    """Run as the watchdog runs it (no site-packages), daemon.py imports resp.py beside it."""
    code = ("import runpy, sys; sys.argv = ['daemon.py']; "
            f"ns = runpy.run_path({daemon.__file__!r}, run_name='not_main'); "
            "print(ns['Resp'].__module__, ns['parse_info'].__module__)")
    done = subprocess.run([sys.executable, "-S", "-I", "-c", code], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["resp", "resp"]
    assert daemon.Resp is resp.Resp and daemon.with_params is resp.with_params
