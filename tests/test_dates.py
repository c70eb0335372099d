"""The date rules of DESIGN.md section 5."""

from __future__ import annotations

import pytest
from accountable.graph.dates import (
    BoundsError,
    DateError,
    TenureDates,
    derive_bounds,
    parse_prefix,
    period,
    status,
    tenure_spans,
    window,
    with_span,
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


def test_a_contract_without_start_is_listed_only_where_attested() -> None:
    b = derive_bounds(end="2013-03")  # contracts keep their own span: no "previous holder"
    assert b.earliest_start is None
    assert b.span_from == "2013-03-01" and b.first_attested == "2013-03-01"
    assert status(b, *period("2010-01-01")) is None
    assert status(b, *period("2013-03-10")) == "possibly_held"
    assert status(b, *period("2013-03")) == "held"  # in post at some time in March


def _spans(*tenures: tuple[str, dict[str, str]], post: str = "post:p",
           conflicts: tuple[tuple[str, str], ...] = (), shared: bool = False) -> dict:
    dates = [TenureDates(tid, post, derive_bounds(**kw), shared) for tid, kw in tenures]
    spans = tenure_spans(dates, conflicts)
    return {d.id: (with_span(d.bounds, spans[d.id]), spans[d.id]) for d in dates}


def test_missing_start_with_no_other_holder_has_no_bound() -> None:
    # "has resigned" in an article of March 2013, and nobody else is known in the post
    (b, span), = _spans(("tenure:a", {"end": "2013-03"})).values()
    assert (span.span_from, span.span_to, span.span_from_by) == (None, "2013-03-31", None)
    assert status(b, *period("1990-01-01"), unbounded=True) == "possibly_held"
    assert status(b, *period("2013-03-10"), unbounded=True) == "possibly_held"
    assert status(b, *period("2013-03"), unbounded=True) == "held"
    assert status(b, *period("2013-04-01"), unbounded=True) is None  # the end is known


def test_unknown_start_and_end_are_bounded_by_the_neighbouring_holders() -> None:
    got = _spans(("tenure:first", {"start": "2005", "end": "2009-06"}),
                 ("tenure:middle", {"start_before": "2010-02", "end_after": "2011-05"}),
                 ("tenure:last", {"start_before": "2012-09", "end": "2014"}))
    b, span = got["tenure:middle"]
    # back to the first day the previous holder may have left; forward to the last day
    # the next holder may have arrived
    assert (span.span_from, span.span_from_by) == ("2009-06-01", "tenure:first")
    assert (span.span_to, span.span_to_by) == ("2012-09-30", "tenure:last")
    assert status(b, *period("2009-05-31"), unbounded=True) is None
    assert status(b, *period("2009-07-01"), unbounded=True) == "possibly_held"
    assert status(b, *period("2010-12-01"), unbounded=True) == "held"
    assert status(b, *period("2012-06-01"), unbounded=True) == "possibly_held"
    assert status(b, *period("2012-10-01"), unbounded=True) is None
    # the last holder's unknown start runs back to the middle one's last certain day
    assert got["tenure:last"][1].span_from == "2011-05-01"
    assert got["tenure:last"][1].span_from_by == "tenure:middle"
    # known dates are never widened or cut by a neighbour
    assert got["tenure:first"][1].span_from == "2005-01-01"
    assert got["tenure:first"][1].span_to == "2009-06-30"


def test_the_nearest_previous_holder_counts_and_overlapping_ones_do_not() -> None:
    got = _spans(("tenure:old", {"start": "2001", "end": "2004"}),
                 ("tenure:recent", {"start": "2005", "end": "2008-03"}),
                 ("tenure:overlapping", {"start_before": "2009-06", "end": "2010"}),
                 ("tenure:t", {"start_before": "2009-08", "end": "2012"}))
    span = got["tenure:t"][1]
    # tenure:overlapping is attested in 2010, after tenure:t's first attested day: no bound
    assert (span.span_from, span.span_from_by) == ("2008-03-01", "tenure:recent")


def test_competing_claims_never_bound_each_other() -> None:
    claims = (("tenure:white", {"start_after": "2012", "start_before": "2013-03",
                                "end_after": "2013-03"}),
              ("tenure:rival", {"end": "2013-04-05"}))
    apart = _spans(*claims, conflicts=(("tenure:rival", "tenure:white"),))
    assert apart["tenure:rival"][1].span_from is None
    assert apart["tenure:white"][1].span_to is None
    together = _spans(*claims)  # no Conflict record: the one follows the other
    assert together["tenure:rival"][1].span_from == "2013-03-01"
    assert together["tenure:white"][1].span_to == "2013-04-05"


def test_shared_posts_and_undated_tenures_bound_no_one() -> None:
    shared = _spans(("tenure:a", {"start_before": "2016", "end_after": "2016"}),
                    ("tenure:b", {"start_before": "2018", "end_after": "2018"}), shared=True)
    assert shared["tenure:a"][1].span_to is None and shared["tenure:b"][1].span_from is None
    undated = _spans(("tenure:a", {"start_before": "2016", "end_after": "2016"}),
                     ("tenure:b", {"start_after": "2017", "end_before": "2019"}),
                     ("tenure:c", {}))
    assert undated["tenure:a"][1].span_to is None  # b is never placed in post
    b, span = undated["tenure:c"]
    assert (span.span_from, span.span_to) == (None, None)
    assert status(b, *period("1990"), unbounded=True) == "possibly_held"
    assert status(b, *period("1990")) is None  # a contract with no date is not listed


def test_still_in_place_bounds() -> None:
    b = derive_bounds(start_after="2012", end_after="2013-03")
    assert b.earliest_start == "2012-01-01"
    assert b.latest_start == "2013-03-31"
    assert b.earliest_end == "2013-03-01"
    assert b.latest_end is None
    assert b.span_to == "2013-03-31"  # a contract's own span: its last attested day
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
    ({"start_after": "2013-03", "end_after": "2015-05"},
     "started in or after March 2013, until at least May 2015"),
    ({"start_before": "2013-02", "end": "2013-03"},
     "start unknown, in post by February 2013, until March 2013"),
    ({"start_after": "2012", "start_before": "2013-03"},
     "started between 2012 and March 2013, end unknown"),
    ({"end_before": "2013"}, "start unknown, ended by the end of 2013"),
    ({}, "dates unknown"),
])
def test_tenure_dates_in_words(bounds: dict[str, str], words: str) -> None:
    from accountable.graph.answers import span_text

    assert span_text(bounds) == words


