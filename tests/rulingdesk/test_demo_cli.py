"""`rulingdesk demo --no-serve`: demo users, the sample catalogue, every sample ruling read and
searchable through the index at once."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rulingdesk.cli import cli
from store import search_index
from store.db import open_engine
from store.desk_tables import IngestJob

CORPUS_PDF = sorted((Path(__file__).resolve().parents[2] / "corpus" / "pdf").glob("*.pdf"))


@pytest.mark.slow
def test_demo_loads_users_catalogue_and_searchable_rulings(tmp_path):
    result = CliRunner().invoke(cli, ["--home", str(tmp_path), "demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "clerk" in result.output and "officer1" in result.output
    index = search_index.SearchIndex(search_index.index_dir(tmp_path))
    hits, total = index.search(["利伐沙班"])
    assert total >= 2 and all("利伐沙班" in "".join("".join(s) for s in h.snippets) for h in hits)
    assert f"{len(CORPUS_PDF)} 个文件" in result.output
    again = CliRunner().invoke(cli, ["--home", str(tmp_path), "demo", "--no-serve"])
    assert again.exit_code == 0 and "演示用户已存在" in again.output
    # The second run added 52 "重复文件" jobs to the upload page, one per sample.
    assert "0 个文件已排队" in again.output
    with Session(open_engine(tmp_path)) as session:
        assert session.scalar(select(func.count()).select_from(IngestJob)) == len(CORPUS_PDF)


@pytest.mark.parametrize("command", ["serve", "demo"])
def test_a_port_in_use_is_named_plainly(tmp_path, command):
    """`make demo` with another desk running printed an OSError traceback (address in use)."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = CliRunner().invoke(cli, ["--home", str(tmp_path), command], env={"PORT": str(port)})
    assert result.exit_code == 2
    assert f"端口 {port} 已被占用" in result.output and "PORT=8001 make demo" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "rulingdesk.sqlite3").exists()


def test_the_demo_does_not_flag_its_new_officers(tmp_path):
    """The demo's officers are created a moment before they approve; the desk's default
    (24 h) would flag every demo approval."""
    from rulingdesk.commands.demo import build_demo_app

    app = build_demo_app(tmp_path, "127.0.0.1")
    try:
        assert app.config["NEW_OFFICER_HOURS"] == 0
    finally:
        app.extensions["desk"].close()
