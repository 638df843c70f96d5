"""The search benchmark: `python -m bench search [--docs N] [--queries N] [--workers N] [--keep DIR | --reuse DIR]`.

In one run:
- generates N rulings (default 100,000; `--docs 1000000` for the large run) of realistic
  length (about 3,000 characters of judgment text from sentence templates) naming real
  generic drug names from ../shared/data/nhsa-drug-codes.csv, invented companies, courts
  and IP offices, patent numbers, dates and outcomes;
- builds the tantivy index of `store.search_index` from them (jieba words and character
  bigrams tokenised in `--workers` processes): build time, docs/s, size on disk;
- runs ranked top-10 queries with snippets, each a drug-name or company-name part (a
  substring of 2-4 characters, often not a jieba word), most with one or two filters
  (year, document type, effective, outcome, authority part, party part, patent number):
  p50/p95/max latency per kind and overall;
- the reference, in the same run: the same queries' words looked for by reading every text
  (what a search without an index does; filters not applied, so it does less than the
  index), over the texts held in memory (at most 100,000 of them): p50/p95 and the ratio.

`--reuse DIR` runs the queries (and the reference) on an index an earlier run built and
kept with `--keep DIR` (same --docs), to measure a change in how queries are made without
building a 1,000,000-ruling index again (~90 minutes); it refuses an index of another
schema version.

Goals (issue 5): p95 ≤ 10 ms at 100,000 rulings, ≤ 20 ms at 1,000,000.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from store.search_index import (
    SCHEMA_VERSION,
    IndexedRuling,
    IndexFilters,
    SearchIndex,
    is_built,
    prepare,
    ruling_text,
)

REPO = Path(__file__).resolve().parent.parent
DRUGS_CSV = REPO.parent / "shared" / "data" / "nhsa-drug-codes.csv"
SEED = 11
REFERENCE_DOCS = 100_000  # the reference scan keeps the texts in memory (about 6 kB each): at most this many
SYLLABLES = "澄岚睿禾青屿朗泽沐川煦岐安溪远景曜云栖珩石泊舟砚秋梧芷汀临皋望舒蘅芜兰棠华康瑞祥济民百仁正元天永长信博恩益和"
PLACES = "北京 上海 天津 重庆 江苏 浙江 山东 广东 四川 湖南 河北 安徽 福建 江西 湖北 辽宁 陕西 河南 云南 吉林".split()
SUFFIXES = ["药业有限公司", "生物制药有限公司", "医药股份有限公司", "制药有限公司", "医疗器械有限公司", "医药科技有限公司"]
COURTS = [("北京知识产权法院", "京73民初"), ("上海知识产权法院", "沪73知民初"), ("广州知识产权法院", "粤73知民初"),
          ("最高人民法院", "最高法知民终"), ("江苏省南京市中级人民法院", "苏01民初"), ("浙江省杭州市中级人民法院", "浙01知民初")]
OFFICES = [("江苏省知识产权局", "苏知裁字"), ("浙江省知识产权局", "浙知裁字"), ("广东省知识产权局", "粤知裁字"),
           ("国家知识产权局", "国知药裁"), ("山东省知识产权局", "鲁知裁字")]
DISPOSITIONS = ["infringement_found", "no_infringement", "appeal_dismissed", "reversed", "withdrawn", "settled"]
SENTENCES = [
    "原告{a}诉称，其系专利号为{patent}、名称为“{title}”的发明专利的专利权人，该专利至今合法有效。",
    "被告{b}未经许可，制造、销售、许诺销售的{drug}落入涉案专利权利要求{n}的保护范围，侵害了原告的专利权。",
    "被告{b}辩称，被诉侵权产品{drug}采用的技术方案属于现有技术，不构成侵权，请求驳回原告的全部诉讼请求。",
    "经审理查明，{a}于{year}年{month}月{day}日向国家知识产权局申请了名称为“{title}”的发明专利，于{year2}年获得授权。",
    "本院认为，本案的争议焦点在于被诉侵权产品{drug}的技术特征是否与涉案专利权利要求{n}记载的全部技术特征相同或者等同。",
    "根据药品注册批件及说明书记载，{drug}的活性成分、制备方法与涉案专利权利要求{n}所限定的技术方案一一对应。",
    "被告提交的对比文件未公开涉案专利权利要求{n}中“{feature}”这一技术特征，其现有技术抗辩不能成立。",
    "关于赔偿数额，原告未能举证证明其因被侵权所受到的实际损失，亦未能证明被告因侵权所获得的利益，本院综合考虑专利类型、侵权性质和情节等因素，酌定赔偿经济损失{money}万元。",
    "{b}在{province}医药集中采购平台挂网销售{drug}，挂网价格为每盒{price}元，采购数量较大。",
    "原告为制止侵权行为支付了公证费、律师费等合理开支共计{money2}万元，并提交了相应票据予以证明。",
    "证人{person}出庭作证称，其于{year}年在{province}某医院购买了{drug}，并取得了发票。",
    "被告{b}提出，其使用的{drug2}生产工艺系自行研发，与涉案专利的技术方案存在实质性差异。",
    "技术调查官就{feature}的含义及被诉侵权技术方案的实施方式出具了技术审查意见，本院予以参考。",
    "涉案专利说明书记载，本发明提供了一种{title}，解决了现有技术中{drug2}稳定性差、溶出度低的技术问题。",
    "双方当事人对{drug}的批准文号{approval}及其生产企业为{b}的事实均无异议，本院予以确认。",
    "依照《中华人民共和国专利法》第十一条、第六十四条、第七十一条之规定，判决如下。",
    "如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，并按照对方当事人的人数提出副本。",
    "被告{b}应自本判决生效之日起立即停止制造、销售、许诺销售侵害原告{a}第{patent}号发明专利权的产品{drug}。",
    "案件受理费{fee}元，由被告{b}负担。",
    "{a}另以{c}为共同被告提起诉讼，后于审理中撤回了对{c}的起诉，本院予以准许。",
]
FEATURES = ["晶型", "粒径分布", "辅料配比", "包衣层", "缓释骨架", "pH值范围", "干燥温度", "盐型", "溶剂体系", "结晶条件"]
TITLES = ["{drug}的晶型及其制备方法", "含有{drug}的药物组合物", "一种{drug}缓释制剂", "{drug}的制备工艺", "稳定的{drug}口服制剂"]
PERSONS = "张伟 王芳 李娜 刘洋 陈静 杨磊 赵敏 黄勇 周杰 吴霞 徐涛 孙丽".split()
PROVINCES = ["江苏省", "浙江省", "广东省", "山东省", "四川省", "湖南省", "河北省", "福建省", "北京市", "上海市"]


def drug_names() -> list[str]:
    with DRUGS_CSV.open(encoding="utf-8") as handle:
        names = {row["generic_name"].strip() for row in csv.DictReader(handle)}
    return sorted(name for name in names if 2 <= len(name) <= 16)


def company(rng: random.Random) -> str:
    return rng.choice(PLACES) + "".join(rng.sample(SYLLABLES, rng.choice([2, 2, 3]))) + rng.choice(SUFFIXES)


def generate(count: int, drugs: list[str], seed: int = SEED) -> Iterator[IndexedRuling]:
    """`count` generated rulings (the same for the same seed), about 3,000 characters each."""
    rng = random.Random(seed)
    for number in range(1, count + 1):
        year = rng.randint(2016, 2025)
        office = rng.random() < 0.3
        authority, prefix = rng.choice(OFFICES if office else COURTS)
        case = f"{prefix}〔{year}〕{number}号" if office else f"（{year}）{prefix}{number}号"
        a, b, c = company(rng), company(rng), company(rng)
        drug, drug2 = rng.choice(drugs), rng.choice(drugs)
        patent = f"ZL{rng.randint(2005, year)}{rng.randint(1, 2)}{rng.randint(0, 99_999_999):08d}.{rng.randint(0, 9)}"
        approval = f"国药准字H{rng.randint(19_000_000, 20_259_999)}"
        slots = {"a": a, "b": b, "c": c, "drug": drug, "drug2": drug2, "patent": patent, "approval": approval,
                 "title": rng.choice(TITLES).format(drug=drug), "feature": rng.choice(FEATURES),
                 "n": rng.randint(1, 12), "year": year - rng.randint(3, 10), "year2": year - rng.randint(1, 3),
                 "month": rng.randint(1, 12), "day": rng.randint(1, 28), "money": rng.randint(5, 500),
                 "money2": rng.randint(1, 30), "price": rng.randint(10, 900), "person": rng.choice(PERSONS),
                 "province": rng.choice(PROVINCES), "fee": rng.randint(800, 80_000)}
        body: list[str] = []
        while sum(map(len, body)) < 2900:
            body.append(rng.choice(SENTENCES).format(**slots))
        disposition = rng.choice(DISPOSITIONS)
        current = {
            "document_type": "administrative_ruling" if office else rng.choice(["judgment", "judgment", "ruling"]),
            "authority": {"name": authority}, "case_number": case,
            "decision_date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "effective": rng.choice([True, False, None]),
            "parties": [{"name": a, "role": "plaintiff"}, {"name": b, "role": "defendant"}],
            "patents": [{"number": patent, "title": slots["title"]}],
            "products": [{"name": drug, "manufacturer": b, "approval_numbers": [approval]}],
            "outcome": {"disposition": disposition,
                        "operative_text": body[-1] if disposition == "infringement_found" else "驳回原告的全部诉讼请求。"},
        }
        yield IndexedRuling(number, current, f"{number}.pdf", extra_text="".join(body))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def part(rng: random.Random, name: str) -> str:
    """A substring of 2-4 characters of `name`, e.g. 伐沙班 of 利伐沙班片."""
    size = min(len(name), rng.randint(2, 4))
    start = rng.randint(0, len(name) - size)
    return name[start:start + size]


def queries(count: int, sample: list[IndexedRuling], seed: int = SEED + 1) -> list[tuple[str, list[str], IndexFilters, str]]:
    """(kind, words, filters, sort) for `count` queries drawn from rulings in the index."""
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        ruling = rng.choice(sample).current
        drug, party = ruling["products"][0]["name"], ruling["parties"][1]["name"]
        kind = rng.choice(["drug", "drug+year", "drug+type+effective", "company+outcome", "drug+authority",
                           "drug+party", "patent", "two words", "drug by date"])
        words, filters, sort = [part(rng, drug)], IndexFilters(), "relevance"
        if kind == "drug+year":
            filters = IndexFilters(year=int(ruling["decision_date"][:4]))
        elif kind == "drug+type+effective":
            filters = IndexFilters(document_type=ruling["document_type"], effective=ruling["effective"])
        elif kind == "company+outcome":
            words, filters = [part(rng, party[2:])], IndexFilters(outcome=ruling["outcome"]["disposition"])
        elif kind == "drug+authority":
            filters = IndexFilters(authority=ruling["authority"]["name"][:2])
        elif kind == "drug+party":
            filters = IndexFilters(party=party[2:5])
        elif kind == "patent":
            words, filters = ["专利"], IndexFilters(patent=ruling["patents"][0]["number"])
        elif kind == "two words":
            words = [part(rng, drug), "停止"]
        elif kind == "drug by date":
            sort = "date"
        made.append((kind, words, filters, sort))
    return made


def scan(texts: list[str], words: list[str], limit: int = 10) -> tuple[list[int], int]:
    """The reference search: the first `limit` texts that contain every word, and how many
    do, found by reading every text."""
    found = [number for number, text in enumerate(texts) if all(word in text for word in words)]
    return found[:limit], len(found)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench search", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="rulings to generate (1000000 for the large run)")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2, help="tokenising processes")
    parser.add_argument("--keep", type=Path, help="build the index here and keep it (default: a temporary folder)")
    parser.add_argument("--reuse", type=Path, help="query the index an earlier run kept here instead of building one")
    parser.add_argument("--reference-queries", type=int, default=20, help="queries for the reference scan (0 skips it)")
    args = parser.parse_args(argv)

    drugs = drug_names()
    if args.reuse is not None:
        if not is_built(args.reuse):
            parser.error(f"{args.reuse}: no index of this version (schema {SCHEMA_VERSION}) to reuse")
        folder = args.reuse
    else:
        folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    print(f"search benchmark: {args.docs:,} generated rulings, {len(drugs):,} real drug names, "
          f"{args.workers} tokenising processes, index in {folder}", flush=True)
    try:
        index = SearchIndex(folder)
        sample = list(generate(min(args.docs, 5000), drugs))
        if args.reuse is not None:
            count = index.document_count()
            print(f"build: skipped, the index built earlier holds {count:,} rulings, "
                  f"{index.size_on_disk() / 1e6:,.1f} MB", flush=True)
        else:
            started = time.perf_counter()
            with multiprocessing.get_context("fork").Pool(args.workers) as pool:
                count = index.replace_prepared(pool.imap(prepare, generate(args.docs, drugs), chunksize=32))
            built = time.perf_counter() - started
            chars = sum(len(r.extra_text) for r in sample) / len(sample)
            size = index.size_on_disk()
            print(f"build: {count:,} rulings (~{chars:,.0f} characters each) in {built:,.1f} s "
                  f"({count / built:,.0f} rulings/s); index on disk {size / 1e6:,.1f} MB "
                  f"({size / count / 1e3:,.1f} kB per ruling)", flush=True)

        timings: dict[str, list[float]] = {}
        totals = []
        planned = queries(args.queries, sample)
        for _kind, words, filters, sort in planned[:50]:  # warm the page cache
            index.search(words, filters, sort=sort, limit=10)
        for kind, words, filters, sort in planned:
            start = time.perf_counter()
            hits, total = index.search(words, filters, sort=sort, limit=10)
            timings.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
            totals.append(total)
        everything = [t for values in timings.values() for t in values]
        print(f"queries: {len(everything):,} ranked top-10 with snippets; median hits {statistics.median(totals):,.0f}")
        print(f"  {'kind':<22}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
        for kind, values in sorted(timings.items()) + [("all", everything)]:
            print(f"  {kind:<22}{len(values):>6}{statistics.median(values):>9.2f}{percentile(values, 0.95):>9.2f}"
                  f"{max(values):>9.2f}")
        goal = 10.0 if args.docs <= 100_000 else 20.0
        p95 = percentile(everything, 0.95)
        if args.reference_queries > 0:
            texts = [ruling_text(r) for r in generate(min(args.docs, REFERENCE_DOCS), drugs)]
            scanned = []
            for _kind, words, _filters, _sort in planned[: args.reference_queries]:
                start = time.perf_counter()
                scan(texts, words)
                scanned.append((time.perf_counter() - start) * 1000)
            reference = percentile(scanned, 0.95)
            print(f"reference: reading every text for the words (no filters), {len(texts):,} rulings in memory: "
                  f"p50 {statistics.median(scanned):.1f} ms, p95 {reference:.1f} ms (n={len(scanned)}); "
                  f"index p95 / reference p95 = {p95 / reference:.4f} ({reference / p95:,.0f}× faster"
                  f"{'' if len(texts) == count else f', the index holding {count / len(texts):,.0f}× as many'})")
        print(f"goal p95 ≤ {goal:.0f} ms: {'met' if p95 <= goal else 'NOT met'} ({p95:.2f} ms)")
        return 0
    finally:
        if args.keep is None and args.reuse is None:
            shutil.rmtree(folder, ignore_errors=True)
