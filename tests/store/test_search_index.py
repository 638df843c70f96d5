"""The ranked search index: any substring is found (bigrams, three- and four-character
terms), whole jieba words ranked higher, each filter, pagination, rebuilt from the
database, kept current after a correction, an older version's index not used."""

from __future__ import annotations

import json
import threading

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from store.audit import Actor
from store.desk_tables import StoredFile
from store.ruling_fields import new_item
from store.rulings import add_item, add_ruling, correct_field, set_removed
from store.search_index import (
    SCHEMA_VERSION,
    IndexBusyError,
    IndexedRuling,
    IndexFilters,
    SearchIndex,
    attach,
    grams,
    has_index,
    index_dir,
    ngrams,
    phrase_cover,
    rebuild,
    ruling_saved,
    words,
)
from store.sessions import writing
from store.users import create_user
from tests.conftest import REPO

TRUTH = REPO / "corpus" / "truth"
SAMPLES = {  # corpus truth file -> its case number
    "26_js_office_vonoprazan_stop": "苏知裁字〔2098〕12号",
    "01_bj_first_rivaroxaban_stop": None,
    "08_spc_appeal_upheld_dutasteride": None,
    "45_cq_office_apalutamide_withdrawn": None,
}


def sample(name: str) -> dict:
    ruling = json.loads((TRUTH / f"{name}.json").read_text(encoding="utf-8"))
    return {"schema": "rulingdesk.ruling/1", "source": {"filename": f"{name}.pdf"}, "evidence": {}, "warnings": [],
            **ruling}


CASES = {name: sample(name)["case_number"] for name in SAMPLES}


def register(engine, names) -> dict[str, int]:
    """Register the truth files `names` as rulings; returns name -> ruling id."""
    ids = {}
    with writing(engine) as session:
        for number, name in enumerate(names):
            sha = f"{number:064x}"
            session.add(StoredFile(sha256=sha, kind="pdf", size=1, filename=f"{name}.pdf"))
            session.flush()
            ids[name] = add_ruling(session, sha, sample(name), Actor(None, "test")).id
    return ids


@pytest.fixture
def desk(engine, tmp_path):
    """Four corpus rulings registered in the database, the index built from it and
    attached (kept current); returns (engine, home, index, name -> id)."""
    home = tmp_path / "home"
    ids = register(engine, SAMPLES)
    rebuild(engine, home)
    index = attach(engine, home)
    assert index is not None
    return engine, home, index, ids


def found(index: SearchIndex, query: str, filters: IndexFilters | None = None, **options) -> set[str]:
    hits, total = index.search(query.split(), filters or IndexFilters(), limit=100, **options)
    assert total == len(hits)
    return {hit.case_number for hit in hits}


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("伏诺拉", {"26_js_office_vonoprazan_stop"}),  # inside 富马酸伏诺拉生片, not a jieba word
        ("拉生", {"26_js_office_vonoprazan_stop"}),
        ("汇元堂", {"26_js_office_vonoprazan_stop"}),
        ("20970318", {"26_js_office_vonoprazan_stop"}),  # part of the approval number H20970318
        ("ZL208920318846.3", {"26_js_office_vonoprazan_stop"}),
        ("利伐沙班", {"01_bj_first_rivaroxaban_stop"}),
        ("伐沙", {"01_bj_first_rivaroxaban_stop"}),
        ("有限公司", set(SAMPLES)),
        ("伏诺拉 利伐沙班", set()),  # every word must occur
        ("不存在的词", set()),
    ],
)
def test_any_substring_is_found(desk, query, names):
    assert found(desk[2], query) == {CASES[n] for n in names}


def test_snippets_quote_the_text_around_each_word(desk):
    (hit,), _ = desk[2].search(["伏诺拉", "汇元堂"])
    assert [word for _, word, _ in hit.snippets] == ["伏诺拉", "汇元堂"]
    assert any(before.endswith("富马酸") for before, word, _ in hit.snippets if word == "伏诺拉")


