"""The Chinese NLP pipeline: pattern files, tokenizer, entities, drug product names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.nlp import (
    ORGANISATION_LABELS,
    PATTERN_DIR,
    DrugLexicon,
    PatternFileError,
    drug_name_spans,
    find_entities,
    load_pattern_file,
    load_pipeline,
    organisation_ending_at,
)
from extract.patterns import build_dictionaries

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

SENTENCE = (
    "原告苏州恒澜生物医药有限公司（以下简称恒澜公司）与被告河北承泰药业股份有限公司侵害发明专利权纠纷一案，"
    "判令承泰公司停止销售利伐沙班片，上诉于中华人民共和国最高人民法院。请求人向江苏省知识产权局提出请求。"
)


# --- pattern files -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["drugs.jsonl", "dosage_forms.jsonl", "organisations.jsonl"])
def test_shipped_pattern_files_load(name):
    assert load_pattern_file(PATTERN_DIR / name)


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ("{not json", "not JSON"),
        ('["DRUG", "x"]', "expected a JSON object"),
        ('{"label": "PERSON", "pattern": "张三"}', "label 'PERSON'"),
        ('{"label": "DRUG", "pattern": ""}', "pattern must be"),
        ('{"label": "DRUG"}', "pattern must be"),
        ('{"label": "DRUG", "pattern": []}', "token pattern"),
        ('{"label": "DRUG", "pattern": ["利伐沙班"]}', "token pattern"),
        ('{"label": "DRUG", "pattern": "利伐沙班", "id": 3}', "id must be"),
        ('{"label": "DRUG", "pattern": "利伐沙班", "lable": "x"}', "unknown keys"),
    ],
)
def test_bad_pattern_lines_are_named_by_file_and_line(tmp_path, line, complaint):
    path = tmp_path / "drugs.jsonl"
    path.write_text('{"label": "DRUG", "pattern": "利伐沙班"}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(PatternFileError, match=rf"^drugs\.jsonl:3: .*{complaint}"):
        load_pattern_file(path)


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is not checked out beside the repo")
def test_committed_dictionaries_are_what_the_build_script_writes(tmp_path):
    build_dictionaries.build(SHARED_DATA, tmp_path)
    for built in sorted(tmp_path.iterdir()):
        assert built.read_text(encoding="utf-8") == (PATTERN_DIR / built.name).read_text(encoding="utf-8"), (
            built.name
        )


def test_no_company_names_from_the_originator_list_are_entities():
    lines = (PATTERN_DIR / "drugs.jsonl").read_text(encoding="utf-8").splitlines()
    companies = {json.loads(line)["pattern"] for line in lines}
    assert "拜耳医药保健有限公司" not in companies
    assert "辉瑞制药科技有限公司" not in companies


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("阿卡波糖片", "阿卡波糖"),
        ("注射用紫杉醇", "紫杉醇"),
        ("布地奈德福莫特罗吸入粉雾剂(Ⅰ)", "布地奈德福莫特罗"),
        ("利伐沙班", None),
    ],
)
def test_strip_form(name, stem):
    assert build_dictionaries.strip_form(name) == stem


# --- drug product names (no spaCy) -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("被诉侵权产品为利伐沙班片，规格10mg", ["利伐沙班片"]),
        ("艾地骨化醇软胶囊（规格0.75μg）", ["艾地骨化醇软胶囊"]),
        ("注射用紫杉醇", ["注射用紫杉醇"]),
        ("恩格列净二甲双胍片（Ⅰ）及恩格列净片", ["恩格列净二甲双胍片（Ⅰ）", "恩格列净片"]),
        ("富马酸伏诺拉生片", ["富马酸伏诺拉生片"]),
        ("阿卡波糖片、盐酸二甲双胍缓释片", ["阿卡波糖片", "盐酸二甲双胍缓释片"]),
        ("利伐沙班的粒径", []),  # an ingredient without a dosage form is not a product
        ("片面之词", []),
    ],
)
def test_drug_name_spans(text, names):
    spans = drug_name_spans(text)
    assert [name for _start, _end, name in spans] == names
    for start, end, name in spans:
        assert text[start:end] == name


TOY = DrugLexicon.from_names(
    ingredients=["利伐沙班", "阿哌沙班", "二甲双胍", "恩格列净"],
    products=["阿卡波糖片"],
    forms=["片", "缓释片", "软胶囊", "注射液", "注射用"],
    salts=["盐酸", "富马酸"],
)


@given(
    st.sampled_from(["", "盐酸"]),
    st.sampled_from(["利伐沙班", "阿哌沙班", "二甲双胍"]),
    st.sampled_from(["片", "缓释片", "软胶囊", "注射液"]),
    st.text(alphabet="，。的和被告产品为规格", max_size=8),
    st.text(alphabet="，。的和被告产品为规格", max_size=8),
)
def test_every_ingredient_form_combination_is_found_whole(salt, ingredient, form, before, after):
    name = salt + ingredient + form
    text = before + name + "，" + after
    assert drug_name_spans(text, TOY) == [(len(before), len(before) + len(name), name)]


# --- the spaCy pipeline ------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    """The cached pipeline (built once for the whole module: a few seconds)."""
    return load_pipeline()


@pytest.mark.slow
def test_pipeline_uses_its_own_jieba_tokenizer(nlp):
    import jieba

    assert nlp.tokenizer.segmenter is not jieba.dt
    assert "艾地骨化醇软胶囊" in nlp.tokenizer.segmenter.FREQ
    assert "艾地骨化醇软胶囊" not in jieba.dt.FREQ  # the global dictionary is untouched


@pytest.mark.slow
@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="利伐沙班片公司有限法院 \n\t\u3000ab12，。（）", max_size=40))
def test_tokenizer_keeps_every_character(text):
    doc = load_pipeline().make_doc(text)
    assert doc.text == text


@pytest.mark.slow
def test_entities_of_a_ruling_sentence(nlp):
    found = {(e.text, e.label) for e in find_entities(SENTENCE)}
    assert {
        ("苏州恒澜生物医药有限公司", "COMPANY"),
        ("恒澜公司", "COMPANY"),
        ("河北承泰药业股份有限公司", "COMPANY"),
        ("承泰公司", "COMPANY"),  # not "判令承泰公司"
        ("中华人民共和国最高人民法院", "COURT"),
        ("江苏省知识产权局", "IP_OFFICE"),
    } == found
    assert not any(text.startswith(("判令", "原告", "被告", "于")) for text, _label in found)


@pytest.mark.slow
def test_entity_offsets_point_into_the_text(nlp):
    text = "第一段无关。\n" + SENTENCE + "\n\n被告：郑州华嵩药业有限公司。"
    for entity in find_entities(text):
        assert text[entity.start : entity.end] == entity.text


@pytest.mark.slow
def test_only_selected_paragraphs_are_read(nlp):
    text = "原告苏州恒澜生物医药有限公司诉称。\n被告郑州华嵩药业有限公司辩称。"
    found = find_entities(text, select=lambda paragraph: paragraph.startswith("被告"))
    assert [(e.text, e.start) for e in found if e.label == "COMPANY"] == [
        ("郑州华嵩药业有限公司", text.index("郑州"))
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "company"),
    [
        (
            "被告沪康联合（上海）医药供应链管理有限公司浦东第二分公司，住所地",
            "沪康联合（上海）医药供应链管理有限公司浦东第二分公司",
        ),
        ("被请求人福建闽瑞医疗器械有限公司厦门分公司", "福建闽瑞医疗器械有限公司厦门分公司"),
        ("一审判决对华嵩公司的请求", "华嵩公司"),
        ("本案所获赔偿款由海明康公司负担", "海明康公司"),
        ("判令泰和康公司停止", "泰和康公司"),
        ("被请求人二：保定恒利康医疗用品有限公司", "保定恒利康医疗用品有限公司"),  # 保定 is also a verb
        ("被请求人一沧州瑞恒医疗器械有限公司", "沧州瑞恒医疗器械有限公司"),
        ("（反诉原告）河北冀安康药业有限公司", "河北冀安康药业有限公司"),
        ("原审被告济南泉康医药连锁有限公司", "济南泉康医药连锁有限公司"),
        ("上诉人北京澄明医药研究院有限公司", "北京澄明医药研究院有限公司"),
        ("声称冀安康公司已停止销售", "冀安康公司"),
        ("石家庄以岭药业股份有限公司", "石家庄以岭药业股份有限公司"),  # 以 is a breaker, 以岭 is not
        ("经查明星岚药业公司生产", "星岚药业公司"),
        ("另查明，案外人丙丁制药有限公司", "丙丁制药有限公司"),
        ("二〇九七年海瑞公司", "海瑞公司"),  # jieba makes 九七年 one token
        ("2097年3月青禾公司", "青禾公司"),
        ("被告滇和坊公司", "滇和坊公司"),  # 和 inside an unknown name (滇|和|坊|公司)
    ],
)
def test_company_names_stop_at_the_right_word(nlp, text, company):
    assert [e.text for e in find_entities(text) if e.label == "COMPANY"] == [company]


@pytest.mark.slow
@pytest.mark.parametrize("text", ["该公司认可", "有限公司", "分公司负责人", "本院认为", "出厂检验"])
def test_bare_suffixes_name_nobody(nlp, text):
    assert [e for e in find_entities(text) if e.label in ORGANISATION_LABELS] == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "companies"),
    [
        ("澜川公司和滇坊公司", ["澜川公司", "滇坊公司"]),
        ("原告和滇坊公司", ["滇坊公司"]),
        ("产品和青禾医药有限公司", ["青禾医药有限公司"]),
    ],
)
def test_and_between_names_joins_two_names(nlp, text, companies):
    assert [e.text for e in find_entities(text) if e.label == "COMPANY"] == companies


def _any_line(line: str) -> bool:
    return True


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "before", "name"),
    [
        ("原告取得澜川公司生产的X片。", "生产的", "澜川公司"),
        ("经查明，被告青禾生物科技有限公司未经许可制造的X片", "未经许可", "青禾生物科技有限公司"),
        ("第一段。\n系由泽远（南通）医药有限公司研制的X片", "研制的", "泽远（南通）医药有限公司"),
        ("被告张三生产的X片", "生产的", None),  # a person: no organisation
        ("我公司生产的X片", "生产的", None),  # a pronoun names nobody
        ("澜川公司与北辰公司共同生产的X片", "共同", "北辰公司"),
    ],
)
def test_the_organisation_ending_at_a_position(nlp, text, before, name):
    end = text.index(before)
    found = organisation_ending_at(text, end, _any_line)
    assert (found.text if found else None) == name
    if found:
        assert text[found.start : found.end] == found.text and found.end == end


@pytest.mark.slow
def test_only_the_selected_paragraphs_are_read_for_an_organisation(nlp):
    text = "原告澜川公司诉称。\n被告北辰公司辩称。"
    assert organisation_ending_at(text, text.index("诉称"), lambda line: "辩称" in line) is None
    assert organisation_ending_at(text, text.index("辩称"), lambda line: "辩称" in line).text == "北辰公司"


NOISY = "利伐沙班片艾地骨化醇软胶囊注射用紫杉醇盐酸二甲双胍缓释（Ⅰ）()有限公司法院知识产权局原告被告判令，。、 \n\u3000ab12"


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=NOISY, max_size=60))
def test_drug_name_spans_point_into_the_text(text):
    for start, end, name in drug_name_spans(text):
        assert text[start:end] == name


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=NOISY, max_size=60))
def test_entities_point_into_the_text(text):
    for entity in find_entities(text):
        assert text[entity.start : entity.end] == entity.text
