"""The date rules of DESIGN.md section 5."""

from __future__ import annotations

import pytest
from accountable.graph.dates import (
    BoundsError,
    DateError,
    derive_bounds,
    parse_prefix,
    period,
    status,
    window,
)


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2013", "2013-01-01", "2013-12-31"),
    ("2013-02", "2013-02-01", "2013-02-28"),
    ("2012-02", "2012-02-01", "2012-02-29"),
    ("2013-03-14", "2013-03-14", "2013-03-14"),
])
def test_prefix_is_an_interval(text: str, first: str, last: str) -> None:
    p = parse_prefix(text)
    assert (p.first.isoformat(), p.last.isoformat()) == (first, last)


@pytest.mark.parametrize("bad", ["2013-02-30", "2013-13", "13-02-2013", "2013/02", "", "201"])
def test_impossible_dates_are_refused(bad: str) -> None:
    with pytest.raises(DateError):
        parse_prefix(bad)


def test_known_start_and_end_is_held_inside_and_not_listed_outside() -> None:
    b = derive_bounds(start="2012-06", end="2013-03")
    assert status(b, *period("2012-12-25")) == "held"
    assert status(b, *period("2012-06-15")) == "possibly_held"  # started some day in June
    assert status(b, *period("2013-04-01")) is None


def test_missing_start_is_unknown_not_forever() -> None:
    b = derive_bounds(end="2013-03")  # "has resigned" in an article of March 2013
    assert b.earliest_start is None
    assert b.span_from == "2013-03-01"
    assert status(b, *period("2010-01-01")) is None
    assert status(b, *period("2013-03-10")) == "possibly_held"
    assert status(b, *period("2013-03")) == "held"  # in post at some time in March


def test_still_in_place_bounds() -> None:
    b = derive_bounds(start_after="2012", end_after="2013-03")
    assert b.earliest_start == "2012-01-01"
    assert b.latest_start == "2013-03-31"
    assert b.earliest_end == "2013-03-01"
    assert b.latest_end is None
    assert b.span_to == "2013-03-31"  # not listed after the last day a source puts it in
    assert status(b, *period("2012-07-01")) == "possibly_held"
    assert status(b, *period("2014")) is None


def test_attested_span_is_held_between_its_attestations() -> None:
    b = derive_bounds(start_before="2013-03", end_after="2015-01")
    assert status(b, *period("2014-06-01")) == "held"
    assert status(b, *period("2013-03-15")) == "possibly_held"


def test_months_give_a_contract_its_end() -> None:
    b = derive_bounds(start="2012", months=30)
    assert b.earliest_end == "2014-07-01"
    assert b.latest_end == "2015-06-30"


@pytest.mark.parametrize(("kwargs", "fld"), [
    ({"start": "2014", "end": "2013"}, "end"),
    ({"start_after": "2014", "start_before": "2013"}, "start_after"),
    ({"start": "2014-05", "end_before": "2014-02"}, "end_before"),
])
def test_contradictory_bounds_fail(kwargs: dict[str, str], fld: str) -> None:
    with pytest.raises(BoundsError) as e:
        derive_bounds(**kwargs)
    assert e.value.field == fld


def test_inspection_window_runs_from_inspection_to_report() -> None:
    assert window("2013-02", "2013-02", "2013-03") == ("2013-02-01", "2013-03-31")
    assert window(None, None, "2016-04") == ("2016-04-01", "2016-04-30")
    assert window(None, None, None) is None


@pytest.mark.parametrize(("bounds", "words"), [
    ({"start_after": "2013-03", "end_after": "2015-05"}, "after 2013-03 – in post 2015-05"),
    ({"start_before": "2013-02", "end": "2013-03"}, "by 2013-02 – 2013-03"),
    ({"start_after": "2012", "start_before": "2013-03"}, "between 2012 and 2013-03 – ?"),
    ({"end_before": "2013"}, "? – before 2013"),
])
def test_tenure_dates_in_words(bounds: dict[str, str], words: str) -> None:
    from accountable.graph.answers import span_text

    assert span_text(bounds) == words