@pytest.mark.parametrize("order", [(0, 1), (1, 0)], ids=["word-first", "word-last"])
def test_a_whole_jieba_word_ranks_above_a_bare_bigram_match(tmp_path, order):
    assert "和平" in words("世界和平的愿望") and "和平" not in words("中和平台的愿望")
    rulings = [IndexedRuling(1, {"case_number": "WORD", "outcome": {"operative_text": "世界和平的愿望"}}),
               IndexedRuling(2, {"case_number": "BIGRAM", "outcome": {"operative_text": "中和平台的愿望"}})]
    index = SearchIndex(tmp_path / "index")
    index.replace_all([rulings[i] for i in order])
    hits, total = index.search(["和平"])
    assert total == 2 and [h.case_number for h in hits] == ["WORD", "BIGRAM"]


def _truth(name: str, path: str):
    value = sample(name)
    for key in path.split("."):
        value = value[int(key)] if key.isdigit() else value[key]
    return value


@pytest.mark.parametrize(
    ("filters", "names"),
    [
        (IndexFilters(authority="江苏"), {"26_js_office_vonoprazan_stop"}),
        (IndexFilters(document_type="administrative_ruling"),
         {n for n in SAMPLES if sample(n)["document_type"] == "administrative_ruling"}),
        (IndexFilters(year=int(_truth("26_js_office_vonoprazan_stop", "decision_date")[:4])),
         {n for n in SAMPLES if sample(n)["decision_date"][:4] == _truth("26_js_office_vonoprazan_stop", "decision_date")[:4]}),
        (IndexFilters(year=1999), set()),
        (IndexFilters(outcome="withdrawn"), {n for n in SAMPLES if sample(n)["outcome"]["disposition"] == "withdrawn"}),
        (IndexFilters(effective=True), {n for n in SAMPLES if sample(n)["effective"] is True}),
        (IndexFilters(effective=False), {n for n in SAMPLES if sample(n)["effective"] is False}),
        (IndexFilters(party="汇元堂"), {"26_js_office_vonoprazan_stop"}),
        (IndexFilters(patent="ZL 208920318846.3"), {"26_js_office_vonoprazan_stop"}),
        (IndexFilters(product="伏诺拉生"), {"26_js_office_vonoprazan_stop"}),
        (IndexFilters(case_number="苏知裁字〔2098〕12号"), {"26_js_office_vonoprazan_stop"}),
        (IndexFilters(case_number="苏知裁字〔2098〕1号"), set()),  # exact, not a part
    ],
)
def test_each_filter_narrows_the_results(desk, filters, names):
    assert found(desk[2], "", filters) == {CASES[n] for n in names}
    assert found(desk[2], "有限公司", filters) == {CASES[n] for n in names}


def test_filters_without_hits_of_a_kind_find_nothing(desk):
    assert found(desk[2], "利伐沙班", IndexFilters(authority="江苏")) == set()


@pytest.mark.parametrize("sort", ["relevance", "date", "case"])
def test_pages_cover_every_hit_once(desk, sort):
    everything, total = desk[2].search(["有限公司"], sort=sort, limit=100)
    pages = [desk[2].search(["有限公司"], sort=sort, limit=1, offset=i) for i in range(total)]
    assert all(count == total for _, count in pages) and total == len(SAMPLES)
    assert [hit.id for hits, _ in pages for hit in hits] == [hit.id for hit in everything]
    assert desk[2].search(["有限公司"], sort=sort, limit=1, offset=total) == ([], total)


def test_date_sort_is_newest_first_and_case_sort_by_case_number(desk):
    by_date, _ = desk[2].search(["有限公司"], sort="date", limit=100)
    by_case, _ = desk[2].search(["有限公司"], sort="case", limit=100)
    assert [h.decision_date for h in by_date] == sorted((h.decision_date for h in by_date), reverse=True)
    assert [h.case_number for h in by_case] == sorted(h.case_number for h in by_case)


QUERIES = ["有限公司", "伏诺拉", "利伐沙班", "专利", "停止 销售"]


def _results(index: SearchIndex) -> list:
    return [index.search(q.split(), sort=sort, limit=100) for q in QUERIES for sort in ("relevance", "date")]


def test_a_rebuild_from_the_database_gives_the_same_results(engine, tmp_path):
    """Rulings indexed one by one as they are registered (the hook) answer exactly like an
    index rebuilt from the database afterwards."""
    live_home, rebuilt_home = tmp_path / "live", tmp_path / "rebuilt"
    SearchIndex(index_dir(live_home)).replace_all([])  # an empty index, built before any ruling
    live = attach(engine, live_home)
    assert live is not None
    for ruling_id in register(engine, SAMPLES).values():
        ruling_saved(engine, ruling_id)  # what registering through an ingestion job does
    rebuild(engine, rebuilt_home)
    assert _results(live) == _results(SearchIndex(index_dir(rebuilt_home)))


