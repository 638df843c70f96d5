"""Metamorphic tests (issue 10, part 6): a ruling re-laid out reads the same.

Every corpus ruling's text, as its source gives it, is changed the way copies of real rulings
differ — a metadata preamble or a publisher's headline added before it, full- and half-width
punctuation swapped, the document name letter-spaced, the party block run together, a body
paragraph broken in two — and must give the same facts as the text unchanged."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.markup import Paragraph, Table, load_source
from extract.model import Document, Source
from extract.ruling import understand

SOURCES = sorted((Path(__file__).resolve().parents[2] / "corpus" / "src").glob("*.txt"))
IDS = [path.stem for path in SOURCES]
EXAMPLES = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


BRACKETS = str.maketrans("()", "（）")


@cache
def plain_text(doc_id: str) -> str:
    """The ruling's text as a reader gives it: a paragraph per line, table cells by tabs."""
    lines: list[str] = []
    for block in load_source(SOURCES[IDS.index(doc_id)]).blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend("\t".join(row) for row in block.rows)
    return "\n".join(lines)


def facts(text: str) -> dict[str, object]:
    """The facts a re-layout must not change (names compared with brackets of either width:
    they are kept as printed)."""
    ruling = understand(Document(text, (None,) * len(text), 1), Source("x.txt", "0" * 64, 1))

    def name(value: str) -> str:
        return value.translate(BRACKETS)

    return {
        "document_type": ruling.document_type,
        "authority": name(ruling.authority.name or ""),
        "case_number": ruling.case_number,
        "procedure": ruling.procedure,
        "cause": ruling.cause,
        "parties": sorted((name(p.name), p.role, p.side) for p in ruling.parties),
        "patents": sorted(p.number for p in ruling.patents),
        "products": sorted(name(p.name) for p in ruling.products),
        "infringement": ruling.outcome.infringement,
        "stop": sorted(o for o in ruling.outcome.orders if o.startswith("停止")),
        "effective": ruling.effective,
        "decision_date": ruling.decision_date,
    }


@cache
def baseline(doc_id: str) -> dict[str, object]:
    return facts(plain_text(doc_id))


def _lines(text: str) -> list[str]:
    return text.split("\n")


# --- the re-layouts -------------------------------------------------------------------------

def with_metadata(text: str, other_number: str) -> str:
    """A public site's metadata lines before the document, naming another case's number."""
    meta = ["案件名称：某某公司与某某公司侵害发明专利权纠纷", "审理法院：某某法院", f"案号：{other_number}",
            "案由：知识产权与竞争纠纷", "裁判日期：2099-01-01", "当事人：某某公司；某某公司", "全文"]
    return "\n".join(meta) + "\n" + text


def with_headline(text: str, other_number: str) -> str:
    """A publisher's headline and preface naming another case number."""
    preface = ["首页 > 裁判文书 > 专利", "某某药业与某某制药专利纠纷二审判决书（附一审）",
               f"发布时间：2099-02-01 来源：某某网。本案一审案号为{other_number}，二审改判。", "附判决书全文："]
    return "\n".join(preface) + "\n" + text


WIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";"})


def half_width(text: str) -> str:
    return text.translate(WIDTH)


def letter_spaced_title(text: str) -> str:
    """民事判决书 → 民 事 判 决 书 (a title printed with spaces between the characters)."""
    lines = _lines(text)
    for i, line in enumerate(lines[:6]):
        if re.fullmatch(r"[\u4e00-\u9fff]{2,12}书", line.strip()):
            lines[i] = " ".join(line.strip())
            break
    return "\n".join(lines)


PARTY_LINE = re.compile(r"^(?:上诉人|被上诉人|原审|一审|原告|被告|第三人|请求人|被请求人|再审申请人|被申请人|申请人|"
                        r"法定代表人|负责人|委托|诉讼代理人|住所)")


def parties_run_together(text: str) -> str:
    """The party block as one paragraph (sites that lose the line breaks)."""
    lines = _lines(text)
    block = [i for i, line in enumerate(lines[:40]) if PARTY_LINE.match(line)]
    if len(block) < 2:
        return text
    first, last = block[0], block[-1]
    if block != list(range(first, last + 1)):
        return text
    return "\n".join([*lines[:first], "".join(lines[first : last + 1]), *lines[last + 1 :]])


def body_paragraph_broken(text: str, which: int, where: float) -> str:
    """A long body paragraph broken in two at a comma (a wrap the reader did not join)."""
    lines = _lines(text)
    long = [i for i, line in enumerate(lines) if len(line) > 120 and "判决如下" not in line and "裁决如下" not in line]
    if not long:
        return text
    i = long[which % len(long)]
    commas = [m.end() for m in re.finditer("，", lines[i])]
    if not commas:
        return text
    cut = commas[int(where * (len(commas) - 1))]
    lines[i : i + 1] = [lines[i][:cut], lines[i][cut:]]
    return "\n".join(lines)


OTHER_NUMBER = st.sampled_from(["（2098）京73民初1号", "（2097）最高法知民终9号", "苏知裁字〔2098〕3号"])
DOCS = st.sampled_from(IDS)
TRUTH = Path(__file__).resolve().parents[2] / "corpus" / "truth"
# Rulings only: a judgment site's metadata or a publisher's preface precedes rulings, not notices.
RULINGS = st.sampled_from([i for i in IDS if '"document_type": "other"' not in (TRUTH / f"{i}.json").read_text("utf-8")])


@EXAMPLES
@given(RULINGS, OTHER_NUMBER)
def test_a_metadata_preamble_changes_nothing(doc_id, other):
    assert facts(with_metadata(plain_text(doc_id), other)) == baseline(doc_id)


@EXAMPLES
@given(RULINGS, OTHER_NUMBER)
def test_a_publishers_headline_changes_nothing(doc_id, other):
    assert facts(with_headline(plain_text(doc_id), other)) == baseline(doc_id)


@EXAMPLES
@given(DOCS)
def test_half_width_punctuation_changes_nothing(doc_id):
    assert facts(half_width(plain_text(doc_id))) == baseline(doc_id)


@EXAMPLES
@given(DOCS)
def test_a_letter_spaced_title_changes_nothing(doc_id):
    assert facts(letter_spaced_title(plain_text(doc_id))) == baseline(doc_id)


@EXAMPLES
@given(DOCS)
def test_a_party_block_run_together_changes_nothing(doc_id):
    assert facts(parties_run_together(plain_text(doc_id))) == baseline(doc_id)


@EXAMPLES
@given(DOCS, st.integers(0, 50), st.floats(0, 1))
def test_a_body_paragraph_broken_in_two_changes_nothing(doc_id, which, where):
    assert facts(body_paragraph_broken(plain_text(doc_id), which, where)) == baseline(doc_id)
