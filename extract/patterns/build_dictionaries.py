"""Rebuild the dictionary files of `extract/patterns/` from `../shared/data/`.

    .venv/bin/python -m extract.patterns.build_dictionaries [--data DIR]

Writes (committed; the package never reads ../shared at run time):
- `drugs.jsonl`: DRUG phrase patterns. id "generic" = active ingredient (利伐沙班, 盐酸二甲双胍,
  also without a salt prefix), id "product" = generic + dosage form as catalogues print it
  (阿卡波糖片), id "trade_name" = originator trade names (拜唐苹). Company names in
  originator-drugs.csv are NOT used: they are real companies, never entities to accuse.
- `dosage_forms.jsonl`: DOSAGE_FORM phrase patterns, the written forms of `dosage_forms.tsv`
  (the one list of dosage forms, read through `extract.dosage_forms`).
- `legal_terms.jsonl`: LEGAL_TERM phrase patterns (hand-made list below).
- `organisations.jsonl`: COMPANY / COURT / IP_OFFICE patterns of the LAST token of a name
  (有限公司, 法院, 知识产权局); the pipeline grows each name leftwards (made below, the
  company-name ends from `company_suffixes.tsv`).
- `name_breakers.txt`: words at which such a name stops (判令, 侵害, 关于…; from jieba's tags).
- `drug_products.jsonl`: DRUG token patterns joining an ingredient token and a dosage-form token
  (利伐沙班 + 片), for products that are not listed whole.
- `userdict.txt`: the user dictionary of the pipeline's own jieba tokenizer (with frequency 0:
  jieba words our tokenizer must not use, see `words_to_forget`).

Dosage forms, salts and company-name suffixes are not listed here: their one list each is
`dosage_forms.tsv`, `salts.txt` and `company_suffixes.tsv`, read through `extract.dosage_forms`,
`extract.salts` and `extract.company_suffixes`.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections.abc import Iterable
from pathlib import Path

from extract import company_suffixes, dosage_forms
from extract.dosage_forms import split_form
from extract.salts import salts
from extract.stop_orders import vocabulary as stop_vocabulary

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent.parent / "shared" / "data"

LEGAL_TERMS = (
    "侵害发明专利权纠纷", "侵害实用新型专利权纠纷", "侵害外观设计专利权纠纷", "专利侵权纠纷",
    "侵害专利权纠纷", "确认是否落入专利权保护范围纠纷", "专利权权属纠纷",
    "被诉侵权产品", "被诉侵权技术方案", "被诉侵权设计", "涉案专利", "涉案产品",
    "委托诉讼代理人", "委托代理人", "法定代表人", "主要负责人", "统一社会信用代码",
    "上诉人", "被上诉人", "原审原告", "原审被告", "再审申请人", "被申请人", "请求人", "被请求人",
    "第三人", "专利权人", "利害关系人", "上市许可持有人",
    "许诺销售", "赔偿经济损失", "合理开支", "驳回上诉", "维持原判", "撤销原判", "发回重审",
    "驳回诉讼请求", "驳回全部诉讼请求", "驳回其他诉讼请求", "驳回请求人的请求", "终审判决",
    "本判决为终审判决", "行政裁决", "行政裁决书", "民事判决书", "民事裁定书", "处理决定书",
    "权利要求", "独立权利要求", "从属权利要求", "保护范围", "专利权的保护范围",
    "全面覆盖原则", "等同特征", "相同特征", "现有技术抗辩", "现有设计抗辩", "先用权抗辩",
    "合法来源抗辩", "不视为侵犯专利权", "无效宣告请求", "无效宣告请求审查决定",
    "仿制药", "上市许可申请", "药品专利纠纷早期解决机制", "中国上市药品专利信息登记平台",
    "挂网", "撤网", "集中采购", "中选", "公证书", "鉴定意见", "落入", "未落入", "不落入",
    "判决如下", "裁决如下", "决定如下", "经审理查明", "本院认为", "经审理认定事实如下",
) + tuple(f"停止{word}" for word in (*stop_vocabulary().acts, *stop_vocabulary().wholes))  # fmt: skip

# Words that cannot be part of an organisation's name: walking left from 有限公司/法院/知识产权局,
# the name ends at the first of them ("判令承泰公司" → 承泰公司). Added to the jieba-derived list.
# Single characters come only from here (unknown names are segmented into single characters, so
# a jieba verb like 承 would cut 承泰 in two); 和, common in names (泰和康), is not one.
NOT_NAME = (
    "原告", "被告", "上诉人", "被上诉人", "请求人", "被请求人", "申请人", "被申请人", "第三人",
    "专利权人", "再审申请人", "一审", "二审", "原审", "再审", "本", "该", "其", "某", "上述", "涉案",
    "简称", "以下简称", "委托", "诉", "称", "系", "为", "的", "与", "及", "以及", "或", "对", "被",
    "向", "于", "在", "由", "经", "是", "即", "并", "将", "至", "到", "给", "从", "但", "亦", "均",
    "各", "两", "另", "此", "这", "我", "贵", "等", "内", "日", "月", "年", "后", "前", "了", "归",
    "判令", "酌定", "改判", "许可", "证明", "认可", "确认", "责令", "主张", "购得", "购买", "当事人",
    "双方", "生产企业", "上市许可持有人", "注册人", "备案人", "持有人", "经营者", "销售者", "制造商",
    "本院", "本局", "反诉原告", "反诉被告", "且", "以", "依", "因", "若", "而", "则", "故", "和",
    # verbs jieba tags as nouns
    "声称", "辩称", "诉称", "述称", "陈述", "出具", "提供", "授权", "指定", "起诉", "出厂", "答辩",
    *(f"{role}{n}" for role in ("原告", "被告", "请求人", "被请求人", "上诉人", "被上诉人", "第三人")
      for n in "一二三四五六"),
)  # fmt: skip

# Cities and districts that jieba tags as verbs (保定, 开封, 大同…): they begin company names, so
# they are never breakers. The list is wider than needed; only the verb-tagged ones matter.
PLACE_NAMES = frozenset(
    """北京 天津 上海 重庆 石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 太原 大同
    阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁 呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 沈阳 大连
    鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛 长春 吉林 四平 辽源 通化 白山
    松原 白城 延边 哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 南京
    无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 杭州 宁波 温州 嘉兴 湖州 绍兴
    金华 衢州 舟山 台州 丽水 合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安
    亳州 池州 宣城 福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德 南昌 景德镇 萍乡 九江 新余 鹰潭
    赣州 吉安 宜春 抚州 上饶 济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州
    聊城 滨州 菏泽 郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳
    周口 驻马店 武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 长沙 株洲 湘潭 衡阳
    邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名
    肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮 南宁 柳州 桂林 梧州 北海 防城港
    钦州 贵港 玉林 百色 贺州 河池 来宾 崇左 海口 三亚 儋州 成都 自贡 攀枝花 泸州 德阳 绵阳 广元
    遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 贵阳 六盘水 遵义 安顺 毕节 铜仁 昆明
    曲靖 玉溪 保山 昭通 丽江 普洱 临沧 拉萨 西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛
    兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 西宁 海东 银川 石嘴山 吴忠 固原
    中卫 乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉 喀什 和田 伊犁 浦东 顺德 昆山 江阴 宜兴 常熟 张家港
    太仓 义乌 慈溪 余姚 诸暨 温岭 乐清 瑞安 晋江 石狮 寿光 即墨 胶州 平度 龙口 荣成 如皋 海门
    启东 靖江 泰兴 兴化 丹阳 溧阳 通州 大兴 昌平 海淀 丰台 顺义 怀柔 密云 延庆 平谷 房山 闵行
    嘉定 松江 青浦 奉贤 金山 崇明 宝山 徐汇 长宁 静安 普陀 虹口 杨浦 黄浦 南岸 江北 渝北 巴南
    北碚 万州 涪陵 长寿 永川 合川 江津 奉节 高新 经开""".split()
)

# Company names that begin with a breaker character: one token each, so they are not cut.
NAMES_STARTING_WITH_A_PARTICLE = ("以岭", "和黄", "和记", "因美纳", "依生")

# Verbs and other words jieba tags as v/d/r/… that companies use in their names: never breakers.
NAME_WORDS = frozenset(
    {
        "投资", "控股", "制药", "生产", "开发", "发展", "创新", "管理", "代理", "贸易", "销售",
        "经营", "咨询", "服务", "研究", "检测", "制造", "营销", "配送", "供应", "进出口", "流通",
        "先声", "正大", "济民", "同仁", "复星", "华润", "健康", "养生", "联合", "合成", "生化",
        "康复", "医疗", "保健", "科技", "技术", "信息", "实业", "集团", "国际", "中国", "中华",
        "东方", "天然", "精细", "振兴", "广药", "白云山", "九州", "三九", "万邦", "通化", "长春",
    }
)  # fmt: skip
_BREAKER_TAGS = frozenset(
    {"v", "vd", "vg", "d", "ad", "m", "mq", "t", "tg", "r", "c", "f", "q", "p", "o", "y", "e", "u"}
)

# The last token of an organisation's name; the pipeline grows the name leftwards from it.
ORGANISATION_PATTERNS = (
    {
        "label": "COMPANY",
        "id": "company",
        "pattern": [
            {
                "TEXT": {
                    # 有限公司, 集团, 厂, 研究院 …: a company's or an institute's name ends with it
                    "REGEX": f"(?:{company_suffixes.chinese(company_suffixes.LEGAL, company_suffixes.COMPANY, company_suffixes.INSTITUTE)})$",
                    "NOT_IN": ["该公司", "本公司", "其公司", "子公司", "母公司", "两公司", "各公司"],
                }
            }
        ],
    },
    {"label": "COURT", "id": "court", "pattern": [{"TEXT": {"REGEX": r"法院$", "NOT_IN": ["本院"]}}]},
    {"label": "IP_OFFICE", "id": "ip_office", "pattern": [{"TEXT": {"REGEX": r"知识产权局$"}}]},
)


_PARTICLES = "对为向由从经系与及归给被于在将至到"


def words_to_forget() -> list[str]:
    """Rare proper-noun words of jieba's dictionary that start with a particle (对华, 归海, 于洋):
    they glue the particle to the next name ("对华嵩公司" → 对华|嵩|公司). Written to the user
    dictionary with frequency 0, which removes them from our tokenizer only."""
    import jieba

    forget = []
    with jieba.get_dict_file() as handle:
        for line in handle:
            word, frequency, tag = line.decode("utf-8").split()
            proper = tag in {"nr", "nrt", "nrfg", "ns", "nz", "nt", "j"}
            if len(word) == 2 and word[0] in _PARTICLES and proper and int(frequency) < 500:
                forget.append(word)
    return sorted(forget)


def name_breakers() -> list[str]:
    """Common jieba dictionary words tagged verb/adverb/pronoun/numeral/preposition…, plus
    NOT_NAME and LEGAL_TERMS, minus NAME_WORDS and PLACE_NAMES: the words at which an
    organisation's name stops."""
    import jieba

    words = set(NOT_NAME) | set(LEGAL_TERMS)  # 原审被告, 上诉人… are one token each
    with jieba.get_dict_file() as handle:
        for line in handle:
            word, frequency, tag = line.decode("utf-8").split()
            breaker_tag = tag in _BREAKER_TAGS or tag.startswith("u")
            if 2 <= len(word) <= 4 and int(frequency) >= 50 and breaker_tag:
                words.add(word)
    return sorted(words - NAME_WORDS - PLACE_NAMES)


