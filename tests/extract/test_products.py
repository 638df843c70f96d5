"""Which products are the accused ones, and what is read about each."""

import pytest

from extract.evidence import document_from_text
from extract.model import Document, Source, Table
from extract.ruling import understand

HEAD = (
    "北京知识产权法院\n民事判决书\n（2099）京73民初5号\n"
    "原告：甲制药有限公司，住所地北京市海淀区。\n"
    "被告：乙药业股份有限公司，住所地江苏省南京市。\n"
    "原告甲制药有限公司（以下简称甲公司）与被告乙药业股份有限公司（以下简称乙公司）侵害发明专利权纠纷一案，本院依法审理。\n"
)
TAIL = (
    "判决如下：\n一、被告乙药业股份有限公司于本判决生效之日起立即停止制造、销售侵害原告专利权的利伐沙班片；\n"
    "二、驳回原告甲制药有限公司的其他诉讼请求。\n案件受理费100元。\n审判长　王某\n二〇九九年三月五日"
)


def _products(body: str, tail: str = TAIL):
    text = HEAD + body + tail
    doc = document_from_text(text)
    tables = _tables(text)
    if tables:
        doc = Document(doc.text, doc.boxes, doc.pages, tables, page_of_char=doc.page_of_char)
    return understand(doc, Source("t.docx", "0" * 64, 1)).products


def _tables(text: str) -> tuple[Table, ...]:
    """The tab-separated lines of `text` as one table, as the readers write them."""
    rows, offset = [], 0
    for line in text.split("\n"):
        if "\t" in line:
            cells, start = [], offset
            for cell in line.split("\t"):
                cells.append((start, start + len(cell)))
                start += len(cell) + 1
            rows.append(tuple(cells))
        offset += len(line) + 1
    return (Table(tuple(rows), 1),) if rows else ()


def test_the_patentees_own_drug_is_background():
    (product,) = _products(
        "甲公司的专利对应的上市药品为原告持有的利伐沙班片（批准文号国药准字H20870215）。\n"
        "被诉侵权产品为乙公司生产的利伐沙班片，规格：10mg，包装：10mg×10片/盒，批准文号：国药准字H20963318，"
        "医保药品代码XB01AFL189A001010107735。\n"
    )
    assert product.name == "利伐沙班片"
    assert product.approval_numbers == ("国药准字H20963318",)
    assert product.specification == "10mg"
    assert product.packaging == "10mg×10片/盒"
    assert product.codes == ("XB01AFL189A001010107735",)
    assert product.manufacturer == "乙药业股份有限公司"  # its short name 乙公司, resolved
    assert product.party == "乙药业股份有限公司"
    assert product.infringes is True


def test_a_product_table_gives_one_product_per_row_and_names_outside_orders_do_not_infringe():
    products = _products(
        "被诉侵权产品的信息如下：\n"
        "产品名称\t规格\t批准文号\t生产企业\n"
        "利伐沙班片\t10mg\t国药准字H20963318\t乙药业股份有限公司\n"
        "阿哌沙班片\t2.5mg\t国药准字H20963319\t乙药业股份有限公司\n"
    )
    assert [(p.name, p.specification, p.approval_numbers, p.infringes) for p in products] == [
        ("利伐沙班片", "10mg", ("国药准字H20963318",), True),
        ("阿哌沙班片", "2.5mg", ("国药准字H20963319",), False),
    ]


def test_device_named_before_its_registration_number():
    (product,) = _products(
        "被诉侵权产品为乙公司制造的药物洗脱冠脉支架系统，型号MK-R3018（支架直径3.0mm，长度18mm），"
        "医疗器械注册证编号为国械注准20963130287，包装为1套/盒。\n"
        "涉案专利权利要求1为：一种冠脉支架系统，包括支架和输送导管。\n",
        TAIL.replace("的利伐沙班片", "的产品"),
    )
    assert product.name == "药物洗脱冠脉支架系统"
    assert product.specification == "MK-R3018"
    assert product.approval_numbers == ("国械注准20963130287",)


def test_compound_device_name_is_one_product():
    """A device name with two head nouns ("球囊" … "导管") is one name, not two."""
    (product,) = _products(
        "被诉侵权产品为乙公司制造的冠状动脉球囊扩张导管，型号BD-2.5，医疗器械注册证编号为国械注准20963030111。\n",
        TAIL.replace("的利伐沙班片", "的产品"),
    )
    assert product.name == "冠状动脉球囊扩张导管"
    assert product.approval_numbers == ("国械注准20963030111",)


