"""PDF copies of drafted documents through LibreOffice headless, when it is installed.

The DOCX stays the primary output. The official fonts (仿宋_GB2312, 方正小标宋简体, …) are
proprietary and rarely installed on servers, so for the PDF LibreOffice is given a
fontconfig file that maps each to the installed substitute named in `generate.layout`
(Noto Serif/Sans CJK from fonts-noto-cjk). Such PDFs are approximate previews.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from generate.layout import FALLBACKS, TITLE_FONT

SYSTEM_FONTS_CONF = Path("/etc/fonts/fonts.conf")

def soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def fontconfig_aliases() -> str:
    """A fonts.conf that includes the system's and maps the official fonts onto installed ones.

    小标宋 becomes the bold weight of its substitute (FORMATS.md §8: Serif Bold for 小标宋).
    """
    rules = []
    for name, (alternative, local) in FALLBACKS.items():
        weight = '<edit name="weight" mode="assign"><const>bold</const></edit>' if name == TITLE_FONT else ""
        for family in (name, alternative):
            rules.append(
                f'  <match target="pattern"><test name="family"><string>{family}</string></test>'
                f'<edit name="family" mode="prepend" binding="strong"><string>{local}</string></edit>{weight}</match>\n'
            )
    include = f"  <include ignore_missing=\"yes\">{SYSTEM_FONTS_CONF}</include>\n" if SYSTEM_FONTS_CONF.exists() else ""
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            + include + "".join(rules) + "</fontconfig>\n")


def to_pdf(documents: Sequence[Path], out_dir: Path, timeout: float = 120, *, program: str | None = None) -> list[Path]:
    """Converts DOCX files to PDF in `out_dir` (one LibreOffice run of `program`, default
    `soffice()`); returns the PDFs written.

    Returns [] when LibreOffice is not installed. Raises subprocess.TimeoutExpired on timeout.
    """
    program = program or soffice()
    if not program or not documents:
        return []
    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="rulingdesk-soffice-") as scratch:
        conf = Path(scratch) / "fonts.conf"
        conf.write_text(fontconfig_aliases(), encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
        profile = Path(scratch, "profile").as_uri()  # a private profile: runs never block each other
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, documents)]
        # In a session of its own: `soffice` is a launcher whose soffice.bin child would
        # outlive a timeout; killing the whole process group leaves nothing running.
        with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                              start_new_session=True) as process:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                raise
    made = [out_dir / (Path(d).stem + ".pdf") for d in documents]
    return [p for p in made if p.exists()]
