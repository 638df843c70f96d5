"""`rulingdesk objection add|list|draft`: the two letters drafted from an objection record."""

from __future__ import annotations

import io
import json

import docx
import pytest
from click.testing import CliRunner

from rulingdesk.cli import cli

CATALOGUE = (
    "产品编码,通用名,规格,生产企业,批准文号,挂网状态,省份\n"
    "YP0012345,艾地骨化醇软胶囊,0.75μg,甲乙制药有限公司,国药准字H20990001,申报中,广东省\n"
)


def run(home, *args):
    return CliRunner().invoke(cli, ["--home", str(home), *args])


@pytest.fixture
def objection_id(home, tmp_path):
    (tmp_path / "catalogue.csv").write_text(CATALOGUE, encoding="utf-8")
    assert run(home, "catalogue", "import", str(tmp_path / "catalogue.csv")).exit_code == 0
    result = run(home, "objection", "add", "--objector", "丙丁医药科技有限公司", "--province", "广东省",
                 "--catalogue-id", "YP0012345", "--patent", "ZL201911937865.X", "--received", "2099-02-01",
                 "--deadline", "2099-03-31", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["id"]


def test_add_and_list(home, objection_id):
    (record,) = [json.loads(line) for line in run(home, "objection", "list").stdout.splitlines()]
    assert record["id"] == objection_id
    assert (record["received"], record["reply_deadline"], record["patent"]) == ("2099-02-01", "2099-03-31", "ZL201911937865.X")


@pytest.mark.parametrize(("kind", "words"), [
    ("opinion_request", ["广东省知识产权局：", "请于2099年3月31日前函复我单位", "第（四）项"]),
    ("dispute_guidance", ["丙丁医药科技有限公司、甲乙制药有限公司：", "向人民法院起诉", "第（五）项"]),
])
def test_draft_each_letter(home, objection_id, tmp_path, kind, words):
    result = run(home, "objection", "draft", str(objection_id), "--kind", kind, "--out", str(tmp_path / "out"), "--json")
    assert result.exit_code == 0, result.output
    (drafted,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert drafted["kind"] == kind and drafted["number"].startswith("粤医采函〔")
    document = docx.Document(io.BytesIO((tmp_path / "out" / drafted["path"]).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    for expected in words + ["艾地骨化醇软胶囊", "YP0012345", "2099年2月1日"]:
        assert expected in text


def test_unknown_objection_is_reported(home, tmp_path):
    result = run(home, "objection", "draft", "99", "--out", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.strip() == "objection 99: no such objection"


def test_deadline_before_receipt_is_a_usage_error(home):
    result = run(home, "objection", "add", "--objector", "甲", "--province", "广东省", "--catalogue-id", "X",
                 "--received", "2099-02-01", "--deadline", "2099-01-01")
    assert result.exit_code == 2


def test_a_reply_deadline_already_past_is_refused(home, tmp_path):
    """An opinion request drafted on 2 December asked for a reply 请于2026年12月1日前函复."""
    (tmp_path / "catalogue.csv").write_text(CATALOGUE, encoding="utf-8")
    assert run(home, "catalogue", "import", str(tmp_path / "catalogue.csv")).exit_code == 0
    added = run(home, "objection", "add", "--objector", "丙丁医药科技有限公司", "--province", "广东省",
                "--catalogue-id", "YP0012345", "--received", "2020-02-01", "--deadline", "2020-03-01", "--json")
    objection = json.loads(added.stdout)["id"]
    result = run(home, "objection", "draft", str(objection), "--kind", "opinion_request", "--out", str(tmp_path / "o"))
    assert result.exit_code == 1 and "答复期限2020年3月1日不晚于发文日期" in result.stderr
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").iterdir())


def test_a_province_without_an_agency_in_the_settings_is_refused(home, tmp_path):
    (tmp_path / "catalogue.csv").write_text(CATALOGUE.replace("广东省", "浙江省"), encoding="utf-8")
    assert run(home, "catalogue", "import", str(tmp_path / "catalogue.csv")).exit_code == 0
    added = run(home, "objection", "add", "--objector", "丙丁医药科技有限公司", "--province", "浙江省",
                "--catalogue-id", "YP0012345", "--received", "2099-02-01", "--json")
    result = run(home, "objection", "draft", str(json.loads(added.stdout)["id"]), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1 and '[procurement."浙江省"]' in result.stderr and "Traceback" not in result.output