def _seen(products):
    """(name, specification, approval numbers, party) of each product read."""
    return [(p.name, p.specification, p.approval_numbers, p.party) for p in products]


ACCUSED = "乙药业股份有限公司"
DEVICE_TAIL = TAIL.replace("的利伐沙班片", "的一次性使用静脉留置针")


# --- class 8: every specification, names and numbers wherever the ruling prints them ---------
@pytest.mark.parametrize(
    ("body", "tail", "expected"),
    [
        pytest.param(
            "被诉侵权产品为乙公司生产的利伐沙班片，规格为5mg、7.5mg，批准文号分别为国药准字H20960001、H20960002。\n", TAIL,
            [("利伐沙班片", "5mg、7.5mg", ("国药准字H20960001", "国药准字H20960002"), ACCUSED)],
            id="a list of strengths after 规格为",
        ),
        pytest.param(
            "被诉侵权产品为乙公司生产的利伐沙班片，规格分别为5mg和7.5mg，批准文号分别为国药准字H20960001、H20960002。\n", TAIL,
            [("利伐沙班片", "5mg、7.5mg", ("国药准字H20960001", "国药准字H20960002"), ACCUSED)],
            id="分别为 … 和 …",
        ),
        pytest.param(
            "被诉侵权产品为乙公司生产的利伐沙班片，批准文号为国药准字H20960001、国药准字H20960002。\n",
            TAIL.replace("的利伐沙班片", "的规格为5mg、7.5mg的利伐沙班片"),
            [("利伐沙班片", "5mg、7.5mg", ("国药准字H20960001", "国药准字H20960002"), ACCUSED)],
            id="strengths printed only in the order, before the name",
        ),
        pytest.param(
            "被诉侵权产品为乙公司生产的利伐沙班片（规格10mg，国药准字H20960001）和利伐沙班片（规格20mg，国药准字H20960002）。\n", TAIL,
            [("利伐沙班片", "10mg、20mg", ("国药准字H20960001", "国药准字H20960002"), ACCUSED)],
            id="one strength per mention, both carried",
        ),
        pytest.param(
            "一审法院认定事实：“……2097年5月，甲公司公证购买了乙公司生产的利伐沙班片，批准文号国药准字H20960004，规格为10mg……”\n"
            "本院二审查明的事实与一审相同。\n", TAIL,
            [("利伐沙班片", "10mg", ("国药准字H20960004",), ACCUSED)],
            id="quoted first-instance facts, ellipsis not in the value",
        ),
        pytest.param(
            "原告主张被告侵害其专利权。\n另查明，乙公司于2097年取得利伐沙班片的药品注册证书，批准文号为国药准字H20960003，规格10mg。\n", TAIL,
            [("利伐沙班片", "10mg", ("国药准字H20960003",), ACCUSED)],
            id="named only in 另查明",
        ),
        pytest.param(
            "被诉侵权产品为乙公司生产的利伐沙班片。\n"
            "甲公司提交的证据3为国家药品监督管理局网站查询结果，显示乙公司持有国药准字H20960006的药品批准证明文件。\n", TAIL,
            [("利伐沙班片", None, ("国药准字H20960006",), ACCUSED)],
            id="approval number only in the evidence list",
        ),
        pytest.param(
            "被诉侵权产品为乙公司生产的“安立伐”牌片剂，批准文号国药准字H20960008。\n",
            TAIL.replace("的利伐沙班片", "的“安立伐”产品"),
            [("安立伐", None, ("国药准字H20960008",), ACCUSED)],
            id="known only by its trade name",
        ),
        pytest.param(
            "被诉侵权产品为乙公司生产的利伐沙班片（商品名：安立伐），批准文号国药准字H20960009。\n", TAIL,
            [("利伐沙班片", None, ("国药准字H20960009",), ACCUSED)],
            id="trade name beside the generic name is not a second product",
        ),
        pytest.param(
            "被诉侵权产品为乙公司生产的“安立伐”利伐沙班片，批准文号国药准字H20960007。\n", TAIL,
            [("利伐沙班片", None, ("国药准字H20960007",), ACCUSED)],
            id="quoted trade name before the generic name",
        ),
    ],
)
def test_specifications_names_and_numbers_wherever_printed(body, tail, expected):
    assert _seen(_products(body, tail)) == expected