def _brute_force(dates: list[TenureDates], conflicts: set[frozenset[str]]) -> dict:
    """The neighbour rule written out literally, to check the sorted version against."""
    out = {}
    for t in dates:
        b = t.bounds
        others = [u for u in dates if u.id != t.id and u.post == t.post and not t.shared
                  and u.bounds.first_attested and b.first_attested
                  and frozenset((t.id, u.id)) not in conflicts]
        frm, frm_by, to, to_by = b.earliest_start, None, b.latest_end, None
        if frm is None:
            prev = [u for u in others if u.bounds.last_attested < b.first_attested]
            if prev:
                u = max(prev, key=lambda u: (u.bounds.earliest_end, u.id))
                frm, frm_by = u.bounds.earliest_end, u.id
        if to is None:
            nxt = [u for u in others if u.bounds.first_attested > b.last_attested]
            if nxt:
                u = min(nxt, key=lambda u: (u.bounds.latest_start, u.id))
                to, to_by = u.bounds.latest_start, u.id
        out[t.id] = (frm, to, frm_by, to_by)
    return out


@pytest.mark.parametrize("seed", range(30))
def test_neighbour_rule_matches_its_literal_statement(seed: int) -> None:
    import random

    rng = random.Random(seed)
    fields = ["start", "end", "start_after", "start_before", "end_after", "end_before"]
    dates: list[TenureDates] = []
    while len(dates) < 12:
        kw = {f: f"{rng.randint(2000, 2012)}-{rng.randint(1, 12):02d}"
              for f in rng.sample(fields, rng.randint(0, 3))}
        try:
            b = derive_bounds(**kw)
        except BoundsError:
            continue
        dates.append(TenureDates(f"tenure:{len(dates)}", f"post:{rng.randint(0, 2)}", b))
    pairs = {frozenset(rng.sample([d.id for d in dates], 2)) for _ in range(rng.randint(0, 3))}
    spans = tenure_spans(dates, [tuple(p) for p in pairs])
    got = {k: (s.span_from, s.span_to, s.span_from_by, s.span_to_by) for k, s in spans.items()}
    assert got == _brute_force(dates, pairs)


@pytest.mark.parametrize(("tenure", "words"), [
    ({"start_before": "2013-03", "end_after": "2015-05", "span_from": None, "span_to": None},
     "possible span: no earlier bound to no later bound"),
    ({"start_before": "2013-03", "span_from": None, "span_to": "2016-05-31",
      "span_to_by": "tenure:next"},
     "possible span: no earlier bound to 31 May 2016 (next holder's start)"),
    ({"end": "2013-04-05", "span_from": "2011-05-01", "span_from_by": "tenure:prev",
      "span_to": "2013-04-05"},
     "possible span: 1 May 2011 (previous holder's end) to 5 April 2013"),
    ({"start": "2012", "end": "2013"}, ""),  # both sides are the tenure's own
])
def test_possible_span_in_words(tenure: dict[str, str], words: str) -> None:
    from accountable.graph.answers import possible_text

    assert possible_text(tenure) == words
