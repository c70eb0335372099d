"""graph/words.py: dates and spans in words, at the precision the sources give, with the
bundled Sandwell and Dudley facts' own values."""

from __future__ import annotations

import pytest
from accountable.graph.model import load_model
from accountable.graph.words import caption, date_words, span_words, window_words


@pytest.mark.parametrize(("value", "words"), [
    ("2009", "2009"), ("2013-03", "March 2013"), ("2013-03-14", "14 March 2013"),
    (None, ""), ("about 2010", "about 2010"),
])
def test_a_date_is_said_no_more_precisely_than_written(value: str | None, words: str) -> None:
    assert date_words(value) == words


@pytest.mark.parametrize(("props", "words"), [
    # tenure:darren-cooper:sandwell-leader
    ({"start_before": "2013-03", "end_after": "2015-05"},
     "start unknown, in post by March 2013, until at least May 2015"),
    # tenure:darren-cooper:sandwell-lead-member: end_before "2013" is by the END of 2013
    ({"start_after": "2013-03", "end_before": "2013"},
     "started in or after March 2013, ended by the end of 2013"),
    # tenure:simon-white:sandwell-dcs
    ({"start_after": "2012", "start_before": "2013-03", "end_after": "2013-03"},
     "started between 2012 and March 2013, until at least March 2013"),
    # tenure:bob-badham:sandwell-lead-member
    ({"start_before": "2013-02", "end": "2013-03"},
     "start unknown, in post by February 2013, until March 2013"),
    # contract:sandwell:impower
    ({"start": "2012", "months": 30}, "from 2012, for 30 months"),
    ({"start": "2015-01", "end_after": "2016-04"}, "from January 2015, until at least April 2016"),
    ({"start": "2018", "end": "2018"}, "2018"),
    ({"start": "2012", "end": "2013-03"}, "2012 to March 2013"),
    ({"end_after": "2013-03", "end_before": "2014-06-30"},
     "start unknown, ended between March 2013 and 30 June 2014"),
    ({}, "dates unknown"),
])
def test_a_span_in_words(props: dict, words: str) -> None:
    assert span_words(props) == words


def test_inspection_windows_and_captions_in_words() -> None:
    model = load_model()
    # inspection:sandwell:2009 is dated only "2009": never "2009-01-01"
    assert window_words(None, None, "2009") == "published 2009"
    assert window_words("2013-02", "2013-02", "2013-03") == "February 2013, published March 2013"
    assert caption(model.schemata["Inspection"], {"kind": "other", "published": "2009"}) == \
        "Ofsted inspection, 2009"
    assert caption(model.schemata["Judgement"], {"area": "looked_after", "grade": "inadequate"}) \
        == "children looked after: inadequate"
    assert caption(model.schemata["Event"], {"kind": "contract_awarded"}) == \
        "contract awarded, date unknown"
    assert caption(model.schemata["Tenure"], {"start_after": "2013-03", "end_before": "2013"}) \
        == "started in or after March 2013, ended by the end of 2013"


def test_a_query_period_in_words() -> None:
    from accountable.graph.words import period_words

    assert period_words("2013-02-01/2013-03-31") == "1 February 2013 to 31 March 2013"
    assert period_words("2013-02-15") == "15 February 2013"
    assert period_words("2016-04") == "April 2016"
    assert period_words(None) == ""
