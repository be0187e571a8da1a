"""Filling district CSVs cell by cell: the spans of a CSV, and every other byte kept."""

from __future__ import annotations

import pytest

from csscore.errors import InputError
from csscore.evidence.fill import fill_csv, records, value


def lookup(name: str) -> str | None:
    return {"burglary": "burglary", "asb": "anti-social-behaviour"}.get(name.casefold())


def same(column: str, old: str, new: str) -> bool:
    return old.casefold() == new.casefold()


def test_records_split_like_a_csv_reader():
    text = 'a,"b ""q"", c",d\r\n"multi\nline",x,\n\nlast,,""'
    spans = records(text, ",")
    assert [[value(text, s) for s in r] for r in spans] == [
        ["a", 'b "q", c', "d"],
        ["multi\nline", "x", ""],
        [""],
        ["last", "", ""],
    ]


def test_only_the_two_cells_change():
    original = (
        'issue;frequency;trend;notes\r\n"Burglary";;;"a; b"\r\nASB;"likely";  ;x\r\nOther;;;\r\n'
    )
    result = fill_csv(
        original.encode(),
        "d.csv",
        {"burglary": ("rare", "increasing"), "anti-social-behaviour": ("possible", "stable")},
        lookup,
        same,
    )
    assert result.content == (
        b'issue;frequency;trend;notes\r\n"Burglary";rare;increasing;"a; b"\r\nASB;"likely";stable;x\r\nOther;;;\r\n'
    )
    assert result.filled == 3
    assert result.kept == ("ASB: frequency 'likely' kept (evidence: 'possible')",)
    assert result.unknown == ("Other",)


def test_overwrite_and_nothing_to_do():
    original = b"\xef\xbb\xbfissue,frequency,trend\nASB,likely,stable\n"
    grades = {"anti-social-behaviour": ("possible", "stable")}
    result = fill_csv(original, "d.csv", grades, lookup, same, overwrite=True)
    assert result.content == b"\xef\xbb\xbfissue,frequency,trend\nASB,possible,stable\n"
    assert (result.filled, result.same, result.replaced) == (
        1,
        1,
        ("ASB: frequency 'likely' -> 'possible'",),
    )
    unchanged = fill_csv(result.content, "d.csv", grades, lookup, same)
    assert unchanged.content is None and unchanged.same == 2


def test_a_file_without_the_columns_is_refused():
    with pytest.raises(InputError, match="no 'frequency' or 'trend' column"):
        fill_csv(b"issue,notes\nASB,x\n", "d.csv", {}, lookup, same)
    with pytest.raises(InputError, match="no 'issue' column"):
        fill_csv(b"name,frequency\nASB,x\n", "d.csv", {}, lookup, same)


def test_blank_evidence_fills_nothing_and_is_counted():
    result = fill_csv(
        b"issue,frequency,trend\nASB,,\n",
        "d.csv",
        {"anti-social-behaviour": ("", "stable")},
        lookup,
        same,
    )
    assert result.content == b"issue,frequency,trend\nASB,,stable\n"
    assert (result.filled, result.blank) == (1, 1)


def test_each_partner_row_is_filled_and_named():
    original = b"issue,partner,frequency,trend\nASB,Police,likely,\nASB,Council,,stable\n"
    grades = {"anti-social-behaviour": ("possible", "stable")}
    result = fill_csv(original, "d.csv", grades, lookup, same, overwrite=True)
    assert result.content == (
        b"issue,partner,frequency,trend\nASB,Police,possible,stable\nASB,Council,possible,stable\n"
    )
    assert (result.filled, result.same) == (3, 1)
    assert result.replaced == ("ASB (Police): frequency 'likely' -> 'possible'",)
    kept = fill_csv(original, "d.csv", grades, lookup, same)
    assert kept.kept == ("ASB (Police): frequency 'likely' kept (evidence: 'possible')",)