@pytest.mark.parametrize(
    ("body", "warned"),
    [
        pytest.param("被诉侵权产品为乙公司生产的利伐沙班片。\n", "未写明批准文号", id="no number anywhere"),
        pytest.param(
            "被诉侵权产品为乙公司生产的利伐沙班片、阿哌沙班片。\n另查明，国药准字H20960050的药品注册证书载明持有人为乙公司。\n",
            "未能确定是否属于被诉产品",
            id="a number the reader cannot attribute is named, not denied",
        ),
    ],
)
def test_a_product_without_a_number_is_warned_about_truthfully(body, warned):
    text = HEAD + body + TAIL.replace("的利伐沙班片", "的利伐沙班片、阿哌沙班片")
    ruling = understand(document_from_text(text), Source("t.docx", "0" * 64, 1))
    product_warnings = [w for w in ruling.warnings if "被诉产品" in w]
    assert product_warnings and all(warned in w for w in product_warnings)


# --- class 9: the rights holder's, a reference or another maker's product lends nothing -----
@pytest.mark.parametrize(
    ("body", "tail", "expected"),
    [
        pytest.param(
            "被诉侵权产品为乙公司生产的利伐沙班片，规格10mg。乙公司申报时使用的参比制剂为甲公司的利伐沙班片，批准文号国药准字J20960010。\n", TAIL,
            [("利伐沙班片", "10mg", (), ACCUSED)],
            id="the reference product later in the same paragraph",
        ),
        pytest.param(
            "被诉侵权产品为乙公司生产的利伐沙班片，规格10mg，批准文号国药准字H20960011。"
            "涉案专利对应的原研药为已在中国上市、批准文号为国药准字J20960012的“利伐沙班片”。\n", TAIL,
            [("利伐沙班片", "10mg", ("国药准字H20960011",), ACCUSED)],
            id="the originator's number printed before its name",
        ),
        pytest.param(
            "涉案专利对应的原研药为批准文号为H20960013和H20960014的“利伐沙班片”（以下简称涉案原研药）。"
            "乙公司以涉案原研药为参比制剂申报了利伐沙班片，并于2097年获批，批准文号为国药准字H20960015。\n", TAIL,
            [("利伐沙班片", None, ("国药准字H20960015",), ACCUSED)],
            id="the generic applied for with the originator as reference is the accused one",
        ),
        pytest.param(
            "原告的上市专利药品为“利伐沙班片（剂型：片剂，规格：10mg，批准文号：国药准字J20960016）”，其上市许可持有人为原告。\n"
            "被诉侵权产品为乙公司生产的利伐沙班片，批准文号为国药准字H20960017。\n", TAIL,
            [("利伐沙班片", None, ("国药准字H20960017",), ACCUSED)],
            id="the patentee's listed drug, quoted with its details",
        ),
        pytest.param(
            "甲公司为涉案专利的独占被许可人，并持有已上市的利伐沙班片（批准文号国药准字J20960018）。\n"
            "被诉侵权产品为乙公司生产的利伐沙班片，批准文号为国药准字H20960019。\n", TAIL,
            [("利伐沙班片", None, ("国药准字H20960019",), ACCUSED)],
            id="持有已上市的 is the rights holder's",
        ),
        pytest.param(
            "被诉侵权产品为乙公司生产的利伐沙班片，批准文号为国药准字H20960018。\n"
            "另查明，案外人丙医药有限公司生产的利伐沙班片（批准文号国药准字H20960019）亦已上市销售。\n", TAIL,
            [("利伐沙班片", None, ("国药准字H20960018",), ACCUSED)],
            id="a non-party's product of the same name",
        ),
        pytest.param(
            "被诉侵权产品为乙公司生产的利伐沙班片，批准文号为国药准字H20960020；"
            "丙医药有限公司生产的利伐沙班片，批准文号为国药准字H20960021，不是本案被诉产品。\n", TAIL,
            [("利伐沙班片", None, ("国药准字H20960020",), ACCUSED)],
            id="another maker's product in the same paragraph, said not to be accused",
        ),
        pytest.param(
            "乙公司生产的利伐沙班片有10mg（国药准字H20960022）、15mg（国药准字H20960023）、20mg（国药准字H20960024）三种规格，"
            "甲公司仅以规格为10mg的利伐沙班片为被诉侵权产品。\n",
            TAIL.replace("的利伐沙班片", "的规格为10mg的利伐沙班片"),
            [("利伐沙班片", "10mg", ("国药准字H20960022",), ACCUSED)],
            id="the accused side's other strengths, each with its number",
        ),
        pytest.param(
            "乙公司持有利伐沙班片的三个批准文号，规格分别为10mg、15mg、20mg，批准文号分别为国药准字H20960025、国药准字H20960026、国药准字H20960027。\n",
            TAIL.replace("的利伐沙班片", "的规格为15mg的利伐沙班片"),
            [("利伐沙班片", "15mg", ("国药准字H20960026",), ACCUSED)],
            id="the accused side's other strengths, numbers 分别",
        ),
        pytest.param(
            "2097年3月，甲公司申请对乙公司仓库进行现场勘验，勘验笔录记载：仓库内存放有标注“利伐沙班片”字样的包装盒若干，"
            "包装盒上印有“批准文号：国药准字H20960032”。被诉侵权产品为乙公司生产的利伐沙班片。\n", TAIL,
            [("利伐沙班片", None, ("国药准字H20960032",), ACCUSED)],
            id="packaging found on site carries the accused product's number",
        ),
        pytest.param(
            "本院对被诉侵权产品进行了拆封勘验，被诉侵权产品的外包装为纸盒，内有一次性使用静脉留置针一支、肝素帽一个、透明敷贴一片，"
            "外包装标注注册证编号国械注准20963140044。\n", DEVICE_TAIL,
            [("一次性使用静脉留置针", None, ("国械注准20963140044",), ACCUSED)],
            id="the contents of an unpacked box are not products",
        ),
    ],
)
def test_only_the_accused_products_details_are_its_own(body, tail, expected):
    assert _seen(_products(body, tail)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "原告产品与被诉侵权产品的比对如下：\n产品名称\t原告产品\t被诉侵权产品\n批准文号\t国药准字J20960028\t国药准字H20960029\n"
            "规格\t10mg\t10mg\n生产企业\t甲制药有限公司\t乙药业股份有限公司\n",
            [("利伐沙班片", "10mg", ("国药准字H20960029",), ACCUSED)],
            id="columns without a name: the accused column goes to the product named elsewhere",
        ),
        pytest.param(
            "双方产品信息对比如下：\n项目\t甲公司利伐沙班片（原研药）\t乙公司利伐沙班片（被诉侵权产品）\n药品名称\t利伐沙班片\t利伐沙班片\n"
            "批准文号\t国药准字J20960030\t国药准字H20960031\n规格\t10mg\t20mg\n",
            [("利伐沙班片", "20mg", ("国药准字H20960031",), ACCUSED)],
            id="columns with a name row",
        ),
    ],
)
def test_a_comparison_table_has_a_column_per_product_not_a_row(body, expected):
    assert _seen(_products(body)) == expected


