"""`rulingdesk match RULING.json --catalogue FILE --json` (contract §3)."""

import json

import pytest
from click.testing import CliRunner

from rulingdesk.cli import cli

CSV = (
    "省份,产品编码,通用名,剂型,规格,包装,生产企业,批准文号,挂网状态\n"
    "广东省,YP1,艾地骨化醇软胶囊,软胶囊剂,0.75ug,10粒/盒,甲制药有限公司,国药准字H20213456,已挂网\n"
    "广东省,YP2,艾地骨化醇软胶囊,软胶囊剂,0.75ug,10粒/盒,乙药业有限公司,国药准字H20213999,已挂网\n"
    "广东省,YP3,艾地骨化醇软胶囊,软胶囊剂,0.5ug,10粒/盒,甲制药有限公司,国药准字H20213457,已挂网\n"
)
RULING = {
    "schema": "rulingdesk.ruling/1",
    "source": {"filename": "a.pdf", "sha256": "0" * 64, "pages": 3},
    "document_type": "judgment",
    "authority": {"name": "最高人民法院", "kind": "court"},
    "case_number": "（2099）最高法知民终1号",
    "parties": [],
    "patents": [],
    "products": [
        {"name": "艾地骨化醇软胶囊", "specification": "0.75μg", "manufacturer": "甲制药（中国）有限公司"},
        {"name": "某某片"},
    ],
    "outcome": {"infringement": True},
    "evidence": [],
}


@pytest.fixture
def files(tmp_path):
    catalogue = tmp_path / "gd.csv"
    catalogue.write_text(CSV, encoding="utf-8-sig")
    ruling = tmp_path / "ruling.json"
    ruling.write_text(json.dumps(RULING, ensure_ascii=False), encoding="utf-8")
    return ruling, catalogue


def test_match_json_lists_candidates_best_first_with_reasons(home, database_url, files):
    ruling, catalogue = files
    result = CliRunner().invoke(cli, ["match", str(ruling), "--catalogue", str(catalogue), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0] == {
        "product": 0,
        "catalogue_id": "YP1",
        "province": "广东省",
        "score": lines[0]["score"],
        "decision": "auto",
        "because": ["通用名 equal", "剂型 equal", "规格 equal", "生产企业 equal after normalisation"],
    }
    assert lines[0]["score"] > 0.95
    assert [(line["catalogue_id"], line["decision"]) for line in lines[1:]] == [("YP3", "rejected")]


def test_match_without_json_prints_a_summary(home, database_url, files):
    ruling, catalogue = files
    result = CliRunner().invoke(cli, ["match", str(ruling), "--catalogue", str(catalogue)])
    assert "（2099）最高法知民终1号" in result.stdout
    assert "auto" in result.stdout and "no candidates" in result.stdout


@pytest.mark.parametrize(
    ("content", "reason"), [("{not json", "not JSON"), ('{"schema": "x"}', "not a rulingdesk")]
)
def test_a_ruling_that_is_not_extract_output_is_exit_1(home, database_url, tmp_path, content, reason):
    path = tmp_path / "r.json"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["match", str(path)])
    assert result.exit_code == 1
    assert reason in result.stderr and "Traceback" not in result.output
