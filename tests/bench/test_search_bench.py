"""The search benchmark runs end to end on a small corpus (a smoke test: nothing timed)."""

from __future__ import annotations

import pytest

from bench import search as bench_search


@pytest.mark.slow
@pytest.mark.skipif(not bench_search.DRUGS_CSV.exists(), reason=f"{bench_search.DRUGS_CSV} (reference data) not found")
def test_the_search_bench_builds_queries_and_reports_its_reference(tmp_path, capsys):
    argv = ["--docs", "300", "--queries", "60", "--workers", "1", "--reference-queries", "5", "--keep", str(tmp_path)]
    assert bench_search.main(argv) == 0
    out = capsys.readouterr().out
    assert "build: 300 rulings" in out
    assert "queries: 60 ranked top-10" in out
    assert "reference: reading every text for the words (no filters), 300 rulings in memory" in out
    assert "goal p95 ≤ 10 ms:" in out
    again = ["--docs", "300", "--queries", "60", "--reference-queries", "0", "--reuse", str(tmp_path)]
    assert bench_search.main(again) == 0  # the kept index queried again, not rebuilt, not deleted
    out = capsys.readouterr().out
    assert "build: skipped, the index built earlier holds 300 rulings" in out and "queries: 60 ranked top-10" in out
    (tmp_path / "rulingdesk-version").write_text("2")
    with pytest.raises(SystemExit):
        bench_search.main(again)  # an index of another version is refused
    assert "no index of this version" in capsys.readouterr().err


def test_the_reference_scan_finds_every_text_with_all_words():
    texts = ["利伐沙班片 停止销售", "利伐沙班片", "阿莫西林 停止"]
    assert bench_search.scan(texts, ["利伐", "停止"]) == ([0], 1)
    assert bench_search.scan(texts, ["停止"], limit=1) == ([0], 2)
