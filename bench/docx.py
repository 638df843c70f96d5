"""The long-DOCX benchmark: `python -m bench docx [--paragraphs N]`.

Issue 12: a 100,000-paragraph DOCX took 60 s to read. Builds a DOCX of N ruling-like
paragraphs (a header, then sentences of the reasoning, one in ten naming a drug product)
and reads it in a warm process: the reader (`read_docx`) and the whole reading
(`read_ruling`: reader + understanding), in seconds and paragraphs per second, beside
python-docx's own `Paragraph.text` over the same file (what the reader used per paragraph
before). Half of N is read too, so that the two figures show whether the time grows in
proportion.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def build(path: Path, paragraphs: int) -> None:
    """The DOCX written as XML into python-docx's blank document (python-docx's own
    add_paragraph looks for the section properties at every call: minutes for 100,000)."""
    import zipfile
    from xml.sax.saxutils import escape

    import docx

    blank = path.with_suffix(".blank.docx")
    docx.Document().save(str(blank))
    texts = ["北京知识产权法院 民事判决书 （2098）京73民初1206号"] + [
        f"第{number}段 被告生产的利伐沙班片落入涉案专利权的保护范围。" if number % 10 == 0
        else f"第{number}段 本院认为，原告的诉讼请求有事实和法律依据，本院予以支持。"
        for number in range(paragraphs)
    ]
    body = "".join(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in texts).encode()
    with zipfile.ZipFile(blank) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + body, 1)
            target.writestr(item, data)
    blank.unlink()


def _seconds(run) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench docx")
    parser.add_argument("--paragraphs", type=int, default=100_000)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    import docx
    from docx.text.paragraph import Paragraph

    from extract.docx_file import read_docx
    from extract.ruling import read_ruling, warm_up

    warm_up()
    with tempfile.TemporaryDirectory() as folder:
        build(Path(folder) / "warm.docx", 100)
        read_ruling(Path(folder) / "warm.docx")  # what loads at the first reading is not measured
        for count in (args.paragraphs // 2, args.paragraphs):
            path = Path(folder) / f"long-{count}.docx"
            build(path, count)
            document = docx.Document(str(path))
            blocks = [b for b in document.iter_inner_content() if isinstance(b, Paragraph)]
            bare = _seconds(lambda: [b.text for b in blocks])  # noqa: B023 - run at once
            reader = _seconds(lambda: read_docx(path))  # noqa: B023
            whole = _seconds(lambda: read_ruling(path))  # noqa: B023
            print(f"{count:>7} paragraphs: read_ruling {whole:6.1f} s ({count / whole:,.0f} paragraphs/s); "
                  f"read_docx {reader:5.1f} s; python-docx Paragraph.text alone {bare:5.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
