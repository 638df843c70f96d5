"""Search: any substring of a ruling's fields, as extracted or corrected; filters; CSV."""

from __future__ import annotations

import pytest

from tests.web.conftest import OFFICE_PDF, csrf, register_sample


@pytest.fixture
def two(app, tmp_path, registered) -> tuple[int, int]:
    return registered, register_sample(app, tmp_path, OFFICE_PDF)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("利伐沙班", {"（2098）京73民初1206号"}),  # part of a product name
        ("承泰", {"（2098）京73民初1206号"}),  # part of a company name
        ("ZL208810329348.9", {"（2098）京73民初1206号"}),
        ("苏知裁字", {"苏知裁字〔2098〕12号"}),
        ("有限公司", {"（2098）京73民初1206号", "苏知裁字〔2098〕12号"}),
        ("利伐沙班 苏知裁字", set()),  # every word must occur
        ("不存在的词", set()),
    ],
)
def test_any_substring_of_the_fields_finds_the_ruling(app, signed_in, two, query, expected):
    page = signed_in("archivist").get(f"/search?q={query}").get_data(as_text=True)
    shown = {case for case in ("（2098）京73民初1206号", "苏知裁字〔2098〕12号") if case in page}
    assert shown == expected


def test_hits_show_highlighted_snippets(app, signed_in, two):
    page = signed_in("archivist").get("/search?q=利伐沙班").get_data(as_text=True)
    assert "<mark>利伐沙班</mark>" in page


def test_a_correction_is_found_too(app, signed_in, two):
    clerk = signed_in("clerk")
    clerk.post(f"/review/{two[0]}", data={"csrf_token": csrf(clerk), "f:parties[1].name": "河北新名字药业有限公司"})
    assert "（2098）京73民初1206号" in clerk.get("/search?q=新名字").get_data(as_text=True)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [("type=administrative_ruling", {"苏知裁字〔2098〕12号"}), ("type=judgment", {"（2098）京73民初1206号"}),
     ("authority=江苏", {"苏知裁字〔2098〕12号"}), ("year=2098", {"（2098）京73民初1206号", "苏知裁字〔2098〕12号"}),
     ("year=2097", set())],
)
def test_filters_narrow_the_results(app, signed_in, two, filters, expected):
    page = signed_in("archivist").get(f"/search?q=有限公司&{filters}").get_data(as_text=True)
    assert {c for c in ("（2098）京73民初1206号", "苏知裁字〔2098〕12号") if c in page} == expected


def test_results_export_as_csv(app, signed_in, two):
    response = signed_in("archivist").get("/search.csv?q=有限公司")
    text = response.data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("案号,") and len(text.splitlines()) == 3


def test_the_case_page_lists_related_rulings(app, signed_in, tmp_path, registered):
    from tests.web.conftest import SAMPLE_PDF

    # the same judgment once more as another file (one byte more): same case number, parties, patent
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(SAMPLE_PDF.read_bytes() + b"\n%copy\n")
    other = register_sample(app, tmp_path, copy)
    page = signed_in("archivist").get(f"/cases/{registered}").get_data(as_text=True)
    assert f'href="/cases/{other}"' in page and "同一案号（可能为副本）" in page
