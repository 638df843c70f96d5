import pytest

from extract.party_block import PARTY_DETAIL, normalise_label, party_block, read_label
from extract.segments import paragraph_spans


@pytest.mark.parametrize(
    "line, label, name",
    [
        ("上诉人（原审被告）：甲制药有限公司，住所地……", "上诉人（原审被告）", "甲制药有限公司"),
        ("原告甲制药有限公司，住所地甲省乙市。", "原告", "甲制药有限公司"),
        ("上诉人(原审被告)乙制药股份有限公司。", "上诉人(原审被告)", "乙制药股份有限公司"),
        ("原审被告张某某。", "原审被告", "张某某"),
        ("被告王某，男，2060年1月1日出生，汉族。", "被告", "王某"),
        ("被请求人 甲公司", "被请求人", "甲公司"),
        ("被请求人\u3000\u3000甲公司\u3000\u3000住所地甲省", "被请求人", "甲公司"),
        ("请求人一：甲公司", "请求人一", "甲公司"),
        ("请求人（二）：乙公司", "请求人（二）", "乙公司"),
        ("第一被告：丙公司", "第一被告", "丙公司"),
        ("原\u3000告：丁公司", "原\u3000告", "丁公司"),
        ("原告十堰甲药业有限公司，住所地甲省。", "原告", "十堰甲药业有限公司"),
        ("被告（香港）甲医药有限公司，住所地香港。", "被告", "（香港）甲医药有限公司"),
        ("申请再审人（一审被告、二审上诉人）：戊公司", "申请再审人（一审被告、二审上诉人）", "戊公司"),
        ("请求人（专利权人）：己公司", "请求人（专利权人）", "己公司"),
        ("利害关系人：庚公司，住所地甲省。", "利害关系人", "庚公司"),
        ("原告：伊尔公司（Eel Pharma Co., Ltd.），住所地某国。", "原告", "伊尔公司（Eel Pharma Co., Ltd.）"),
        (
            "上诉人（原审被告）；甲公司，住所地甲省。",
            "上诉人（原审被告）",
            "甲公司",
        ),  # OCR's semicolon for the colon
        ("原告∶甲公司，住所地甲省。", "原告", "甲公司"),  # the ratio sign word processors put for a colon
    ],
)
def test_read_label(line, label, name):
    found = read_label(line)
    assert (found.label, line[found.name_start : found.name_end]) == (label, name)


@pytest.mark.parametrize(
    "line",
    [
        "原告甲公司与被告乙公司侵害发明专利权纠纷一案，本院于2099年1月2日立案。",
        "原告诉称：被告生产的产品落入涉案专利保护范围。",
        "被告辩称，其不构成侵权。",
        "第三人述称",
        "上诉人甲公司不服一审判决，提起上诉。",
        "上诉人甲公司、乙公司（以下简称乙公司）因侵害发明专利权纠纷一案，不服某某法院民事判决。",
        "原告甲公司向本院提出诉讼请求：",
        "被告经本院传票传唤，无正当理由未到庭参加诉讼。",
        "请求人认为，涉案产品落入保护范围。",
        "原告对此不予认可。",
    ],
)
def test_prose_is_not_a_party_line(line):
    assert read_label(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "法定代表人：张某",
        "住\u3000\u3000所：甲省",
        "诉讼代表人：李某",
        "代表人：王某",
        "两上诉人共同委托诉讼代理人：赵某",
        "男，汉族，2060年出生",
        "（原名称：甲公司）",
    ],
)
def test_detail_lines(line):
    assert PARTY_DETAIL.match(line)


@pytest.mark.parametrize(
    "label, normalised",
    [
        ("上诉人(原审被告)", "上诉人（原审被告）"),
        ("原\u3000告", "原告"),
        ("被请求人 二", "被请求人二"),
        ("请求人（一）", "请求人（一）"),
    ],
)
def test_normalise_label(label, normalised):
    assert normalise_label(label) == normalised


def _pieces(text: str) -> tuple[list[str], int]:
    paras = paragraph_spans(text)
    first = next(i for i, (s, e) in enumerate(paras) if read_label(text[s:e].strip()))
    pieces, after = party_block(text, paras, first)
    return [text[s:e] for s, e in pieces], after


def test_run_together_paragraph_is_cut_at_each_label_and_detail():
    text = "案号\n原告：甲公司。住所地：甲省。法定代表人：张某。委托代理人：李某。被告：乙公司，住所地乙省。原告与被告纠纷一案，本院立案。\n本院认为"
    pieces, after = _pieces(text)
    assert pieces == [
        "原告：甲公司。",
        "住所地：甲省。",
        "法定代表人：张某。",
        "委托代理人：李某。",
        "被告：乙公司，住所地乙省。",
    ]
    assert after == 1  # the history starts in the block's own paragraph


def test_a_line_broken_inside_a_sentence_continues_the_piece():
    text = "原告：甲公司，住所地甲省乙市丙\n路1号。\n被告：乙公司。\n原告与被告纠纷一案"
    assert _pieces(text) == (["原告：甲公司，住所地甲省乙市丙\n路1号。", "被告：乙公司。"], 3)


def test_summary_rows_give_way_to_the_documents_own_block():
    text = "案件编号\t某裁〔2099〕1号\n请求人\t甲公司\n被请求人\t乙公司\n涉案药品\t某某片（受理号：CYHS9900001）\n【当事人】\n请求人：甲公司，住所地甲省。\n被请求人：乙公司，住所地乙省。\n请求人于2099年1月1日向本局提出请求，本局受理后依法审理。"
    pieces, after = _pieces(text)
    assert pieces == ["请求人：甲公司，住所地甲省。", "被请求人：乙公司，住所地乙省。"]
    assert after == 7


def test_vocabularies_load_once_each():
    from extract.party_block import DETAIL_WORDS, ROLE_WORDS

    words = [w for w, _ in ROLE_WORDS]
    assert len(set(words)) == len(words) and len(set(DETAIL_WORDS)) == len(DETAIL_WORDS)
    assert words == sorted(words, key=len, reverse=True)  # longest first: 被上诉人 before 上诉人


def test_a_compacted_block_after_a_number_with_zhi_yi():
    text = "某某知识产权法院 民事裁定书 （2099）某73民初5号之一申请人：甲公司，住所地甲省。被申请人：乙公司，住所地乙省。申请人甲公司于2099年1月2日向本院提出申请。"
    from extract.party_block import embedded_party_block

    paras = paragraph_spans(text)
    at, pieces, _ = embedded_party_block(text, paras, 0)
    assert text[at:].startswith("申请人：甲公司")
    assert [text[s:e] for s, e in pieces] == [
        "申请人：甲公司，住所地甲省。",
        "被申请人：乙公司，住所地乙省。",
    ]
