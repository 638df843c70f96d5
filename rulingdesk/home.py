"""The data folder (RULINGDESK_HOME): database, stored originals, search index, settings."""

from __future__ import annotations

import os
from pathlib import Path


def home_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: `override` (from --home), else $RULINGDESK_HOME, else ~/rulingdesk.

    The folder is created when missing and returned absolute: Flask's send_file resolves a
    relative path against the application's package, not the working directory, so a
    relative data folder (`make demo`'s out/home) would serve nothing.
    """
    chosen = override or os.environ.get("RULINGDESK_HOME") or Path.home() / "rulingdesk"
    path = Path(chosen).expanduser().absolute()
    path.mkdir(parents=True, exist_ok=True)
    return path
