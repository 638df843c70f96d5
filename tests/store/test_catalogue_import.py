"""Catalogue import (contract §2) on SQLite and PostgreSQL."""

import dataclasses
import datetime as dt

import pytest
import sqlalchemy
from openpyxl import Workbook

from matching.keys import item_keys
from store import catalogue
from store.catalogue_file import CatalogueFile, CatalogueFileError

HEADER = [
    "省份",
    "产品编码",
    "医保代码",
    "通用名",
    "剂型",
    "规格",
    "包装",
    "生产企业",
    "批准文号",
    "挂网状态",
    "中选状态",
]
ROWS = [
    ["广东省", "YP001", "XA01ABD075A002010100483", "艾地骨化醇软胶囊", "软胶囊剂", "0.75ug", "10粒/盒",
     "甲制药（中国）有限公司", "国药准字H20213456", "挂网中", "中选"],
    ["广东省", "YP002", "", "阿莫西林胶囊", "胶囊剂", "0.25g", "24粒/盒", "乙药业有限公司",
     "国药准字H20000001；国药准字H20000002", "已挂网", ""],
    ["广东省", "YP003", "", "盐酸二甲双胍片", "片剂", "0.5g", "", "丙药业股份有限公司",
     "国药准字H20000003、国药准字 H20000004", "申报中", "未中选"],
]  # fmt: skip
DAY1, DAY2 = dt.date(2099, 1, 1), dt.date(2099, 2, 1)


