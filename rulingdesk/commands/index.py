"""`rulingdesk index rebuild`: rebuild the search index of the data folder (`index/`) from
the database, the source of truth. Once built, the desk keeps it current as rulings are
registered and corrected, and its search page uses it."""

from __future__ import annotations

import sys
import time

import click

from rulingdesk.home import home_dir
from store.db import open_engine


@click.group("index")
def command() -> None:
    """The full-text search index (tantivy) of the registered rulings."""


@command.command("rebuild")
@click.pass_context
def rebuild_command(ctx: click.Context) -> None:
    """Rebuild the index from the database; it may run while the desk runs (one writer at a
    time: each waits for the other's writes, and no ruling's update is lost)."""
    from store.search_index import IndexBusyError, index_dir, rebuild

    home = home_dir((ctx.obj or {}).get("home"))
    engine = open_engine(home)
    started = time.perf_counter()
    try:
        count = rebuild(engine, home)
    except IndexBusyError as error:
        click.echo(f"{error}", err=True)
        sys.exit(1)
    finally:
        engine.dispose()
    click.echo(f"已重建检索索引：{count} 件裁决，{time.perf_counter() - started:.1f} 秒，{index_dir(home)}")
