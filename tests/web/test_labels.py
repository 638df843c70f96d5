"""The desk's Chinese wording of pipeline values."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from matching.score import score_pair
from matching.thresholds import read_pairs
from web.labels import beijing, catalogue_problem, label, reason

PAIRS = Path(__file__).resolve().parents[1] / "matching" / "data" / "labelled_pairs.jsonl"
# English words of the matcher's reasons (units such as mg or ml are values, not words).
ENGLISH_RE = re.compile(r"\b(?:equal|differs?|similar|compatible|after|alias|salt|ignoring|review|already)\b")


def test_every_reason_the_matcher_gives_reads_in_chinese():
    reasons = {r for pair in read_pairs(PAIRS) for r in score_pair(pair.product, pair.item).because}
    assert len(reasons) > 100  # the labelled pairs exercise every field's comparison
    left = {r: reason(r) for r in reasons if ENGLISH_RE.search(reason(r))}
    assert not left


def test_the_quoted_values_stay_as_they_are():
    assert reason("规格 differs (20mg ≠ 40mg)") == "规格 不同 (20mg ≠ 40mg)"
    assert reason("生产企业 equal after normalisation") == "生产企业 规范化后相同"


def test_outcomes_have_chinese_labels():
    assert label("disposition", "infringement_found") == "认定侵权"
    assert label("disposition", None) == "不明"


@pytest.mark.parametrize(("moment", "shown"), [
    (dt.datetime(2026, 11, 25, 15, 21), "2026-11-25 23:21"),  # naive: UTC as SQLite gives it back
    (dt.datetime(2026, 12, 31, 20, 5, tzinfo=dt.UTC), "2027-01-01 04:05"),
    (dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), "2026-06-01 08:00"),
    (None, ""),
])
def test_time_stamps_are_shown_in_beijing_time(moment, shown):
    assert beijing(moment) == shown


# English words of the catalogue importer's messages (file formats and values such as
# XLSX, GB18030 or YP010 are names, not words).
IMPORTER_ENGLISH_RE = re.compile(
    r"\b(?:no|unknown|duplicate|line|file|header|column|give|first|rows?|save|text|readable|valid|after|empty|such|earlier)\b")


def _importer_messages(engine, tmp_path) -> list[str]:
    """What the real importer says of unusable rows and files."""
    from rulingdesk.commands.catalogue import import_file
    from store.catalogue_file import CatalogueFileError
    from tests.store.test_catalogue_import import HEADER, ROWS, write_csv

    rows = ROWS + [
        ["广东省", "", "", "某药片", "", "", "", "", "", "已挂网", ""],
        ["广东省", "YP009", "", "", "", "", "", "", "", "已挂网", ""],
        ["广东省", "YP010", "", "某药片", "", "", "", "", "", "不知道", ""],
        ["广东省", "YP001", "", "重复的", "", "", "", "", "", "已挂网", ""],
        ["", "YP011", "", "某药片", "", "", "", "", "", "已挂网", ""],
    ]
    report = import_file(engine, write_csv(tmp_path / "rows.csv", HEADER, rows), None, dt.date(2026, 11, 25),
                         show_progress=False)
    messages = [p.reason for p in report.problems]
    bad_files = [
        "省份,通用名\n广东省,某药片\n".encode(), "产品编码,通用名\nYP1,某药片\n".encode(),
        "产品编码,通用名\n".encode("utf-16"), b"\xd0\xcf\x11\xe0" + b"\x00" * 100,
        b"\x81\x30" * 10 + b"\xff\xff\xff", b"", (",".join(HEADER) + "\n").encode() + b"\xff\xfe\xfa" * 40_000,
    ]
    for number, content in enumerate(bad_files):
        (tmp_path / f"{number}.csv").write_bytes(content)
        with pytest.raises(CatalogueFileError) as raised:
            import_file(engine, tmp_path / f"{number}.csv", None, dt.date(2026, 11, 25), show_progress=False)
        messages.append(str(raised.value))
    return messages


def test_every_catalogue_problem_reads_in_chinese(engine, tmp_path):
    messages = _importer_messages(engine, tmp_path)
    assert len(messages) == 12 and all(IMPORTER_ENGLISH_RE.search(m) for m in messages)
    for message in messages:
        assert not IMPORTER_ENGLISH_RE.search(catalogue_problem(message)), (message, catalogue_problem(message))
    assert catalogue_problem("duplicate 产品编码 YP001 (first on line 2)") == "产品编码 YP001 重复（首次出现在第 2 行）"
    assert catalogue_problem("unknown 挂网状态 不知道 for 产品编码 YP010") == "产品编码 YP010 的挂网状态“不知道”无法识别"


@pytest.mark.parametrize(
    ("reason", "chinese"),
    [  # the reader's reasons (the contract's English, issue 12's findings) as the desk shows them
        ("DOCX too large when decompressed (word/document.xml declares 1150 MB, limit 100 MB in all)",
         "DOCX 解压后过大（word/document.xml 声明解压后 1150 MB，全部内容上限 100 MB），未读取"),
        ("DOCX compression ratio too high (word/document.xml 1021:1, limit 200:1)",
         "DOCX 压缩比异常（word/document.xml 为 1021:1，上限 200:1），疑为压缩炸弹，未读取"),
        ("DOCX has too many parts (1021, limit 1000)", "DOCX 内含文件过多（1021 个，上限 1000 个），未读取"),
        ("encrypted PDF (no page could be decrypted)", "PDF 已加密，无法解密出任何页面；请上传未加密的文件"),
        ("PDF 2.0 document without a page this reader can open",
         "PDF 2.0 文件中没有可读取的页面（PDF 2.0 格式的页面结构无法读取）；请另存为 PDF 1.7 后上传"),
        ("too many pages (1000000, limit 2000)", "页数过多（1000000 页，上限 2000 页），未读取"),
        ("damaged PDF: data format error", "PDF 文件已损坏（data format error）"),
        ("timed out after 60 s", "读取超时（超过 60 秒），已停止"),
        ("something new", "something new"),
    ],
)
def test_the_readers_reasons_read_in_chinese_on_the_desk(reason, chinese):
    from web.labels import read_problem

    assert read_problem(reason) == chinese
