"""Fixtures of the generate tests."""

from __future__ import annotations

import pytest

from extract.model import Ruling
from tests.generate.generate_builders import make_ruling


@pytest.fixture
def ruling() -> Ruling:
    """An effective SPC judgment that finds infringement and orders a stop."""
    return make_ruling()



@pytest.fixture(scope="session")
def drafted(tmp_path_factory):
    """Each of the seven kinds drafted from the sample plans, numbered 1…7, dated 2099-03-05: kind → bytes."""
    import datetime as dt
    import itertools

    from generate.render import TemplateSet, issue
    from tests.generate.generate_builders import sample_plans

    counter = itertools.count(1)
    templates = TemplateSet()
    out = {}
    for kind, plan in sample_plans().items():
        _, values = issue(plan, lambda prefix, year: next(counter), dt.date(2099, 3, 5))
        out[kind] = templates.render(kind, values)
    return out
