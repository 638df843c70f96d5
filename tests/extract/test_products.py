"""Which products are the accused ones, and what is read about each."""

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
