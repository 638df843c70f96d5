"""The 案由 vocabulary and where a document states its cause (extract/causes.py)."""

import pytest

from extract.causes import KINDS, cause_in_statement, find_cause, kind_of, vocabulary


def test_the_vocabulary_is_checked_on_load():
    words = vocabulary()
    assert set(words.values()) <= set(KINDS)
    for cause in ("侵害发明专利权纠纷", "侵犯专利权纠纷", "专利侵权纠纷", "确认不侵害专利权纠纷", "专利权权属纠纷"):
        assert cause in words


@pytest.mark.parametrize(
    "cause, kind",
    [
        ("侵害发明专利权纠纷", "infringement"),
        ("侵犯实用新型专利权纠纷", "infringement"),
        ("专利侵权纠纷", "infringement"),
        ("确认是否落入专利权保护范围纠纷", "linkage"),
        ("确认不侵犯专利权纠纷", "non_infringement"),
        ("专利实施许可合同纠纷", "patent"),
        ("发明专利权无效行政纠纷", "administrative"),
        ("侵害商标权纠纷", "other"),
        ("某某从未见过的纠纷", None),
        (None, None),
    ],
)
def test_kind_of(cause, kind):
    assert kind_of(cause) == kind


@pytest.mark.parametrize(
    "run, cause",
    [
        ("原告甲公司与被告乙公司侵害发明专利权纠纷", "侵害发明专利权纠纷"),
        ("原告甲公司与被告乙公司确认不侵犯发明专利权纠纷", "确认不侵犯发明专利权纠纷"),
        ("上诉人赵某因发明专利无效行政纠纷", "发明专利无效行政纠纷"),
        ("因管辖权异议纠纷", "管辖权异议纠纷"),
        ("张三与李四侵害商标权及不正当竞争纠纷", "侵害商标权及不正当竞争纠纷"),
        ("甲公司与乙局专利行政纠纷", "专利行政纠纷"),
        ("王某某与刘某某", None),
    ],
)
def test_cause_in_statement(run, cause):
    span = cause_in_statement(run)
    assert (run[span[0] : span[1]] if span else None) == cause


@pytest.mark.parametrize(
    "text, cause",
    [
        ("案由：确认是否落入专利权保护范围纠纷。\n请求人某某与被请求人某某专利侵权纠纷一案", "确认是否落入专利权保护范围纠纷"),
        ("依照《关于审理专利纠纷案件适用法律问题的若干规定》审理。", None),  # a law's title
        ("本案系专利纠纷案件。", None),
        ("请求人于2099年1月5日向本局提出专利侵权纠纷处理请求。", "专利侵权纠纷"),
    ],
)
def test_find_cause(text, cause):
    found = find_cause(text, 0, len(text))
    assert (found[0] if found else None) == cause
