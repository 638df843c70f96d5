"""DOCX → PDF with LibreOffice headless, the way offices print their documents.

`convert_to_pdf(docx_paths, out_dir)` converts many files in one `soffice` call (starting
LibreOffice is the slow part), with a private user profile so parallel runs do not clash,
and a private fontconfig file that maps the official font names (仿宋, 宋体, 黑体 …) to
the installed Noto CJK fonts. `fix_pdf_metadata(data, seed)` makes LibreOffice's output
reproducible by overwriting its timestamps and document id in place.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from corpus.layouts import FONT_SUBSTITUTES

SOFFICE = "soffice"
CONVERT_TIMEOUT_S = 900

# A PDF date in the Info dictionary: `/CreationDate(D:20261125091500+00'00')`; the digits are
# overwritten by the same number of fixed digits so that the xref offsets stay right.
PDF_DATE_RE = re.compile(rb"/(?:CreationDate|ModDate)\s*\(D:(?P<digits>[0-9]+)(?P<zone>[^)]*)\)")
# The trailer's document id: `/ID [ <4f2a…> <4f2a…> ]` (hex strings of any length).
PDF_ID_RE = re.compile(rb"/ID\s*\[\s*<(?P<first>[0-9A-Fa-f]+)>\s*<(?P<second>[0-9A-Fa-f]+)>\s*\]")
FIXED_DATE_DIGITS = b"20991231000000"


class ConversionError(RuntimeError):
    """LibreOffice failed or did not produce a PDF for some input."""


def soffice_available() -> bool:
    """Whether the `soffice` program can be found."""
    return shutil.which(SOFFICE) is not None


def fontconfig_text(substitutes: dict[str, str]) -> str:
    """A fontconfig file: the system configuration plus one strong alias per official name."""
    rules = "".join(
        f'  <match target="pattern"><test qual="any" name="family"><string>{escape(name)}</string></test>'
        f'<edit name="family" mode="assign" binding="strong"><string>{escape(target)}</string></edit></match>\n'
        for name, target in substitutes.items()
    )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"{rules}</fontconfig>\n"
    )


def convert_to_pdf(docx_paths: list[Path], out_dir: Path) -> dict[Path, Path]:
    """Convert every DOCX to `out_dir/<stem>.pdf` in one LibreOffice run.

    Returns input → output. Raises `ConversionError` naming the inputs without a PDF.
    """
    if not docx_paths:
        return {}
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="corpus-soffice-") as scratch:
        scratch_dir = Path(scratch)
        fonts_conf = scratch_dir / "fonts.conf"
        fonts_conf.write_text(fontconfig_text(FONT_SUBSTITUTES), encoding="utf-8")
        environment = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf), "TZ": "UTC", "LC_ALL": "C.UTF-8"}
        command = [
            SOFFICE,
            f"-env:UserInstallation={(scratch_dir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out_dir),
            *[str(path) for path in docx_paths],
        ]
        completed = subprocess.run(
            command, env=environment, capture_output=True, text=True, timeout=CONVERT_TIMEOUT_S, check=False
        )
    outputs = {path: out_dir / f"{path.stem}.pdf" for path in docx_paths}
    missing = [path.name for path, pdf in outputs.items() if not pdf.exists()]
    if completed.returncode != 0 or missing:
        raise ConversionError(
            f"soffice exited with {completed.returncode}; no PDF for {', '.join(missing) or '-'}; "
            f"stderr: {completed.stderr.strip()[-500:]}"
        )
    return outputs


def fix_pdf_metadata(data: bytes, seed: str) -> bytes:
    """The PDF with fixed dates and an id derived from `seed`; byte length is unchanged."""

    def fixed_date(match: re.Match[bytes]) -> bytes:
        digits = match["digits"]
        replacement = (FIXED_DATE_DIGITS * 2)[: len(digits)]
        return match[0].replace(b"D:" + digits, b"D:" + replacement, 1)

    def fixed_id(match: re.Match[bytes]) -> bytes:
        first, second = match["first"], match["second"]
        digest = hashlib.sha256(seed.encode("utf-8")).hexdigest().upper().encode("ascii") * 4
        text = match[0].replace(first, digest[: len(first)], 1)
        return text.replace(b"<" + second + b">", b"<" + digest[: len(second)] + b">", 1)

    data = PDF_DATE_RE.sub(fixed_date, data)
    return PDF_ID_RE.sub(fixed_id, data)
