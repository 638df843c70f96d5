"""Build the corpus files from their sources: `python -m corpus.build [IDS...]`.

For every stale `src/<id>.txt` (source or build code changed since the last build), the
named ids, or all with `--force`: typeset the DOCX in the source's layout, convert all of
them to PDF in one LibreOffice run, keep the DOCX for `docx_input: true`, make the scanned
variant for `scan: true`, and record in `manifest.json` the sha256 of each source and of
the build code with the names of the files built from it (so a test can tell a stale PDF).

PDF bytes depend on the batch they were converted in (LibreOffice encrypts embedded Type 1
fonts with a key sequence that runs through the whole process); dates and ids are fixed,
and the manifest records the sha256 of the text each PDF yields, which is reproducible.
Up-to-date documents are not rebuilt, so their committed bytes do not churn.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

from corpus.docx_writer import render_docx, save_docx
from corpus.layouts import LAYOUTS, layout_names
from corpus.libreoffice import ConversionError, convert_to_pdf, fix_pdf_metadata
from corpus.markup import MarkupError, Source, load_source
from corpus.scan import scan_pdf

CORPUS_DIR = Path(__file__).resolve().parent
MANIFEST_NAME = "manifest.json"
OUTPUT_FOLDERS = ("pdf", "docx", "scan")
# The modules whose code decides what the built files look like.
BUILDER_MODULES = ("markup.py", "layouts.py", "docx_writer.py", "libreoffice.py", "scan.py")


class BadSources(ValueError):
    """Some sources do not parse; the message has one `file:line: reason` line per mistake."""


@dataclass(frozen=True, slots=True)
class Built:
    """What was built from one source."""

    id: str
    source_sha256: str
    layout: str
    holdout: bool
    files: tuple[str, ...]  # paths relative to the output folder, e.g. pdf/01_x.pdf
    pages: int
    pdf_text_sha256: str
    builder_sha256: str  # of the look modules that built it
    sizes: dict[str, int]  # file → bytes (reported, not stored)


def expected_files(source: Source) -> tuple[str, ...]:
    """The files a source asks for, relative to the corpus folder: the PDF, the kept DOCX, the scan."""
    files = [f"pdf/{source.id}.pdf"]
    if source.docx_input:
        files.append(f"docx/{source.id}.docx")
    if source.scan:
        files.append(f"scan/{source.id}.pdf")
    return tuple(files)


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def builder_sha256(corpus_dir: Path = CORPUS_DIR) -> str:
    """One hash over the builder's modules: changes when the look of the built files may."""
    digest = hashlib.sha256()
    for name in BUILDER_MODULES:
        digest.update(name.encode() + b"\0" + (corpus_dir / name).read_bytes())
    return digest.hexdigest()


def load_sources(paths: list[Path]) -> tuple[list[Source], list[str]]:
    """Parse every source; returns the good ones and one message per bad file."""
    sources, errors = [], []
    for path in paths:
        try:
            sources.append(load_source(path, layout_names()))
        except MarkupError as error:
            errors.append(str(error))
    return sources, errors


def pdf_facts(path: Path) -> tuple[int, str]:
    """The page count of a PDF and the sha256 of its text (pages joined by form feeds)."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        texts = []
        for page in document:
            text_page = page.get_textpage()
            texts.append(text_page.get_text_range())
            text_page.close()
            page.close()
        return len(texts), hashlib.sha256("\f".join(texts).encode("utf-8")).hexdigest()
    finally:
        document.close()


def build(
    source_paths: list[Path], out_dir: Path, log: Callable[[str], None] = lambda _: None
) -> list[Built]:
    """Build the given sources into `out_dir/{pdf,docx,scan}` and update its manifest.

    Raises `BadSources` listing every bad source before building anything, and
    `ConversionError` when LibreOffice fails.
    """
    sources, errors = load_sources(source_paths)
    if errors:
        raise BadSources("bad sources:\n" + "\n".join(errors))
    hashes = {path.stem: sha256_file(path) for path in source_paths}
    for folder in OUTPUT_FOLDERS:
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    built: list[Built] = []
    with tempfile.TemporaryDirectory(prefix="corpus-build-") as scratch:
        scratch_dir = Path(scratch)
        docx_paths = []
        for source in sources:
            path = scratch_dir / "docx" / f"{source.id}.docx"
            path.parent.mkdir(exist_ok=True)
            save_docx(render_docx(source, LAYOUTS[source.layout]), path)
            docx_paths.append(path)
        log(f"typeset {len(docx_paths)} DOCX; converting with LibreOffice")
        pdfs = convert_to_pdf(docx_paths, scratch_dir / "pdf")
        for source, docx_path in zip(sources, docx_paths, strict=True):
            built.append(_place_outputs(source, docx_path, pdfs[docx_path], hashes[source.id], out_dir, log))
    _update_manifest(out_dir, built)
    return built


def _place_outputs(
    source: Source,
    docx_path: Path,
    pdf_path: Path,
    source_hash: str,
    out_dir: Path,
    log: Callable[[str], None],
) -> Built:
    """Move one document's outputs into place, removing outputs its source no longer asks for."""
    pdf_out = out_dir / "pdf" / f"{source.id}.pdf"
    pdf_out.write_bytes(fix_pdf_metadata(pdf_path.read_bytes(), seed=source_hash))
    docx_out = out_dir / "docx" / f"{source.id}.docx"
    if source.docx_input:
        shutil.copyfile(docx_path, docx_out)
    else:
        docx_out.unlink(missing_ok=True)
    scan_out = out_dir / "scan" / f"{source.id}.pdf"
    if source.scan:
        page_sizes = scan_pdf(pdf_out, scan_out, seed=source.id)
        log(f"{source.id}: scan pages {', '.join(f'{size // 1000} KB' for size in page_sizes)}")
    else:
        scan_out.unlink(missing_ok=True)
    pages, text_hash = pdf_facts(pdf_out)
    files = expected_files(source)
    sizes = {name: (out_dir / name).stat().st_size for name in files}
    log(
        f"{source.id}: {source.layout}, {pages} pages, "
        + ", ".join(f"{n} {s // 1000} KB" for n, s in sizes.items())
    )
    return Built(
        id=source.id,
        source_sha256=source_hash,
        layout=source.layout,
        holdout=source.holdout,
        files=files,
        pages=pages,
        pdf_text_sha256=text_hash,
        builder_sha256=builder_sha256(),
        sizes=sizes,
    )


