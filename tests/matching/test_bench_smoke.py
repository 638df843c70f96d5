"""The matching benchmark runs end to end on a small catalogue (a smoke test: nothing timed)."""

from pathlib import Path

import pytest

from bench import match as bench_match

SHARED_CODES = Path(bench_match.SHARED) / "nhsa-drug-codes.csv"


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_CODES.exists(), reason=f"{SHARED_CODES} (reference data) not found")
def test_bench_match_runs_on_a_small_catalogue(tmp_path, capsys):
    argv = [
        "--rows",
        "3000",
        "--queries",
        "40",
        "--baseline-queries",
        "2",
        "--postgres-rows",
        "0",
        "--dir",
        str(tmp_path),
    ]
    assert bench_match.main(argv) == 0
    out = capsys.readouterr().out
    for line in (
        "SQLite import: 3,000 rows",
        "SQLite match (store, blocking)",
        "exact-key dict (floor)",
        "rapidfuzz full scan",
    ):
        assert line in out
    assert "listed products found: 100.0%" in out


def test_generated_rows_are_deterministic_and_complete():
    first = list(bench_match.catalogue_rows(200))
    assert first == list(bench_match.catalogue_rows(200))
    assert all(len(row) == len(bench_match.HEADER) for row in first)
    assert len({row[1] for row in first}) == 200  # 产品编码 unique
