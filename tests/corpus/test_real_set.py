"""The real-set evaluator: only the fields a truth shows are scored; missing texts are skipped and counted.

Every text and truth here is invented (year 2099, made-up companies), written into tmp_path.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.evaluate import main_real
from corpus.real_set import (
    extract_text_json,
    is_holdout,
    load_cases,
    mismatches_real,
    real_field_table,
    score_real,
    text_sha256,
)

TEXT = """最高人民法院
民 事 判 决 书
（2099）最高法知民终1号
上诉人（原审被告）：甲乙制药有限公司。住所地：某省某市某路1号。
法定代表人：张某，该公司董事长。
被上诉人（原审原告）：丙丁药业股份有限公司。住所地：某省某市某路2号。
法定代表人：李某，该公司总经理。
上诉人甲乙制药有限公司因与被上诉人丙丁药业股份有限公司侵害发明专利权纠纷一案，不服某省某市中级人民法院（2098）某01知民初3号民事判决，向本院提起上诉。本院依法组成合议庭审理了本案，现已审理终结。
"""

PARTIES = [
    {
        "name": "甲乙制药有限公司",
        "role": "appellant",
        "role_label": "上诉人（原审被告）",
        "side": "accused",
        "kind": "company",
    },
    {
        "name": "丙丁药业股份有限公司",
        "role": "appellee",
        "role_label": "被上诉人（原审原告）",
        "side": "rights_holder",
        "kind": "company",
    },
]


def write_case(real_dir: Path, doc_id: str, truth: dict, text: str | None = TEXT) -> None:
    """A truth file (and, unless `text` is None, its text) in the real-set layout under `real_dir`."""
    (real_dir / "truth").mkdir(parents=True, exist_ok=True)
    (real_dir / "texts").mkdir(parents=True, exist_ok=True)
    pointer = {
        "url": "https://example.invalid/1",
        "site": "example.invalid",
        "found_with": "invented",
        "retrieved": "2099-01-01",
        "text_sha256": text_sha256(text or ""),
        "complete": False,
    }
    data = {
        "id": doc_id,
        "pointer": pointer,
        "holdout": is_holdout(doc_id),
        "layout": "invented",
        "truth": truth,
    }
    (real_dir / "truth" / f"{doc_id}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    if text is not None:
        (real_dir / "texts" / f"{doc_id}.txt").write_text(text, "utf-8")


@pytest.mark.parametrize(
    ("doc_id", "holdout"), [("c001", False), ("c004", True), ("c010", False), ("c012", True), ("o008", True)]
)
def test_holdout_is_every_fourth_id(doc_id, holdout):
    assert is_holdout(doc_id) is holdout


def test_only_the_fields_the_truth_shows_are_scored():
    found = {
        "document_type": "judgment",
        "case_number": "（2099）最高法知民终1号",
        "decision_date": "2099-01-01",
        "authority": {"name": "最高人民法院", "kind": "court"},
        "parties": PARTIES,
        "outcome": {"infringement": True},
    }
    truth = {"case_number": "（2099）最高法知民终2号", "authority": {"name": "最高人民法院", "kind": "court"}}
    assert score_real(found, truth) == {"case_number": 0.0, "authority.name": 1.0, "authority.kind": 1.0}


@pytest.mark.parametrize(
    ("found_parties", "expected"),
    [
        (PARTIES, {"parties": 1.0, "parties.role_label": 1.0, "parties.side": 1.0, "parties.kind": 1.0}),
        # one of two found, with the wrong side: F1 2/3, details over the one matched
        (
            [dict(PARTIES[0], side="rights_holder")],
            {"parties": 2 / 3, "parties.role_label": 1.0, "parties.side": 0.0, "parties.kind": 1.0},
        ),
        # right names, wrong roles: nothing matches on (name, role) but details are by name
        (
            [dict(p, role="plaintiff") for p in PARTIES],
            {"parties": 0.0, "parties.role_label": 1.0, "parties.side": 1.0, "parties.kind": 1.0},
        ),
        ([], {"parties": 0.0}),
    ],
)
def test_parties_score_name_role_f1_and_the_details_present(found_parties, expected):
    # The truth has no address or representative: the reader's are not scored.
    found = {"parties": [dict(p, address="某地", representative="张某") for p in found_parties]}
    assert score_real(found, {"parties": PARTIES}) == pytest.approx(expected)


def test_a_detail_is_scored_only_over_the_truth_items_that_carry_it():
    truth = {"parties": [PARTIES[0], {"name": "丙丁药业股份有限公司", "role": "appellee"}]}
    found = {"parties": [dict(PARTIES[0]), dict(PARTIES[1], side=None)]}
    assert score_real(found, truth)["parties.side"] == 1.0


def test_the_evaluator_scores_texts_and_skips_pointers_without_text(tmp_path):
    truth = {
        "document_type": "judgment",
        "case_number": "（2099）最高法知民终9999号",  # deliberately wrong: the text says 第1号
        "parties": PARTIES,
        "prior_case_numbers": ["（2098）某01知民初3号"],
    }
    write_case(tmp_path, "c001", truth)
    write_case(tmp_path, "c002", truth, text=None)
    write_case(tmp_path, "c004", truth)

    dev, missing = load_cases("real-dev", tmp_path)
    assert [c.id for c in dev] == ["c001"] and missing == ["c002"]
    held, missing = load_cases("real-holdout", tmp_path)
    assert [c.id for c in held] == ["c004"] and missing == []

    found = extract_text_json(TEXT, "c001.txt")
    scores = score_real(found, truth)
    assert scores["case_number"] == 0.0
    assert {"authority.name", "cause", "procedure", "decision_date", "patents", "products"}.isdisjoint(scores)
    assert any(line.startswith("case_number: found") for line in mismatches_real(found, truth))
    table = real_field_table([(dev[0], found)])
    assert set(table) == set(scores) and table["case_number"] == 0.0


def test_main_reports_the_skipped_pointers(tmp_path, capsys):
    write_case(tmp_path, "c001", {"case_number": "（2099）最高法知民终1号"})
    write_case(tmp_path, "c002", {"case_number": "（2099）最高法知民终2号"}, text=None)
    assert main_real("real", [], True, tmp_path) == 0
    out = capsys.readouterr().out
    assert "real: 1 documents" in out
    assert "skipped 1 pointer(s) with no text" in out and "c002" in out