def test_a_corrected_field_is_found_after_the_correction(desk):
    engine, home, index, ids = desk
    clerk = create_user(engine, "clerk", "password123", "clerk")
    ruling_id = ids["26_js_office_vonoprazan_stop"]
    assert found(index, "新名字") == set()
    assert correct_field(engine, ruling_id, "parties[1].name", "河北新名字药业有限公司", clerk.actor)
    assert found(index, "新名字") == {CASES["26_js_office_vonoprazan_stop"]}
    assert found(index, "", IndexFilters(party="新名字")) == {CASES["26_js_office_vonoprazan_stop"]}
    assert found(SearchIndex(index_dir(home)), "新名字") == {CASES["26_js_office_vonoprazan_stop"]}


def test_an_added_product_is_found_and_a_removed_one_no_longer_after_a_rebuild_too(desk, tmp_path):
    engine, _home, index, ids = desk
    clerk = create_user(engine, "clerk", "password123", "clerk")
    ruling_id, case = ids["26_js_office_vonoprazan_stop"], CASES["26_js_office_vonoprazan_stop"]
    assert found(index, "", IndexFilters(product="伏诺拉")) == {case}
    add_item(engine, ruling_id, "products", new_item("products", {"name": "新增测试片"}), clerk.actor)
    assert set_removed(engine, ruling_id, "products", 0, True, clerk.actor)
    rebuilt = tmp_path / "rebuilt"
    rebuild(engine, rebuilt)
    for searched in (index, SearchIndex(index_dir(rebuilt))):  # kept current, and rebuilt from the database
        assert found(searched, "", IndexFilters(product="新增测试")) == {case}
        assert found(searched, "", IndexFilters(product="伏诺拉")) == set()
    from store.ruling_search import search_rulings  # the database scan (no index) quotes the current ruling

    (hit,) = search_rulings(engine, ["新增测试片"])[0]
    assert hit.snippets[0][1] == "新增测试片"


def test_the_rebuild_command_builds_the_data_folders_index(tmp_path, monkeypatch):
    from rulingdesk.cli import cli
    from store.db import open_engine

    home = tmp_path / "home"
    monkeypatch.delenv("RULINGDESK_DATABASE_URL", raising=False)
    home.mkdir()
    engine = open_engine(home)
    register(engine, ["26_js_office_vonoprazan_stop"])
    engine.dispose()
    result = CliRunner().invoke(cli, ["--home", str(home), "index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert has_index(home) and "1 件" in result.output
    assert found(SearchIndex(index_dir(home)), "伏诺拉") == {CASES["26_js_office_vonoprazan_stop"]}


CHINESE = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40), min_size=2, max_size=30)


@given(CHINESE, st.data())
def test_the_bigrams_of_any_substring_run_inside_the_texts(text, data):
    start = data.draw(st.integers(0, len(text) - 2))
    end = data.draw(st.integers(start + 2, len(text)))
    part, whole = grams(text[start:end]), grams(text)
    assert any(whole[i:i + len(part)] == part for i in range(len(whole) - len(part) + 1))


# Texts over a five-character alphabet, so that substrings repeat across texts; "，" ends
# a run of Chinese characters (a substring across it is not a match).
RUNS_TEXT = st.text(st.sampled_from("利伐沙班片，"), min_size=1, max_size=24)


@settings(max_examples=40, deadline=None)
@given(st.lists(RUNS_TEXT, min_size=1, max_size=8), st.text(st.sampled_from("利伐沙班片"), min_size=1, max_size=6))
def test_the_index_finds_exactly_the_texts_holding_the_word(tmp_path_factory, texts, word):
    index = SearchIndex(tmp_path_factory.mktemp("index"))
    index.replace_all(IndexedRuling(i + 1, {"case_number": str(i), "outcome": {"operative_text": t}})
                      for i, t in enumerate(texts))
    hits, total = index.search([word], limit=100)
    assert {hit.case_number for hit in hits} == {str(i) for i, t in enumerate(texts) if word in t}
    assert total == len(hits)