# --- class 11: the models the order or the finding names, not the certificate's list --------
@pytest.mark.parametrize(
    ("body", "tail", "specification"),
    [
        pytest.param(
            "被诉侵权产品为乙公司生产的一次性使用静脉留置针，其医疗器械注册证编号为国械注准20963140034，注册证载明的型号规格为"
            "BX-18、BX-20、BX-22、BX-25、BX-26。甲公司明确其仅主张型号为BX-20、BX-25的产品构成侵权。\n",
            TAIL.replace("的利伐沙班片", "的型号为BX-20、BX-25的一次性使用静脉留置针"),
            "BX-20、BX-25",
            id="the order's models, not the certificate's",
        ),
        pytest.param(
            "被诉侵权产品为乙公司生产的一次性使用静脉留置针（型号BX-20）。乙公司的医疗器械注册证（国械注准20963140034）载明型号规格为BX-18、BX-20、BX-22。\n",
            DEVICE_TAIL, "BX-20", id="the finding's model in brackets",
        ),
        pytest.param(
            "乙公司持有的医疗器械注册证（编号国械注准20963140034）载明：产品名称一次性使用静脉留置针，型号规格BX-18、BX-20、BX-22、BX-25。"
            "被诉侵权产品为型号BX-22的一次性使用静脉留置针。\n",
            DEVICE_TAIL, "BX-22", id="the finding's model before the name",
        ),
        pytest.param(
            "被诉侵权产品为乙公司生产的一次性使用静脉留置针，型号规格：BX-18、BX-20、BX-22，注册证编号国械注准20963140034。"
            "原告当庭明确BX-18型号不在其主张范围内。\n",
            DEVICE_TAIL, "BX-20、BX-22", id="a model said not to be claimed",
        ),
        pytest.param(
            "被诉侵权产品为乙公司生产的一次性使用静脉留置针，型号规格：BX-18、BX-20、BX-22，注册证编号国械注准20963140034。\n",
            DEVICE_TAIL, "BX-18、BX-20、BX-22", id="nothing narrows: every model printed",
        ),
    ],
)
def test_device_models_are_those_named_and_the_certificate_stays(body, tail, specification):
    (product,) = _products(body, tail)
    assert (product.name, product.specification, product.approval_numbers) == (
        "一次性使用静脉留置针", specification, ("国械注准20963140034",))


