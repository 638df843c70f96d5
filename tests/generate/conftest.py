"""Fixtures of the generate tests."""

from __future__ import annotations

import pytest
from generate_builders import make_ruling

from extract.model import Ruling


@pytest.fixture
def ruling() -> Ruling:
    """An effective SPC judgment that finds infringement and orders a stop."""
    return make_ruling()

