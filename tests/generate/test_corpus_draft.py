"""The whole chain on the corpus PDFs: extract → match against a catalogue holding every
accused product of the corpus, with hard negatives (same name other maker, same maker other
strength; some cases' items already 已撤网, some 中选) → decide → draft. Same-name products of other makers in other rulings (利伐沙班片 01/23, 恩格列净片 02/30, 艾地骨化醇软胶囊 04/38, 依西美坦片 21/31,
替格瑞洛片 07/34, 地诺孕素片 12/42) are the hard negatives. Prints the precision and recall of
drastic actions against the hand-reviewed corpus_expected.json."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus import DEMO_SETTINGS
from corpus.catalogue import catalogue_id, catalogue_text, listing
from generate.model import DRASTIC_ACTIONS
from generate.pipeline import draft_ruling
from generate.settings import parse_settings
from rulingdesk.cli import cli
from tests.generate.test_corpus_actions import CASES, EXPECTED

REPO = Path(__file__).resolve().parents[2]
PDF = REPO / "corpus" / "pdf"


# Cases whose PDF is built (a new source may be waiting for `python -m corpus.build`).
BUILT = [case for case in CASES if (PDF / f"{case}.pdf").exists()]


def write_catalogue(path: Path) -> None:
    path.write_text(catalogue_text(CASES), encoding="utf-8")


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """Each corpus case drafted: case → DraftResult."""
    from extract.ruling import read_ruling
    from matching.match import match
    from store import open_engine
    from store.blocking import StoreCatalogue

    folder = tmp_path_factory.mktemp("corpus-draft")
    home = folder / "home"
    home.mkdir()
    write_catalogue(folder / "catalogue.csv")
    result = CliRunner().invoke(cli, ["--home", str(home), "catalogue", "import", str(folder / "catalogue.csv")])
    assert result.exit_code == 0, result.output
    engine = open_engine(home)
    settings = parse_settings(DEMO_SETTINGS.read_text(encoding="utf-8"))
    counter = itertools.count(1)
    results = {}
    with StoreCatalogue(engine) as catalogue:
        for case in BUILT:
            ruling = read_ruling(PDF / f"{case}.pdf")
            results[case] = draft_ruling(ruling, match(ruling, catalogue), settings, folder / "out" / case,
                                         lambda prefix, year: next(counter), dt.date(2099, 3, 5))
    return results


def _outcomes(drafted):
    tp = fp = fn = 0
    misses = []
    for case in BUILT:
        taken = {a.item.catalogue_id for a in drafted[case].actions if a.action in DRASTIC_ACTIONS}
        delisted = listing(case)[0] == "已撤网"
        wanted = {catalogue_id(case, i) for i, want in enumerate(EXPECTED[case]) if want == "delist" and not delisted}
        if listing(case)[1] == "中选":
            kinds = {(a.item.catalogue_id, a.action) for a in drafted[case].actions}
            assert all((cid, "cancel_selection") in kinds and (cid, "delist") in kinds for cid in wanted & taken)
        tp += len(taken & wanted)
        fp += len(taken - wanted)
        fn += len(wanted - taken)
        misses += [f"{case}: {sorted(taken - wanted)} not expected" for _ in [0] if taken - wanted]
        misses += [f"{case}: {sorted(wanted - taken)} missed" for _ in [0] if wanted - taken]
    return tp, fp, fn, misses


def test_drastic_actions_on_the_corpus_pdfs(drafted, capsys):
    tp, fp, fn, misses = _outcomes(drafted)
    with capsys.disabled():
        print(f"\ncorpus draft end to end: precision {tp / max(tp + fp, 1):.1%} recall {tp / max(tp + fn, 1):.1%} "
              f"(tp {tp}, fp {fp}, fn {fn}; {len(BUILT)} of {len(CASES)} PDFs built)" + "".join(f"\n  {m}" for m in misses))
    assert fp == 0, misses


def test_every_ip_office_ruling_gets_a_copy_letter(drafted):
    for case, result in drafted.items():
        office = result.ruling.document_type in ("administrative_ruling", "administrative_decision")
        letters = [d for d in result.documents if d.kind == "copy_letter"]
        assert len(letters) == (1 if office else 0), case


def test_notice_kinds_render_from_corpus_data(drafted):
    kinds = {d.kind for result in drafted.values() for d in result.documents}
    assert {"delisting_notice", "copy_letter"} <= kinds
