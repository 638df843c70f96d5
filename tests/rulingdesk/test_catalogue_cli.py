"""`rulingdesk catalogue import/show/search` (contract §2), on SQLite and PostgreSQL."""

import pytest
from click.testing import CliRunner

from rulingdesk.cli import cli

CSV = (
    "省份,产品编码,通用名,剂型,规格,生产企业,批准文号,挂网状态\n"
    "广东省,YP1,艾地骨化醇软胶囊,软胶囊剂,0.75ug,甲制药有限公司,国药准字H20213456,挂网中\n"
    "广东省,,某药片,,,,,已挂网\n"
    "广东省,YP2,阿莫西林胶囊,胶囊剂,0.25g,乙药业有限公司,国药准字H20000001、国药准字H20000002,已挂网\n"
)


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def catalogue_csv(tmp_path):
    path = tmp_path / "gd.csv"
    path.write_bytes(CSV.encode("gb18030"))
    return path


def test_import_reports_unusable_rows_and_exits_1(runner, home, database_url, catalogue_csv):
    result = runner.invoke(cli, ["catalogue", "import", str(catalogue_csv), "--date", "2099-01-01"])
    assert result.exit_code == 1
    assert f"{catalogue_csv}: line 3: no 产品编码" in result.stderr
    assert "3 rows read, 2 added" in result.stdout


def test_import_twice_changes_nothing(runner, home, database_url, catalogue_csv):
    runner.invoke(cli, ["catalogue", "import", str(catalogue_csv)])
    result = runner.invoke(cli, ["catalogue", "import", str(catalogue_csv)])
    assert "0 added, 0 updated, 2 unchanged" in result.stdout


def test_show_prints_the_item_and_its_history(runner, home, database_url, catalogue_csv):
    runner.invoke(cli, ["catalogue", "import", str(catalogue_csv), "--date", "2099-01-01"])
    result = runner.invoke(cli, ["catalogue", "show", "广东省", "YP1"])
    assert result.exit_code == 0
    assert "通用名：艾地骨化醇软胶囊" in result.stdout
    assert "2099-01-01  已挂网" in result.stdout
    missing = runner.invoke(cli, ["catalogue", "show", "广东省", "NOPE"])
    assert missing.exit_code == 1


def test_search(runner, home, database_url, catalogue_csv):
    runner.invoke(cli, ["catalogue", "import", str(catalogue_csv)])
    result = runner.invoke(cli, ["catalogue", "search", "阿莫西林"])
    assert result.stdout.startswith("广东省\tYP2\t阿莫西林胶囊")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\xff\xfe\x00\x00garbage", "UTF-16"),
        ("省份,名字\n广东省,x\n".encode(), "no header row with the required columns"),
        ("产品编码,通用名\nYP1,某药片\n".encode(), "no 省份 column"),
    ],
)
def test_an_unusable_file_gets_one_line_and_exit_1(runner, home, database_url, tmp_path, content, reason):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = runner.invoke(cli, ["catalogue", "import", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: ") and reason in result.stderr
    assert "Traceback" not in result.output


def test_a_missing_file_is_exit_1(runner, home, database_url, tmp_path):
    result = runner.invoke(cli, ["catalogue", "import", str(tmp_path / "none.csv")])
    assert result.exit_code == 1
    assert "no such file" in result.stderr


def test_reindex_reports_what_it_read(runner, home, database_url, catalogue_csv):
    runner.invoke(cli, ["catalogue", "import", str(catalogue_csv)])
    result = runner.invoke(cli, ["catalogue", "reindex"])
    assert result.exit_code == 0, result.output
    assert "2 items read, 0 with new matching keys" in result.stdout
