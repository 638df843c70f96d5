"""`rulingdesk audit verify|head`: the trail checked from the command line, in Chinese, with
the row where it breaks and a non-zero exit status."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rulingdesk.cli import cli
from store.db import SQLITE_FILENAME, open_engine
from tests.store.test_audit_chain import _as_attacker, _history, _rechain_from, _rows


def run(home, *args):
    return CliRunner().invoke(cli, ["--home", str(home), *args])


@pytest.fixture
def desk_home(home, monkeypatch):
    """A data folder (SQLite) with a history and an issued document."""
    monkeypatch.delenv("RULINGDESK_DATABASE_URL", raising=False)
    home.mkdir(parents=True)
    engine = open_engine(home)
    _history(engine, home)
    engine.dispose()
    return home


def test_verify_passes_on_a_clean_history(desk_home):
    result = run(desk_home, "audit", "verify")
    assert result.exit_code == 0, result.output
    assert "审计链完整" in result.output and "1 份核准文书" in result.output


def test_verify_says_where_a_rewritten_row_breaks_and_fails(desk_home):
    path = desk_home / SQLITE_FILENAME
    row_id, seq = _rows(path)[2][:2]
    _as_attacker(path, ("UPDATE audit_log SET action = 'login' WHERE id = ?", (row_id,)))
    result = run(desk_home, "audit", "verify")
    assert result.exit_code == 1
    assert f"审计记录 id {row_id}（序号 {seq}）：内容哈希不符" in result.output
    verdict = json.loads(run(desk_home, "audit", "verify", "--json").stdout)
    assert (verdict["ok"], verdict["breaks"][0]["row_id"], verdict["breaks"][0]["check"]) == (False, row_id, "content")


def test_an_exported_head_catches_a_rechained_history(desk_home, tmp_path):
    exported = run(desk_home, "audit", "head")
    assert exported.exit_code == 0, exported.output
    head = json.loads(exported.stdout)
    assert set(head) == {"sequence", "hash", "at"}
    (tmp_path / "head.json").write_text(exported.stdout, encoding="utf-8")
    assert run(desk_home, "audit", "verify", "--head", str(tmp_path / "head.json")).exit_code == 0

    path = desk_home / SQLITE_FILENAME
    _as_attacker(path, *_rechain_from(path, 1, '{"rewritten":true}'))
    assert run(desk_home, "audit", "verify").exit_code == 0  # consistent again without the head
    result = run(desk_home, "audit", "verify", "--head", str(tmp_path / "head.json"))
    assert result.exit_code == 1
    assert f"序号 {head['sequence']}" in result.output and "导出的链头不在链中" in result.output


def test_a_head_file_that_is_not_one_is_a_usage_error(desk_home, tmp_path):
    (tmp_path / "head.json").write_text('{"sequence": "x"}', encoding="utf-8")
    result = run(desk_home, "audit", "verify", "--head", str(tmp_path / "head.json"))
    assert result.exit_code == 2
    assert "链头文件无效" in result.output


def test_head_of_an_empty_log_fails(home, monkeypatch):
    monkeypatch.delenv("RULINGDESK_DATABASE_URL", raising=False)
    result = run(home, "audit", "head")
    assert result.exit_code == 1 and "审计日志为空" in result.output