def write_csv(path, header, rows, encoding="utf-8"):
    lines = [",".join(header)] + [",".join(f'"{c}"' if ("," in c) else c for c in r) for r in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def write_xlsx(path, header, rows, title_rows=0):
    book = Workbook()
    sheet = book.active
    for _ in range(title_rows):
        sheet.append(["广东省药品挂网目录"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def load(engine, path, as_of=DAY1, province=None):
    opened = CatalogueFile.open(path, province=province)
    return catalogue.import_rows(engine, opened.rows(), filename=str(path), as_of=as_of, keys=item_keys)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_in_every_encoding_loads(engine, tmp_path, encoding):
    path = write_csv(tmp_path / "c.csv", HEADER, ROWS, encoding)
    expected = "gb18030" if encoding == "gbk" else encoding
    assert CatalogueFile.open(path).encoding == expected
    report = load(engine, path)
    assert (report.added, report.problems) == (3, [])
    item = catalogue.get_item(engine, "广东省", "YP001")
    assert item.manufacturer == "甲制药（中国）有限公司"
    assert item.selected and item.status == "已挂网"


def test_xlsx_with_a_title_row_loads(engine, tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", HEADER, ROWS, title_rows=1)
    report = load(engine, path)
    assert (report.added, report.problems) == (3, [])


@pytest.mark.parametrize(
    ("catalogue_id", "expected"),
    [
        ("YP002", ("国药准字H20000001", "国药准字H20000002")),
        ("YP003", ("国药准字H20000003", "国药准字H20000004")),
    ],
)
def test_several_approval_numbers_per_cell(engine, tmp_path, catalogue_id, expected):
    load(engine, write_csv(tmp_path / "c.csv", HEADER, ROWS))
    assert catalogue.get_item(engine, "广东省", catalogue_id).approval_numbers == expected


def test_header_variants_and_province_option(engine, tmp_path):
    header = [
        "挂网编码",
        "国家医保代码",
        "药品名称",
        "剂型",
        "规格型号",
        "包装规格",
        "生产厂家",
        "注册证编号",
        "挂网状态",
    ]
    rows = [
        ["J1", "", "阿莫西林胶囊", "胶囊", "0.25g", "", "乙药业有限公司", "国药准字H20000001", "撤销挂网"]
    ]
    report = load(engine, write_csv(tmp_path / "c.csv", header, rows), province="江苏省")
    assert report.problems == []
    assert catalogue.get_item(engine, "江苏省", "J1").status == "已撤网"


def test_unusable_rows_are_reported_by_line_and_the_rest_load(engine, tmp_path):
    rows = ROWS + [
        ["广东省", "", "", "某药片", "", "", "", "", "", "已挂网", ""],
        ["广东省", "YP009", "", "", "", "", "", "", "", "已挂网", ""],
        ["广东省", "YP010", "", "某药片", "", "", "", "", "", "不知道", ""],
        ["广东省", "YP001", "", "重复的", "", "", "", "", "", "已挂网", ""],
    ]
    report = load(engine, write_csv(tmp_path / "c.csv", HEADER, rows))
    assert report.added == 3
    assert [(p.line, p.reason.split(" ")[0]) for p in report.problems] == [
        (5, "no"), (6, "no"), (7, "unknown"), (8, "duplicate"),
    ]  # fmt: skip
    assert "line 2" in report.problems[-1].reason


def test_importing_twice_changes_nothing(engine, tmp_path):
    path = write_csv(tmp_path / "c.csv", HEADER, ROWS)
    load(engine, path)
    again = load(engine, path, as_of=DAY2)
    assert (again.added, again.updated, again.unchanged, again.status_changes) == (0, 0, 3, 0)
    assert catalogue.count_items(engine) == 3
    assert catalogue.status_history(engine, "广东省", "YP001") == [(DAY1, "已挂网", None)]


def test_a_later_file_updates_by_key_and_keeps_the_status_history(engine, tmp_path):
    load(engine, write_csv(tmp_path / "a.csv", HEADER, ROWS))
    later = [list(ROWS[0]), list(ROWS[1])]
    later[0][9] = "已撤网"
    later[1][5] = "0.5g"
    report = load(engine, write_csv(tmp_path / "b.csv", HEADER, later), as_of=DAY2)
    assert (report.updated, report.unchanged, report.left_out, report.status_changes) == (2, 0, 1, 1)
    assert catalogue.status_history(engine, "广东省", "YP001") == [
        (DAY1, "已挂网", None),
        (DAY2, "已撤网", "已挂网"),
    ]
    assert catalogue.get_item(engine, "广东省", "YP002").specification == "0.5g"
    assert catalogue.get_item(engine, "广东省", "YP003").status == "申报中"  # left out: kept


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("省份,通用名\n广东省,某药片\n".encode(), "no header row"),
        ("产品编码,通用名\nYP1,某药片\n".encode(), "no 省份 column"),
        ("产品编码,通用名\n".encode("utf-16"), "UTF-16"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "(.xls)"),
        (b"\x81\x30" * 10 + b"\xff\xff\xff", "not UTF-8 or GB18030"),
        (b"", "empty file"),
    ],
)
def test_unreadable_files_get_one_clear_reason(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CatalogueFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        list(CatalogueFile.open(path).rows())


@pytest.mark.slow
def test_a_file_failing_part_way_keeps_what_was_imported_before(engine, tmp_path):
    load(engine, write_csv(tmp_path / "a.csv", HEADER, ROWS))
    many = [["广东省", f"N{i}", "", "某药片", "", "", "", "", "", "已挂网", ""] for i in range(10000)]
    path = write_csv(
        tmp_path / "b.csv",
        HEADER,
        [*many, ["广东省", "YP001", "", "某药片", "", "", "", "", "", "已撤网", ""]],
    )
    path.write_bytes(path.read_bytes() + "广东省,Z1,某药片\n".encode("gb18030") + b"\xff\xfe\xfd\n")
    with pytest.raises(CatalogueFileError, match="not valid utf-8"):
        load(engine, path)
    assert catalogue.count_items(engine) == 3
    assert catalogue.get_item(engine, "广东省", "YP001").status == "已挂网"


def test_search_finds_by_any_word(engine, tmp_path):
    load(engine, write_csv(tmp_path / "c.csv", HEADER, ROWS))
    assert [i.catalogue_id for i in catalogue.search(engine, "胶囊 乙药业")] == ["YP002"]
    assert [i.catalogue_id for i in catalogue.search(engine, "H20000004")] == ["YP003"]


def _indexes(engine):
    inspector = sqlalchemy.inspect(engine)
    return {
        table: sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in inspector.get_indexes(table))
        for table in ("catalogue_items", "catalogue_approvals")
    }


def _bulk_rows(count, prefix="B"):
    return [
        ["广东省", f"{prefix}{i}", "", f"药{i % 97}片", "片剂", "10mg", "", f"厂{i % 13}药业有限公司",
         f"国药准字H{20000000 + i}", "已挂网", ""]
        for i in range(count)
    ]  # fmt: skip


@pytest.mark.slow
def test_a_bulk_load_leaves_the_same_indexes_and_finds_by_them(engine, tmp_path):
    before = _indexes(engine)
    rows = _bulk_rows(catalogue.BULK_ROWS + 5000)
    report = load(engine, write_csv(tmp_path / "bulk.csv", HEADER, rows))
    assert report.added == len(rows) and not report.problems
    assert _indexes(engine) == before
    with engine.connect() as connection:
        found = list(catalogue.block_by_approvals(connection, ["国药准字H20000042"]))
        assert [item.catalogue_id for item in found] == ["B42"]
        by_name = list(catalogue.block_by_name(connection, item_keys(found[0]).name_key, [], 500))
    assert "B42" in {item.catalogue_id for item in by_name}


@pytest.mark.slow
def test_a_bulk_load_failing_part_way_keeps_the_indexes_and_the_earlier_items(engine, tmp_path):
    load(engine, write_csv(tmp_path / "a.csv", HEADER, ROWS))
    before = _indexes(engine)
    path = write_csv(tmp_path / "bulk.csv", HEADER, _bulk_rows(catalogue.BULK_ROWS + 5000))
    path.write_bytes(path.read_bytes() + b"\xff\xfe\xfd\n")
    with pytest.raises(CatalogueFileError, match="not valid utf-8"):
        load(engine, path)
    assert _indexes(engine) == before
    assert catalogue.count_items(engine) == 3


def test_only_a_large_share_of_new_rows_is_a_bulk_load():
    assert not catalogue._bulk(catalogue.BULK_ROWS - 1, 0)
    assert catalogue._bulk(catalogue.BULK_ROWS, 0)
    assert catalogue._bulk(250_000, 1_000_000)
    assert not catalogue._bulk(catalogue.BULK_ROWS, 1_000_000)  # a small addition to a big table


def test_reindex_restores_keys_an_older_normaliser_left(engine, tmp_path):
    path = write_csv(tmp_path / "c.csv", HEADER, ROWS)
    load(engine, path)
    with engine.begin() as connection:  # as an older normaliser might have stored them
        connection.execute(sqlalchemy.text("UPDATE catalogue_items SET name_key = 'old', maker_key = NULL"))
        connection.execute(sqlalchemy.text("DELETE FROM catalogue_approvals"))
    report = catalogue.reindex(engine, item_keys, chunk=2)  # chunks smaller than the catalogue
    assert (report.items, report.changed) == (3, 3)
    with engine.connect() as connection:
        found = list(catalogue.block_by_approvals(connection, ["国药准字H20000004"]))
        by_name = list(catalogue.block_by_name(connection, "二甲双胍", ["丙药业"], 10))
    assert [i.catalogue_id for i in found] == ["YP003"] and [i.catalogue_id for i in by_name] == ["YP003"]
    assert catalogue.reindex(engine, item_keys).changed == 0
    assert load(engine, path).unchanged == 3


def test_reindex_with_a_new_keys_version_keeps_reimports_unchanged(engine, tmp_path):
    path = write_csv(tmp_path / "c.csv", HEADER, ROWS)
    load(engine, path)

    def next_version(item):
        return dataclasses.replace(item_keys(item), version="next")

    assert catalogue.reindex(engine, next_version).changed == 0  # the keys themselves are the same
    opened = CatalogueFile.open(path)
    again = catalogue.import_rows(engine, opened.rows(), filename=str(path), as_of=DAY2, keys=next_version)
    assert (again.unchanged, again.updated) == (3, 0)


def test_a_file_of_many_bad_rows_counts_them_all_and_lists_the_first(engine, tmp_path):
    bad = [["广东省", "", "", "某药片", "", "", "", "", "", "已挂网", ""]] * (catalogue.PROBLEMS_KEPT + 50)
    path = write_csv(tmp_path / "bad.csv", HEADER, [*ROWS, *bad])
    seen = []
    opened = CatalogueFile.open(path)
    report = catalogue.import_rows(
        engine, opened.rows(), filename=str(path), as_of=DAY1, keys=item_keys, on_problem=seen.append
    )
    assert report.added == 3 and report.rejected == len(bad) == len(seen)
    assert report.problems == seen[: catalogue.PROBLEMS_KEPT]
    assert seen[-1] == catalogue.RowProblem(len(ROWS) + len(bad) + 1, "no 产品编码")