@given(CHINESE)
def test_aphrase_cover_spells_every_character_of_the_word(text):
    cover = phrase_cover(grams(text))
    spelled = {offset + k: token[k] for offset, token in cover for k in range(2)}
    assert spelled == dict(enumerate(text))
    assert len(cover) <= len(text) // 2 + 1


def test_three_and_four_character_terms_stay_inside_a_run():
    assert ngrams("利伐沙班，片剂") == ["利伐沙", "伐沙班", "利伐沙班"]


def test_an_index_of_an_older_version_is_not_used_until_rebuilt(engine, tmp_path):
    home = tmp_path / "home"
    register(engine, SAMPLES)
    rebuild(engine, home)
    (index_dir(home) / "rulingdesk-version").write_text("2")  # built before the ngrams field
    assert not has_index(home) and attach(engine, home) is None
    rebuild(engine, home)
    assert has_index(home) and (index_dir(home) / "rulingdesk-version").read_text() == SCHEMA_VERSION
    assert found(attach(engine, home), "诺拉生") == {CASES["26_js_office_vonoprazan_stop"]}


def test_the_search_page_uses_the_index_once_built(tmp_path):
    from tests.web.conftest import log_in, make_app

    app = make_app(tmp_path / "home")
    desk_ = app.extensions["desk"]
    url = "/search?q=有限公司&party=汇元堂&outcome=no_infringement"
    try:
        register(desk_.engine, SAMPLES)
        client = app.test_client()
        log_in(client, "archivist")
        before = client.get(url).get_data(as_text=True)
        by_case = client.get(f"/search?case={CASES['26_js_office_vonoprazan_stop']}").get_data(as_text=True)
        rebuild(desk_.engine, desk_.home)
        after = client.get(url).get_data(as_text=True)
        ranked = client.get("/search?q=有限公司&party=汇元堂").get_data(as_text=True)
    finally:
        desk_.close()
    vonoprazan = CASES["26_js_office_vonoprazan_stop"]
    others = [CASES[n] for n in SAMPLES if n != "26_js_office_vonoprazan_stop"]
    # the scan reads the party as text it must contain and cannot apply the outcome; it says so
    assert vonoprazan in before and not any(case in before for case in others)
    assert "检索索引尚未建立" in before and "当事人筛选按全文包含查找" in before and "处理结果筛选未应用" in before
    assert vonoprazan in by_case and not any(case in by_case for case in others)
    # the index applies the outcome too (the vonoprazan ruling found infringement)
    assert _truth("26_js_office_vonoprazan_stop", "outcome.disposition") != "no_infringement"
    assert "共找到 0 件" in after and "检索索引尚未建立" not in after
    assert vonoprazan in ranked and not any(case in ranked for case in others) and "<mark>有限公司</mark>" in ranked


def _held_writer(directory):
    """Another writer of the index in `directory`, as a rebuild in another process holds it."""
    return SearchIndex(directory)._index.writer(heap_size=15_000_000, num_threads=1)


def test_an_update_waits_for_another_writer_and_is_not_lost(tmp_path):
    index = SearchIndex(tmp_path / "index")
    held = _held_writer(tmp_path / "index")
    releaser = threading.Timer(0.5, held.wait_merging_threads)  # the other writer finishes
    releaser.start()
    index.update([IndexedRuling(1, {"case_number": "WAITED", "outcome": {"operative_text": "等候写入"}})])
    releaser.join()
    hits, total = index.search(["等候"])
    assert total == 1 and hits[0].case_number == "WAITED"


def test_an_update_gives_up_with_a_clear_error_when_the_writer_stays_busy(tmp_path):
    index = SearchIndex(tmp_path / "index", wait=0.3)
    held = _held_writer(tmp_path / "index")
    with pytest.raises(IndexBusyError, match="being written by another process"):
        index.update([IndexedRuling(1, {"case_number": "X"})])
    held.wait_merging_threads()


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (10, -1)])
def test_a_limit_of_nothing_is_a_clear_error_not_a_panic(desk, limit, offset):
    """tantivy's TopDocs panics on a limit of 0 (a PanicException, which `except Exception` misses)."""
    with pytest.raises(ValueError, match="limit must be at least 1"):
        desk[2].search(["有限公司"], limit=limit, offset=offset)
