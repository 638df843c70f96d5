"""Fixtures of the extraction tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The packages whose code must not spell a vocabulary of extract/patterns/ again.
CODE = ("extract", "matching", "generate", "web", "store", "rulingdesk")


@pytest.fixture
def spelled_in_code() -> Callable[[re.Pattern[str]], list[str]]:
    """A function giving, for a pattern of a list spelled in code ("胶囊|注射液", '"盐酸", "硫酸"'),
    every Python file of the packages where it stands, with the first match: the offenders of
    a one-home test (issue 10, item 4)."""

    def offenders(spelled: re.Pattern[str]) -> list[str]:
        return [
            f"{path.relative_to(ROOT)}: {m.group()}"
            for folder in CODE
            for path in sorted((ROOT / folder).rglob("*.py"))
            for m in [spelled.search(path.read_text(encoding="utf-8"))]
            if m
        ]

    return offenders
