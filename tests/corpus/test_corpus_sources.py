"""The corpus as committed: every source parses, has a valid truth file, and is built."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.build import builder_sha256, read_manifest, sha256_file, staleness
from corpus.layouts import layout_names
from corpus.markup import load_source

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
SOURCES = sorted((CORPUS / "src").glob("*.txt"))
TRUTHS = sorted((CORPUS / "truth").glob("*.json"))
SCHEMA = REPO.parent / "shared" / "contract" / "ruling.schema.json"
REBUILD = (
    "run `python -m corpus.build` and commit corpus/pdf, corpus/docx, corpus/scan and corpus/manifest.json"
)

# What truth files leave out and the extractor adds: filled with placeholders for validation.
TRUTH_OMITS = {
    "schema": "rulingdesk.ruling/1",
    "source": {"filename": "placeholder.pdf", "sha256": "0" * 64, "pages": 1},
    "evidence": [],
}

no_sources = pytest.mark.skipif(not SOURCES, reason="corpus/src holds no sources yet")


def source_ids(paths: list[Path]) -> list[str]:
    """Test ids: the file stems."""
    return [path.stem for path in paths]


@no_sources
@pytest.mark.parametrize("path", SOURCES, ids=source_ids(SOURCES))
def test_source_parses(path: Path) -> None:
    load_source(path, layout_names())


@no_sources
@pytest.mark.parametrize("path", SOURCES, ids=source_ids(SOURCES))
def test_source_has_truth(path: Path) -> None:
    assert (CORPUS / "truth" / f"{path.stem}.json").is_file(), f"corpus/truth/{path.stem}.json is missing"


@pytest.mark.skipif(not TRUTHS, reason="corpus/truth holds no truth files yet")
@pytest.mark.parametrize("path", TRUTHS, ids=source_ids(TRUTHS))
def test_truth_has_source(path: Path) -> None:
    assert (CORPUS / "src" / f"{path.stem}.txt").is_file(), f"corpus/src/{path.stem}.txt is missing"


@pytest.fixture(scope="module")
def validator():
    """A validator for the contract's ruling schema (skips when ../shared is not checked out)."""
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"the contract schema is not at {SCHEMA} (../shared is not checked out)")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.mark.skipif(not TRUTHS, reason="corpus/truth holds no truth files yet")
@pytest.mark.parametrize("path", TRUTHS, ids=source_ids(TRUTHS))
def test_truth_validates_against_the_contract(validator, path: Path) -> None:
    truth = json.loads(path.read_text(encoding="utf-8"))
    assert not set(TRUTH_OMITS) & set(truth), "truth files leave out schema, source and evidence"
    errors = [
        f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in validator.iter_errors({**truth, **TRUTH_OMITS})
    ]
    assert errors == []


@no_sources
@pytest.mark.parametrize("path", SOURCES, ids=source_ids(SOURCES))
def test_built_files_are_up_to_date(path: Path) -> None:
    entry = read_manifest(CORPUS)["documents"].get(path.stem)
    source = load_source(path, layout_names())
    why = staleness(entry, source, sha256_file(path), builder_sha256(), CORPUS)
    assert why is None, f"{path.stem}: {why}; {REBUILD}"


def test_manifest_lists_no_removed_sources() -> None:
    built = set(read_manifest(CORPUS)["documents"])
    assert built <= set(source_ids(SOURCES)), (
        f"built but without a source: {sorted(built - set(source_ids(SOURCES)))}; {REBUILD}"
    )
