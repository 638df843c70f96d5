"""`rulingdesk match RULING.json [--catalogue FILE] [--json]` (contract §3).

Reads the output of `rulingdesk extract --json` (one object, or JSON Lines), imports
--catalogue FILE into the data folder if given, and prints the candidates of every accused
product best first, each with its score, decision and reasons.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from extract.jsonout import ruling_from_json
from extract.model import Ruling
from matching.match import match
from matching.model import Match
from rulingdesk.commands.catalogue import engine_of, import_file, problem_printer
from store.blocking import StoreCatalogue
from store.catalogue_file import CatalogueFileError


def read_rulings(path: Path) -> Iterator[Ruling]:
    """The rulings in an `extract --json` file (one object or JSON Lines); ValueError with
    the reason when the file is not that."""
    text = path.read_text(encoding="utf-8-sig")
    try:
        objects = [json.loads(text)]
    except json.JSONDecodeError:
        objects = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    objects.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise ValueError(f"line {number}: not JSON ({error.msg})") from error
    for obj in objects:
        if not isinstance(obj, dict):
            raise ValueError("not a rulingdesk.ruling/1 object")
        yield ruling_from_json(obj)


def match_json(found: Match) -> dict[str, object]:
    """The contract's JSON form of one candidate."""
    return {
        "product": found.product,
        "catalogue_id": found.item.catalogue_id,
        "province": found.item.province,
        "score": round(found.score, 4),
        "decision": found.decision,
        "because": list(found.because),
    }


@click.command("match")
@click.argument("ruling", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--catalogue", "catalogue_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Import this catalogue file (CSV/XLSX) into the data folder first.")  # fmt: skip
@click.option("--province", help="省份 of a --catalogue file without a 省份 column.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per candidate (JSON Lines).")
@click.option(
    "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Candidates per product."
)
@click.pass_context
def command(
    ctx: click.Context,
    ruling: Path,
    catalogue_file: Path | None,
    province: str | None,
    as_json: bool,
    limit: int,
) -> None:
    """Match the accused products of RULING (extract --json output) against the catalogue."""
    if not ruling.exists():
        click.echo(f"{ruling}: no such file", err=True)
        sys.exit(1)
    try:
        rulings = list(read_rulings(ruling))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        click.echo(f"{ruling}: not extract --json output ({error})", err=True)
        sys.exit(1)
    engine = engine_of(ctx)
    failed = False
    if catalogue_file is not None:
        try:
            report = import_file(
                engine, catalogue_file, province, dt.date.today(), show_progress=sys.stderr.isatty(),
                on_problem=problem_printer(catalogue_file),
            )
        except CatalogueFileError as error:
            click.echo(f"{catalogue_file}: {error}; nothing imported", err=True)
            sys.exit(1)
        failed = report.rejected > 0
    with StoreCatalogue(engine) as catalogue:
        for number, read in enumerate(rulings):
            found = match(read, catalogue, limit=limit)
            if as_json:
                for candidate in found:
                    click.echo(json.dumps(match_json(candidate), ensure_ascii=False))
                continue
            _print_human(number, read, found)
    sys.exit(1 if failed else 0)


def _print_human(number: int, ruling: Ruling, found: list[Match]) -> None:
    title = ruling.case_number or ruling.source.filename or f"ruling {number + 1}"
    click.echo(title)
    for index, product in enumerate(ruling.products):
        click.echo(
            f"  [{index}] {product.name} {product.specification or ''} {product.manufacturer or product.party or ''}"
        )
        mine = [m for m in found if m.product == index]
        if not mine:
            click.echo("      no candidates")
        for candidate in mine:
            item = candidate.item
            click.echo(
                f"      {candidate.decision:8} {candidate.score:.3f}  {item.province} {item.catalogue_id} "
                f"{item.name} {item.specification or ''} {item.manufacturer or ''} [{item.status}]"
            )
            click.echo(f"               {'; '.join(candidate.because)}")