def test_a_makers_full_name_is_not_cut_at_the_you_of_youxian():
    """有 before a product name ("其持有利伐沙班片") is cut, 有 of 有限公司 is not."""
    from extract.products import NAME_LEFT_CUT

    assert NAME_LEFT_CUT.sub("", "湖北某某制药有限公司") == "湖北某某制药有限公司"
    assert NAME_LEFT_CUT.sub("", "其持有利伐沙班片") == "利伐沙班片"


def test_a_two_column_table_read_by_ocr_as_label_value_lines():
    """A linkage ruling's 项目/内容 table on a scan: OCR gives "label value" lines, not cells.
    The generic's rows give its details; the registered originator named above is background."""
    from extract.model import Document, Source
    from extract.ruling import understand

    text = ("国家知识产权局\n行政裁决书\n国知药裁〔2097〕8号\n请求人：甲医药有限公司，住所地北京市。\n"
            "被请求人：乙制药有限公司，住所地湖北省武汉市。\n"
            "请求人甲医药有限公司与被请求人乙制药有限公司确认是否落入专利权保护范围纠纷一案，本局受理后审理终结。\n"
            "本案涉及的专利与仿制药信息如下：\n项目 内容\n专利号 ZL209710903371.5\n"
            "登记的上市药品 达格列净片（商品名：某某，\n进口药品，国药准字HJ20970061）\n"
            "仿制药名称 达格列净片\n仿制药规格 10mg（按C21H25ClO6计）\n仿制药受理号 CYHS9701286国\n"
            "仿制药申请人 乙制药有限公司\n声明类型 4.2类\n"
            "请求人请求确认被请求人申请注册的达格列净片的技术方案落入涉案专利权利要求1的保护范围。\n裁决如下：\n"
            "被请求人乙制药有限公司申请注册的达格列净片（受理号：CYHS9701286国）的技术方案落入请求人专利权利要求1的保护范围。")
    ruling = understand(Document(text, (None,) * len(text), 1), Source("x.txt", "0" * 64, 1))
    (product,) = ruling.products
    assert product.specification == "10mg（按C21H25ClO6计）"
    assert product.approval_numbers == ()  # the originator's HJ number is not the generic's


@pytest.mark.parametrize(
    ("paragraph", "names"),
    [
        ("本院认为，原告的诉讼请求有事实和法律依据，本院予以支持。", []),  # no form, no device head: skipped at once
        ("被告生产的阿帕他胺片落入保护范围。", ["阿帕他胺片"]),  # an ingredient the dictionary does not know + a form
        ("被诉侵权产品为一次性使用吻合器。", ["一次性使用吻合器"]),  # a device head
    ],
)
def test_name_shapes_are_tried_only_where_their_form_or_head_is(monkeypatch, paragraph, names):
    """The gate that skips the two slow name shapes (issue 12: a 100,000-paragraph DOCX
    took 60 s) finds what the shapes alone find."""
    from extract import products
    from extract.nlp import drug_name_spans

    gated = products._names_in(paragraph, drug_name_spans)
    assert [name for _, _, name in gated] == names
    monkeypatch.setattr(products, "_matches", lambda pattern, needed, text: pattern.finditer(text))
    assert products._names_in(paragraph, drug_name_spans) == gated
