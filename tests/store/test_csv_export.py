"""Every CSV export neutralises cells a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io

import pytest

from store.audit import Actor, entries, log_event, to_csv
from store.csv_export import csv_text
from store.ruling_search import Hit, hits_csv


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_are_kept_as_text(cell):
    [row] = list(csv.reader(io.StringIO(csv_text(["a"], [[cell]]))))[1:]
    assert row == ["'" + cell]


def test_other_cells_and_numbers_are_unchanged():
    rows = list(csv.reader(io.StringIO(csv_text(["a", "b", "c"], [["（2023）京73民初1号", -5, "a=b"]]))))
    assert rows[1] == ["（2023）京73民初1号", "-5", "a=b"]


def test_the_audit_export_neutralises_a_user_name(engine):
    log_event(engine, Actor(None, "=cmd|' /C calc'!A0"), "login_failed", "=subject")
    text = to_csv(entries(engine))
    assert "'=cmd|" in text and "'=subject" in text and ",=" not in text


def test_the_search_export_neutralises_a_file_name():
    hit = Hit(1, "@case", None, "-office", None, None, "=HYPERLINK(\"http://evil\").pdf", [])
    [row] = list(csv.reader(io.StringIO(hits_csv([hit]))))[1:]
    assert row[0] == "'@case" and row[2] == "'-office" and row[5].startswith("'=HYPERLINK")


def test_the_audit_export_carries_each_rows_place_in_the_chain(engine):
    log_event(engine, Actor(None, "system"), "download", "draft:1")
    log_event(engine, Actor(None, "system"), "download", "draft:2")
    header, first, second = list(csv.reader(io.StringIO(to_csv(sorted(entries(engine), key=lambda e: e.seq)))))
    assert header[-3:] == ["seq", "prev_hash", "row_hash"]
    assert (first[-3], second[-3]) == ("1", "2") and second[-2] == first[-1]
