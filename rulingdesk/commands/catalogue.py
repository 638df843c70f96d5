"""`rulingdesk catalogue import FILE | show PROVINCE ID | search WORDS | reindex` (contract §2).

import: loads a platform's catalogue file (CSV in UTF-8/GB18030, or XLSX) into the data
folder; unusable rows are named on stderr (file: line N: reason) and the rest load; exit 1
when any row or the file could not be used. show/search: for a person at a terminal.
reindex: computes the stored items' matching keys again after the normalisers changed.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click
from sqlalchemy import Engine

from matching.keys import item_keys
from rulingdesk.home import home_dir
from store import catalogue as store_catalogue
from store.catalogue import ImportReport, RowProblem
from store.catalogue_file import CatalogueFile, CatalogueFileError
from store.db import open_engine

PROGRESS_MIN_BYTES = 5 * 1024 * 1024  # files smaller than this load without a progress bar


def engine_of(ctx: click.Context) -> Engine:
    """The database engine of the data folder chosen by --home / RULINGDESK_HOME, closed
    when the command ends."""
    engine = open_engine(home_dir((ctx.obj or {}).get("home")))
    ctx.call_on_close(engine.dispose)
    return engine


def import_file(
    engine: Engine,
    path: Path,
    province: str | None,
    as_of: dt.date,
    *,
    show_progress: bool,
    on_problem: Callable[[RowProblem], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import one catalogue file; raises CatalogueFileError when the file as a whole is
    unusable (nothing of it is then kept). Unusable rows go to `on_problem` as they are found;
    `on_progress` hears (bytes read, bytes in all) as the rows are stored."""
    opened = CatalogueFile.open(path, province=province)
    big = opened.kind == "xlsx" or opened.total >= PROGRESS_MIN_BYTES
    hidden = not (show_progress and big)
    with click.progressbar(
        length=max(opened.total, 1), label=f"导入 {path.name}", file=sys.stderr, hidden=hidden
    ) as bar:
        position = 0

        def advance(_rows: int) -> None:
            nonlocal position
            bar.update(max(opened.done - position, 0))
            position = max(position, opened.done)
            if on_progress is not None:
                on_progress(position, opened.total)

        return store_catalogue.import_rows(
            engine,
            opened.rows(),
            filename=str(path),
            as_of=as_of,
            keys=item_keys,
            progress=advance,
            on_problem=on_problem,
        )


def problem_printer(path: Path) -> Callable[[RowProblem], None]:
    """What prints each unusable row on stderr as it is found: `file: line N: reason`."""

    def echo(problem: RowProblem) -> None:
        click.echo(f"{path}: line {problem.line}: {problem.reason}", err=True)

    return echo


@click.group("catalogue")
def command() -> None:
    """The catalogue of listed products in the data folder."""


@command.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--province", help="省份 of a file without a 省份 column.")
@click.option(
    "--date",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date recorded with status changes (default: today).",
)
@click.pass_context
def import_command(ctx: click.Context, file: Path, province: str | None, as_of: dt.datetime | None) -> None:
    """Load FILE (CSV or XLSX) into the catalogue; importing the same file twice changes nothing."""
    engine = engine_of(ctx)
    started = time.perf_counter()
    try:
        report = import_file(
            engine,
            file,
            province,
            as_of.date() if as_of else dt.date.today(),
            show_progress=sys.stderr.isatty(),
            on_problem=problem_printer(file),
        )
    except CatalogueFileError as error:
        click.echo(f"{file}: {error}; nothing imported", err=True)
        sys.exit(1)
    seconds = time.perf_counter() - started
    click.echo(
        f"{file}: {report.rows_read} rows read, {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.rejected} unusable, {report.status_changes} status changes; "
        f"{report.left_out} items of {'、'.join(sorted(report.provinces)) or '-'} not in the file kept as they were "
        f"({seconds:.1f} s)"
    )
    sys.exit(1 if report.rejected else 0)


@command.command("show")
@click.argument("province")
@click.argument("catalogue_id")
@click.pass_context
def show_command(ctx: click.Context, province: str, catalogue_id: str) -> None:
    """Show one item (省份, 产品编码) with its status history."""
    engine = engine_of(ctx)
    item = store_catalogue.get_item(engine, province, catalogue_id)
    if item is None:
        click.echo(f"{province} {catalogue_id}: not in the catalogue", err=True)
        sys.exit(1)
    fields = [
        ("省份", item.province), ("产品编码", item.catalogue_id), ("医保代码", item.nhsa_code),
        ("通用名", item.name), ("商品名", item.trade_name), ("剂型", item.dosage_form),
        ("规格", item.specification), ("包装", item.packaging), ("生产企业", item.manufacturer),
        ("上市许可持有人", item.holder), ("批准文号", "、".join(item.approval_numbers)),
        ("挂网状态", item.status), ("集采批次", item.batch), ("中选状态", "中选" if item.selected else ""),
    ]  # fmt: skip
    for label, value in fields:
        if value:
            click.echo(f"{label}：{value}")
    for changed_on, status, previous in store_catalogue.status_history(engine, province, catalogue_id):
        click.echo(f"  {changed_on.isoformat()}  {previous + ' → ' if previous else ''}{status}")


@command.command("search")
@click.argument("words", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.pass_context
def search_command(ctx: click.Context, words: tuple[str, ...], limit: int) -> None:
    """Items whose code, name, maker, holder or approval number contain every word."""
    engine = engine_of(ctx)
    found = store_catalogue.search(engine, " ".join(words), limit=limit)
    for item in found:
        parts = [
            item.province,
            item.catalogue_id,
            item.name,
            item.specification,
            item.manufacturer,
            item.status,
        ]
        click.echo("\t".join(p or "" for p in parts))
    if not found:
        click.echo("no items found", err=True)


@command.command("reindex")
@click.pass_context
def reindex_command(ctx: click.Context) -> None:
    """Compute the matching keys of every stored item again (after an upgrade changed how
    names, companies or approval numbers are normalised); the catalogue's data stay as imported."""
    engine = engine_of(ctx)
    started = time.perf_counter()
    total = store_catalogue.count_items(engine)
    with click.progressbar(
        length=max(total, 1), label="重建匹配键", file=sys.stderr, hidden=not sys.stderr.isatty()
    ) as bar:
        report = store_catalogue.reindex(engine, item_keys, progress=bar.update)
    click.echo(
        f"{report.items} items read, {report.changed} with new matching keys "
        f"({time.perf_counter() - started:.1f} s)"
    )
