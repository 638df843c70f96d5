"""`rulingdesk draft FILE --out DIR [--catalogue FILE] [--json]` (contract §4).

The main job end to end: read the ruling (a PDF/DOCX, or the output of `extract --json`),
import the catalogue if given, match, decide what the policy requires for each matched item,
and write the drafted documents into DIR (PDF copies too when LibreOffice is installed).
Document numbers come from the data folder's database, so they are never given twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path

import click

from extract.model import ReadError, Ruling
from generate.decisions import decide
from generate.model import DRASTIC_ACTIONS, WATCH, PriorAction
from generate.pdf import soffice, to_pdf
from generate.pipeline import DraftResult, draft_ruling, result_json
from generate.settings import OfficeMissing, SettingsError, load_settings
from rulingdesk.home import home_dir

# Drastic and watch actions drafted earlier, one JSON object a line (kept in the data
# folder): a later ruling that reverses the finding proposes `restore_listing`; a later
# appeal judgment that upholds a watched one (维持原判) is acted on.
ACTIONS_LOG = "drafted_actions.jsonl"


def read_ruling_file(path: Path, timeout: float) -> Ruling:
    """The ruling in `path`: `extract --json` output as is, any other file read in the sandbox."""
    if path.suffix.lower() in (".json", ".jsonl"):
        from rulingdesk.commands.match import read_rulings

        try:
            return next(iter(read_rulings(path)))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, StopIteration) as error:
            raise ReadError(f"not extract --json output ({error})") from None
    from extract.ruling import read_ruling, warm_up
    from extract.sandbox import Sandbox

    with Sandbox(timeout=timeout, initializer=warm_up) as box:
        return box.run(read_ruling, path)


def load_prior(home: Path) -> list[PriorAction]:
    """The drastic actions drafted before in this data folder."""
    path = home / ACTIONS_LOG
    if not path.exists():
        return []
    prior = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            prior.append(PriorAction(**json.loads(line)))
        except (json.JSONDecodeError, TypeError):
            continue
    return prior


def record_actions(home: Path, result: DraftResult) -> None:
    """Appends this ruling's drastic and watch actions to the data folder's log."""
    case = result.ruling.case_number
    taken = [a for a in result.actions if a.action in (*DRASTIC_ACTIONS, WATCH)]
    if not case or not taken:
        return
    with (home / ACTIONS_LOG).open("a", encoding="utf-8") as log:
        for action in taken:
            entry = PriorAction(action.item.province, action.item.catalogue_id, action.action, case)
            log.write(json.dumps(dataclasses.asdict(entry), ensure_ascii=False) + "\n")


def _print_human(result: DraftResult, out: Path, review: list[dict[str, object]]) -> None:
    ruling = result.ruling
    click.echo(f"{ruling.case_number or ruling.source.filename}  {ruling.authority.name or ''}")
    if not result.actions:
        click.echo("  no listed item matched automatically: nothing to decide")
    for action in result.actions:
        item = action.item
        click.echo(f"  {action.action:16} {item.province} {item.catalogue_id} {item.name} [{item.status}]")
        click.echo(f"      {action.basis}")
    for entry in review:
        where = f"{entry['province']} {entry['catalogue_id']} " if "catalogue_id" in entry else ""
        whom = "the ruling as a whole" if entry["product"] is None else f"product {entry['product']}"
        click.echo(f"  review           {whom}: {where}{entry['why']}")
    for document in result.documents:
        click.echo(f"  wrote {out / document.path}  {document.number}  {document.title}")


@click.command("draft")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the drafted DOCX (created when missing).")
@click.option("--catalogue", "catalogue_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Import this catalogue file (CSV/XLSX) into the data folder first (idempotent).")
@click.option("--province", help="省份 of a --catalogue file without a 省份 column.")
@click.option("--json", "as_json", is_flag=True, help="Print one rulingdesk.actions/1 JSON object.")
@click.option("--pdf/--no-pdf", default=None, help="PDF copies via LibreOffice (default: when installed).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60, show_default=True,
              help="Seconds allowed to read FILE.")
@click.pass_context
def command(ctx: click.Context, file: Path, out: Path, catalogue_file: Path | None, province: str | None,
            as_json: bool, pdf: bool | None, timeout: float) -> None:
    """Decide what the policy requires for the products FILE rules on and draft the documents."""
    from matching.match import match
    from rulingdesk.commands.catalogue import engine_of, import_file, problem_printer
    from store.blocking import StoreCatalogue
    from store.catalogue_file import CatalogueFileError
    from store.numbers import allocate_document_number

    home = home_dir((ctx.obj or {}).get("home"))
    try:
        settings = load_settings(home)
    except SettingsError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    try:
        if not file.exists():
            raise ReadError("no such file")
        ruling = read_ruling_file(file, timeout)
    except ReadError as error:
        click.echo(f"{file}: {error}", err=True)
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
        matches = match(ruling, catalogue)
    prior = load_prior(home)
    try:
        result = draft_ruling(ruling, matches, settings, out,
                              lambda prefix, year: allocate_document_number(engine, prefix, year),
                              dt.date.today(), prior)
        record_actions(home, result)
    except OfficeMissing as error:  # nothing drafted in the name of an office nobody configured
        for missing in error.missing:
            click.echo(f"{file}: {missing}", err=True)
        result = DraftResult(ruling, tuple(matches), tuple(decide(ruling, matches, prior)), (), prior)
        failed = True
    if result.documents and (pdf or (pdf is None and soffice())):
        made = {p.stem for p in to_pdf([out / d.path for d in result.documents], out)}
        result = dataclasses.replace(result, documents=tuple(
            dataclasses.replace(d, pdf_path=Path(d.path).with_suffix(".pdf").name if Path(d.path).stem in made else None)
            for d in result.documents))
    payload = result_json(result)
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False))
    else:
        _print_human(result, out, payload["review"])
    sys.exit(1 if failed else 0)
