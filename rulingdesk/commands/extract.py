"""`rulingdesk extract FILE... [--json] [--timeout SECONDS]` (contract §1).

Reads each file in a guarded worker process and prints what it found: JSON Lines with
--json, otherwise a summary a clerk can check. A file that cannot be read gets one line on
stderr (file: reason) and the exit status 1; the other files are still processed.
`--timeout` is the floor per file; a scan gets a budget per page to OCR on top of it
(`extract/budget.py`), and one that still runs out is printed with the pages read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from extract.budget import OCR_SECONDS_PER_PAGE
from extract.jsonout import ruling_to_json
from extract.model import ReadError, Ruling
from extract.ruling import read_ruling, warm_up
from extract.sandbox import DEFAULT_TIMEOUT, Sandbox
from rulingdesk.summary import ruling_summary


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file (JSON Lines), schema rulingdesk.ruling/1.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help=(
        f"Seconds allowed per file, plus {OCR_SECONDS_PER_PAGE:.0f} for each scanned page to OCR; a file that "
        "takes longer is stopped and reported, a scan keeps the pages read by then (a warning names the rest)."
    ),
)
def command(files: tuple[Path, ...], as_json: bool, timeout: float) -> None:
    """Read ruling and judgment files (PDF, scanned PDF, DOCX) and print what they say.

    Nothing is stored: extract is a pure reading.
    """
    failed = 0
    show_progress = len(files) > 1 and sys.stderr.isatty()
    with Sandbox(timeout=timeout, initializer=warm_up) as box:
        with click.progressbar(files, label="读取", file=sys.stderr, hidden=not show_progress) as bar:
            for path in bar:
                try:
                    if not path.exists():
                        raise ReadError("no such file")
                    ruling: Ruling = box.run(read_ruling, path)
                except ReadError as err:
                    failed += 1
                    click.echo(f"{path}: {err}", err=True)
                    continue
                if as_json:
                    click.echo(json.dumps(ruling_to_json(ruling), ensure_ascii=False))
                else:
                    click.echo(ruling_summary(ruling))
    sys.exit(1 if failed else 0)
