"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An empty data folder, set as RULINGDESK_HOME for the test."""
    folder = tmp_path / "home"
    monkeypatch.setenv("RULINGDESK_HOME", str(folder))
    return folder