def manifest_entry(built: Built) -> dict[str, object]:
    """The manifest's record of one built document."""
    return {
        "source_sha256": built.source_sha256,
        "layout": built.layout,
        "holdout": built.holdout,
        "pages": built.pages,
        "files": list(built.files),
        "pdf_text_sha256": built.pdf_text_sha256,
        "builder_sha256": built.builder_sha256,
    }


def staleness(
    entry: dict | None, source: Source, source_hash: str, builder_hash: str, out_dir: Path
) -> str | None:
    """Why the built files of `source` must be rebuilt, or None when they are up to date."""
    if entry is None:
        return "never built"
    if entry.get("source_sha256") != source_hash:
        return "source changed"
    if entry.get("builder_sha256") != builder_hash:
        return "build code changed"
    if tuple(entry.get("files", ())) != expected_files(source):
        return "front matter asks for other files"
    missing = [name for name in entry["files"] if not (out_dir / name).is_file()]
    if missing:
        return f"missing {', '.join(missing)}"
    return None


def read_manifest(out_dir: Path) -> dict[str, object]:
    """The manifest in `out_dir`, or an empty one."""
    path = out_dir / MANIFEST_NAME
    if not path.exists():
        return {"documents": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def _update_manifest(out_dir: Path, built: list[Built]) -> None:
    """Record the built documents, keeping the entries of documents not rebuilt."""
    manifest = read_manifest(out_dir)
    documents = dict(manifest.get("documents", {}))
    documents.update({item.id: manifest_entry(item) for item in built})
    manifest = {"generator": "python -m corpus.build", "documents": dict(sorted(documents.items()))}
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    (out_dir / MANIFEST_NAME).write_text(text, encoding="utf-8")


def prune(out_dir: Path, keep_ids: set[str]) -> list[str]:
    """Remove built files and manifest entries of ids that have no source any more."""
    removed = []
    for folder in OUTPUT_FOLDERS:
        for path in sorted((out_dir / folder).glob("*")):
            if path.stem not in keep_ids and path.suffix in (".pdf", ".docx"):
                path.unlink()
                removed.append(f"{folder}/{path.name}")
    manifest = read_manifest(out_dir)
    documents = manifest.get("documents", {})
    if any(key not in keep_ids for key in documents):
        manifest["documents"] = {key: value for key, value in documents.items() if key in keep_ids}
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        (out_dir / MANIFEST_NAME).write_text(text, encoding="utf-8")
    return removed


def _stale_ids(sources: list[Source], paths: dict[str, Path], corpus: Path) -> list[str]:
    """The ids whose built files are stale, each reported on stderr with the reason."""
    documents = read_manifest(corpus).get("documents", {})
    current = builder_sha256()
    stale = []
    for source in sources:
        why = staleness(documents.get(source.id), source, sha256_file(paths[source.id]), current, corpus)
        if why:
            print(f"{source.id}: {why}", file=sys.stderr)
            stale.append(source.id)
    return stale


def main(argv: list[str] | None = None) -> int:
    """The command line: build the stale sources, the named ids, or all (--force)."""
    parser = argparse.ArgumentParser(prog="python -m corpus.build", description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", help="ids to rebuild (default: every source whose files are stale)")
    parser.add_argument("--force", action="store_true", help="rebuild every source")
    parser.add_argument("--check", action="store_true", help="build nothing; exit 1 when something is stale")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="corpus folder (holds src/)")
    args = parser.parse_args(argv)
    src_dir = args.corpus / "src"
    available = {path.stem: path for path in sorted(src_dir.glob("*.txt"))}
    unknown = [name for name in args.ids if name not in available]
    if unknown:
        print(f"no source for: {', '.join(unknown)} (looked in {src_dir})", file=sys.stderr)
        return 2
    if not available:
        print(f"no sources in {src_dir}", file=sys.stderr)
        return 1
    sources, errors = load_sources(list(available.values()))
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    if args.check or not (args.ids or args.force):
        chosen = _stale_ids(sources, available, args.corpus)
        if args.check:
            return 1 if chosen else 0
    else:
        chosen = args.ids or list(available)
    started = time.monotonic()
    built: list[Built] = []
    if chosen:
        try:
            built = build(
                [available[name] for name in chosen],
                args.corpus,
                log=lambda line: print(line, file=sys.stderr),
            )
        except (BadSources, ConversionError) as error:
            print(error, file=sys.stderr)
            return 1
    if not args.ids:
        for name in prune(args.corpus, set(available)):
            print(f"removed {name} (no source)", file=sys.stderr)
    elapsed = time.monotonic() - started
    total = sum(sum(item.sizes.values()) for item in built)
    pages = sum(item.pages for item in built)
    print(
        f"built {len(built)} of {len(available)} documents ({pages} pages, {total / 1e6:.1f} MB) in {elapsed:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
