"""Which documents a ruling's actions produce, and how they are numbered and named."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from extract.model import Party
from generate.decisions import decide
from generate.documents import plan_copy_letter, plan_notices, title_lines
from generate.render import document_number, draft, file_name
from generate.settings import DEFAULT_SETTINGS, parse_settings
from tests.generate.generate_builders import make_item, make_match, make_ruling

SETTINGS = parse_settings(DEFAULT_SETTINGS)


@pytest.mark.parametrize(("prefix", "year", "sequence", "expected"), [
    ("粤医采", 2099, 12, "粤医采〔2099〕12号"),
    ("粤知函", 2099, 3, "粤知函〔2099〕3号"),
    ("苏医采", 2100, 1, "苏医采〔2100〕1号"),
])
def test_document_number(prefix, year, sequence, expected):
    assert document_number(prefix, year, sequence) == expected


def _kinds(plans):
    return sorted((p.kind, p.enterprise, p.catalogue_ids) for p in plans)


def test_one_notice_per_kind_and_enterprise():
    ruling = make_ruling()  # two accused makers, both ordered to stop, each with its product
    other = dataclasses.replace(ruling.products[0], manufacturer="戊己药业有限公司", party="戊己药业有限公司")
    ruling = dataclasses.replace(ruling, parties=(*ruling.parties, Party("戊己药业有限公司", "appellant", side="accused")),
                                 products=(*ruling.products, other))
    items = [
        make_item("已挂网", catalogue_id="A1"),
        make_item("暂停挂网", catalogue_id="A2"),
        dataclasses.replace(make_item("已挂网", catalogue_id="B1"), manufacturer="戊己药业有限公司"),
        make_item("已挂网", selected=True, catalogue_id="A3"),
        make_item("申报中", catalogue_id="A4"),
    ]
    matches = [make_match(i, product=1 if i.catalogue_id == "B1" else 0) for i in items]
    plans = plan_notices(ruling, decide(ruling, matches), SETTINGS)
    assert _kinds(plans) == [
        ("delisting_notice", "戊己药业有限公司", ("B1",)),
        ("delisting_notice", "甲乙制药有限公司", ("A1", "A2", "A3")),
        ("listing_refusal_notice", "甲乙制药有限公司", ("A4",)),
        ("selection_cancellation_notice", "甲乙制药有限公司", ("A3",)),
    ]


def test_watch_and_none_draft_nothing():
    ruling = make_ruling(effective=False)
    assert plan_notices(ruling, decide(ruling, [make_match(make_item())]), SETTINGS) == []


@pytest.mark.parametrize(("kwargs", "expected_followup"), [
    ({}, "请指导医药集中采购机构"),
    ({"infringement": False, "orders": ()}, "供你局知悉"),
    ({"cause": "确认是否落入专利权保护范围纠纷", "orders": ()}, "供你局知悉"),
])
def test_copy_letter_for_every_ip_office_ruling(kwargs, expected_followup):
    ruling = make_ruling("administrative_ruling", **kwargs)
    plan = plan_copy_letter(ruling, decide(ruling, [make_match(make_item())]), SETTINGS)
    assert plan.prefix == "粤知函"
    assert expected_followup in plan.values["followup"]
    assert plan.values["addressee"] == "广东省医疗保障局"


def test_no_copy_letter_for_a_court_judgment():
    ruling = make_ruling()
    assert plan_copy_letter(ruling, decide(ruling, [make_match(make_item())]), SETTINGS) is None


def test_draft_numbers_each_document_once_and_writes_it(tmp_path):
    ruling = make_ruling()
    items = [make_item("已挂网", True, "A1"), make_item("申报中", False, "A2")]
    plans = plan_notices(ruling, decide(ruling, [make_match(i) for i in items]), SETTINGS)
    calls, counter = [], itertools.count(7)

    def allocate(prefix, year):
        calls.append((prefix, year))
        return next(counter)

    drafted = draft(plans, tmp_path, allocate, dt.date(2099, 3, 5))
    assert calls == [("粤医采", 2099)] * 3
    assert [d.number for d in drafted] == ["粤医采〔2099〕7号", "粤医采〔2099〕8号", "粤医采〔2099〕9号"]
    assert all((tmp_path / d.path).stat().st_size > 5000 for d in drafted)
    assert drafted[0].title == "关于撤销甲乙制药有限公司艾地骨化醇软胶囊挂网资格的通知"


@pytest.mark.parametrize(("enterprise", "expected"), [
    ("甲乙制药有限公司", "delisting_notice_粤医采2099-3_甲乙制药有限公司.docx"),
    ("甲/乙: 公司", "delisting_notice_粤医采2099-3_甲_乙_公司.docx"),
])
def test_file_names_are_safe(enterprise, expected):
    plan = plan_notices(make_ruling(), decide(make_ruling(), [make_match(make_item())]), SETTINGS)[0]
    assert file_name(dataclasses.replace(plan, enterprise=enterprise), "粤医采〔2099〕3号") == expected


@pytest.mark.parametrize(("title", "lines"), [
    ("关于短标题的通知", ["关于短标题的通知"]),
    ("关于撤销甲乙制药有限公司艾地骨化醇软胶囊挂网资格的通知", ["关于撤销甲乙制药有限公司", "艾地骨化醇软胶囊挂网资格的通知"]),
    ("关于艾地骨化醇软胶囊专利纠纷处理途径的告知书", ["关于艾地骨化醇软胶囊", "专利纠纷处理途径的告知书"]),
    ("关于丙丁医药科技有限公司与甲乙制药有限公司专利侵权纠纷案件办理结果的函",
     ["关于丙丁医药科技有限公司", "与甲乙制药有限公司", "专利侵权纠纷案件办理结果的函"]),
    ("关于成都蓉晟药业股份有限公司与四川天府康泰制药有限公司、成都锦岚医药有限公司专利侵权纠纷案件办理结果的函",
     ["关于成都蓉晟药业股份有限公司", "与四川天府康泰制药有限公司、", "成都锦岚医药有限公司", "专利侵权纠纷案件办理结果的函"]),
])
def test_long_titles_break_at_natural_places(title, lines):
    assert title_lines(title) == lines


@given(st.text(alphabet="关于撤销公司的通知专利挂网甲乙丙、", min_size=1, max_size=80))
def test_title_lines_keep_every_character_and_fit(title):
    lines = title_lines(title)
    assert "".join(lines) == title
    assert all(0 < len(line) <= 20 for line in lines)
    assume("、、" not in title and not title.startswith("、"))
    assert not any(line.startswith("、") for line in lines[1:])


def test_a_linkage_rulings_copy_letter_does_not_speak_of_infringement():
    """The copy letter of a drug patent linkage ruling was titled …专利侵权纠纷…的函 while its
    body said the finding is not one of infringement."""
    linkage = make_ruling("administrative_ruling", infringement=None, orders=(), cause="确认是否落入专利权保护范围纠纷")
    letter = plan_copy_letter(linkage, [], SETTINGS)
    assert "侵权" not in letter.values["title"] and "药品专利纠纷" in letter.values["title"]
    ordinary = plan_copy_letter(make_ruling("administrative_ruling"), [], SETTINGS)
    assert "专利侵权纠纷案件办理结果的函" in ordinary.values["title"]
