"""`rulingdesk draft` end to end on extract --json input and a small catalogue (contract §4)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus import DEMO_SETTINGS
from extract.jsonout import ruling_to_json
from rulingdesk.cli import cli
from rulingdesk.home import home_dir
from tests.generate.generate_builders import make_item, make_ruling

CATALOGUE = (
    "产品编码,通用名,规格,生产企业,批准文号,挂网状态,中选状态,集采批次,省份\n"
    "YP0012345,艾地骨化醇软胶囊,0.75μg,甲乙制药有限公司,国药准字H20990001,已挂网,中选,第七批国家组织药品集中采购,广东省\n"
    "YP0099999,阿司匹林肠溶片,100mg,戊己药业有限公司,国药准字H20990099,已挂网,,,广东省\n"
)


@pytest.fixture
def files(tmp_path):
    """Writes a ruling as extract --json output and the catalogue; returns a writer."""
    (tmp_path / "catalogue.csv").write_text(CATALOGUE, encoding="utf-8")

    def write(name: str, **kwargs) -> Path:
        ruling = make_ruling(**kwargs)
        ruling = dataclasses.replace(ruling, source=dataclasses.replace(ruling.source, sha256="a" * 64))
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(ruling_to_json(ruling), ensure_ascii=False), encoding="utf-8")
        return path

    return write


def _draft(home, ruling: Path, out: Path, *extra: str):
    args = ["--home", str(home), "draft", str(ruling), "--out", str(out), "--json", "--no-pdf", *extra]
    return CliRunner().invoke(cli, args)


def test_an_effective_judgment_drafts_delisting_and_cancellation(home, files, tmp_path):
    result = _draft(home, files("judgment"), tmp_path / "out", "--catalogue", str(tmp_path / "catalogue.csv"))
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["schema"] == "rulingdesk.actions/1"
    assert payload["ruling"]["actionable"] is True
    assert sorted(a["action"] for a in payload["actions"]) == ["cancel_selection", "delist"]
    kinds = {d["kind"]: d for d in payload["documents"]}
    assert set(kinds) == {"delisting_notice", "selection_cancellation_notice"}
    for action in payload["actions"]:
        assert (tmp_path / "out" / action["document"]).exists()
        assert "（2099）最高法知民终1号" in action["basis"]
    year = dt.date.today().year
    assert sorted(d["number"] for d in payload["documents"]) == [f"粤医采〔{year}〕1号", f"粤医采〔{year}〕2号"]
    assert (home / "settings.toml").exists()


def test_numbers_are_never_given_twice(home, files, tmp_path):
    ruling = files("judgment")
    first = json.loads(_draft(home, ruling, tmp_path / "a", "--catalogue", str(tmp_path / "catalogue.csv")).stdout)
    second = json.loads(_draft(home, ruling, tmp_path / "b").stdout)
    numbers = [d["number"] for d in first["documents"] + second["documents"]]
    assert len(numbers) == 4 and len(set(numbers)) == 4


def test_concurrent_drafting_allocates_distinct_numbers(home, files, tmp_path):
    from generate.pipeline import draft_ruling
    from generate.settings import load_settings
    from matching.model import Match
    from store import open_engine
    from store.numbers import allocate_document_number

    home = home_dir(home)
    engine = open_engine(home)
    settings = load_settings(home)
    ruling = make_ruling()
    numbers: list[str] = []

    def worker(index: int) -> None:
        for round_ in range(4):
            result = draft_ruling(ruling, [Match(0, make_item(), 1.0, "auto", ())], settings, tmp_path / f"w{index}-{round_}",
                                  lambda prefix, year: allocate_document_number(engine, prefix, year), dt.date(2099, 3, 5))
            numbers.extend(d.number for d in result.documents)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(numbers) == 3 * 4  # one delisting notice per draft
    assert len(set(numbers)) == len(numbers)


def test_a_not_yet_effective_judgment_is_watched(home, files, tmp_path):
    payload = json.loads(_draft(home, files("first", effective=False, appeal_period_days=15), tmp_path / "out",
                                "--catalogue", str(tmp_path / "catalogue.csv")).stdout)
    (action,) = payload["actions"]
    assert (action["action"], action["estimated_date"], action["estimate"]) == ("watch", "2099-03-20", True)
    assert payload["documents"] == []


def test_a_later_reversal_proposes_restoring_the_listing(home, files, tmp_path):
    catalogue = ("--catalogue", str(tmp_path / "catalogue.csv"))
    assert _draft(home, files("first", case_number="（2098）粤73民初9号"), tmp_path / "a", *catalogue).exit_code == 0
    reversal = files("appeal", infringement=False, orders=(), prior_case_numbers=("（2098）粤73民初9号",))
    payload = json.loads(_draft(home, reversal, tmp_path / "b").stdout)
    assert [a["action"] for a in payload["actions"]] == ["restore_listing"]
    assert [d["kind"] for d in payload["documents"]] == ["restoration_notice"]


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("missing.json", None, "no such file"),
    ("bad.json", "{not json", "not extract --json output"),
])
def test_unusable_input_is_named_on_stderr(home, tmp_path, name, content, reason):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = _draft(home, path, tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"{path}: {reason}")
    assert "Traceback" not in result.output


def test_missing_out_is_a_usage_error(home, files):
    result = CliRunner().invoke(cli, ["--home", str(home), "draft", str(files("judgment"))])
    assert result.exit_code == 2


def test_an_appeal_upholding_a_watched_judgment_is_acted_on(home, files, tmp_path):
    catalogue = ("--catalogue", str(tmp_path / "catalogue.csv"))
    first = json.loads(_draft(home, files("first", effective=False, case_number="（2098）粤73民初9号"),
                              tmp_path / "a", *catalogue).stdout)
    assert {a["action"] for a in first["actions"]} == {"watch"}
    appeal = files("appeal", orders=("驳回上诉", "维持原判"), prior_case_numbers=("（2098）粤73民初9号",))
    payload = json.loads(_draft(home, appeal, tmp_path / "b").stdout)
    assert sorted(a["action"] for a in payload["actions"]) == ["cancel_selection", "delist"]


CORPUS_PDF = Path(__file__).resolve().parents[2] / "corpus" / "pdf" / "26_js_office_vonoprazan_stop.pdf"


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS_PDF.exists(), reason="corpus PDF not built (python -m corpus.build)")
def test_a_ruling_pdf_end_to_end_with_pdf_copies(home, tmp_path):
    """An IP office ruling read from its PDF: delisting notice and copy-to letter, with PDF copies."""
    from generate.pdf import soffice

    truth = json.loads((CORPUS_PDF.parent.parent / "truth" / f"{CORPUS_PDF.stem}.json").read_text(encoding="utf-8"))
    product = truth["products"][0]
    (tmp_path / "c.csv").write_text(
        "产品编码,通用名,规格,生产企业,批准文号,挂网状态,省份\n"
        f"JS001,{product['name']},{product.get('specification') or ''},{product.get('manufacturer') or ''},"
        f"{'、'.join(product.get('approval_numbers') or [])},已挂网,江苏省\n", encoding="utf-8")
    settings = DEMO_SETTINGS.read_text(encoding="utf-8") + (  # the sample offices, and 江苏省's agency
        '\n[procurement."江苏省"]\nname = "江苏省医药集中采购中心"\nmark = "江苏省医药集中采购中心文件"\n'
        'notice_prefix = "苏医采"\nletter_prefix = "苏医采函"\n')
    (home_dir(home) / "settings.toml").write_text(settings, encoding="utf-8")
    args = ["--home", str(home), "draft", str(CORPUS_PDF), "--out", str(tmp_path / "out"), "--json",
            "--catalogue", str(tmp_path / "c.csv")] + ([] if soffice() else ["--no-pdf"])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [a["action"] for a in payload["actions"]] == ["delist"]
    assert sorted(d["kind"] for d in payload["documents"]) == ["copy_letter", "delisting_notice"]
    if soffice():
        assert all((tmp_path / "out" / d["pdf"]).exists() for d in payload["documents"])


def test_a_province_missing_from_the_settings_drafts_nothing_and_says_what_to_add(home, files, tmp_path):
    """浙江省 was drafted under an invented 浙江省医药集中采购机构文件 with only a warning."""
    (tmp_path / "catalogue.csv").write_text(CATALOGUE.replace("广东省", "浙江省"), encoding="utf-8")
    result = _draft(home, files("judgment"), tmp_path / "out", "--catalogue", str(tmp_path / "catalogue.csv"))
    assert result.exit_code == 1
    assert '[procurement."浙江省"]' in result.stderr and "mark" in result.stderr
    payload = json.loads(result.stdout)
    assert payload["documents"] == [] and {a["action"] for a in payload["actions"]} >= {"delist"}
    assert not list((tmp_path / "out").glob("*.docx"))