_TRAILING_BRACKET_RE = re.compile(r"[(（][^()（）]*[)）]$")  # "(Ⅰ)", "(C8-24)" after a product name
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")


def strip_form(name: str) -> str | None:
    """The ingredient part of a product name (阿卡波糖片 → 阿卡波糖, 注射用紫杉醇 → 紫杉醇),
    or None when no dosage form is found."""
    stem, form = split_form(_TRAILING_BRACKET_RE.sub("", name))
    return stem if form else None


def strip_salt(name: str) -> str | None:
    """The ingredient without a leading salt (盐酸二甲双胍 → 二甲双胍), None when none."""
    for salt in salts().prefixes:  # longest first
        if name.startswith(salt) and len(name) - len(salt) >= 2:
            return name[len(salt) :]
    return None


# Stems left by stripping that are ordinary words, not ingredients (结构脂肪乳注射液 → 结构).
NOT_INGREDIENTS = frozenset({"结构", "长链", "睾丸", "愈美", "酚咖", "钾镁", "铝镁", "甘油", "果糖"})


def _usable(name: str) -> bool:
    return len(name) >= 2 and _HAN_RE.search(name) is not None and "/" not in name


def read_sources(data: Path) -> tuple[set[str], set[str], set[str]]:
    """(product names, ingredient names, trade names) from the shared data files."""
    products: set[str] = set()
    ingredients: set[str] = set()
    trade_names: set[str] = set()
    with (data / "nhsa-drug-codes.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["generic_name"].strip()
            products.add(name)
            base = strip_form(name)
            # Chinese patent medicine (Z…) names are brand-like; their stems are not ingredients.
            if base and row["nhsa_drug_code"].startswith("X"):
                ingredients.add(base)
    with (data / "nhsa-drug-code-prefixes.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["drug_name"].strip()
            base = strip_form(name)
            if base is None and row["nhsa_code_or_prefix"].startswith("X"):
                ingredients.add(name)
            elif base is not None:
                products.add(name)
    with (data / "originator-drugs.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["drug_generic_name"].strip()
            products.add(name)
            base = strip_form(name)
            if base:
                ingredients.add(base)
            if row["trade_name"].strip():
                trade_names.add(row["trade_name"].strip())
    ingredients |= {bare for name in ingredients if (bare := strip_salt(name))}
    ingredients = {n for n in ingredients if _usable(n) and n not in NOT_INGREDIENTS}
    # Two-character trade names (可定, 安理, 信力) are everyday words: they would flood the
    # entities and, in the jieba dictionary, break the segmentation of ordinary sentences.
    trade_names = {n for n in trade_names if _usable(n) and len(n) >= 3} - ingredients
    return {n for n in products if _usable(n)}, ingredients, trade_names


def _jsonl(path: Path, rows: Iterable[dict]) -> int:
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _product_patterns(ingredients: set[str]) -> list[dict]:
    names = sorted(ingredients)
    suffix_forms = sorted(dosage_forms.suffixes())
    return [
        {
            "label": "DRUG",
            "id": "product",
            "pattern": [{"TEXT": {"IN": names}, "OP": "{1,3}"}, {"TEXT": {"IN": suffix_forms}}],
        },
        {
            "label": "DRUG",
            "id": "product",
            "pattern": [{"TEXT": {"IN": sorted(dosage_forms.prefixes())}}, {"TEXT": {"IN": names}}],
        },
    ]


def build(data: Path, out: Path) -> dict[str, int]:
    """Write every dictionary file into `out`; return the number of entries per file."""
    products, ingredients, trade_names = read_sources(data)
    drug_rows = (
        [{"label": "DRUG", "pattern": n, "id": "generic"} for n in sorted(ingredients)]
        + [{"label": "DRUG", "pattern": n, "id": "product"} for n in sorted(products - ingredients)]
        + [{"label": "DRUG", "pattern": n, "id": "trade_name"} for n in sorted(trade_names)]
    )
    forms = sorted(dosage_forms.forms())
    counts = {
        "drugs.jsonl": _jsonl(out / "drugs.jsonl", drug_rows),
        "dosage_forms.jsonl": _jsonl(
            out / "dosage_forms.jsonl", ({"label": "DOSAGE_FORM", "pattern": f} for f in forms)
        ),
        "legal_terms.jsonl": _jsonl(
            out / "legal_terms.jsonl",
            ({"label": "LEGAL_TERM", "pattern": t} for t in sorted(set(LEGAL_TERMS))),
        ),
        "organisations.jsonl": _jsonl(out / "organisations.jsonl", ORGANISATION_PATTERNS),
        "drug_products.jsonl": _jsonl(out / "drug_products.jsonl", _product_patterns(ingredients)),
    }
    breakers = name_breakers()
    (out / "name_breakers.txt").write_text("\n".join(breakers) + "\n", encoding="utf-8")
    counts["name_breakers.txt"] = len(breakers)
    # jieba user words: "word freq tag". Single characters (片, 丸, 散) are left to jieba.
    words = {n: "nz" for n in ingredients | products | trade_names}
    words |= {f: "n" for f in forms if len(f) > 1}
    words |= {t: "n" for t in LEGAL_TERMS}
    words |= {t: "n" for t in NOT_NAME if len(t) > 1}
    words |= {t: "nz" for t in NAMES_STARTING_WITH_A_PARTICLE}
    # the legal forms that jieba would cut in two (有限公司, 股份有限公司; 公司 is its own word)
    words |= {s: "n" for s in company_suffixes.words(company_suffixes.LEGAL, latin=False) if len(s) > 2}
    words |= {s: "n" for s in ("知识产权局", "知识产权法院")}
    lines = [f"{word} 20000 {tag}" for word, tag in sorted(words.items()) if " " not in word]
    lines += [f"{word} 0" for word in words_to_forget() if word not in words]
    (out / "userdict.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts["userdict.txt"] = len(lines)
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of the shared CSV files")
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the dictionary files")
    args = parser.parse_args(argv)
    for name, count in build(args.data, args.out).items():
        print(f"{name}: {count}")


if __name__ == "__main__":
    main()
