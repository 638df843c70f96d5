from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.orm import Session

from store.db import make_engine
from store.numbers import allocate_document_number, last_document_number


def test_numbers_count_up_per_office_and_year(engine):
    taken = [
        allocate_document_number(engine, "粤医采", 2099),
        allocate_document_number(engine, "粤医采", 2099),
        allocate_document_number(engine, "粤知函", 2099),
        allocate_document_number(engine, "粤医采", 2100),
        allocate_document_number(engine, "粤医采", 2099),
    ]
    assert taken == [1, 2, 1, 1, 3]
    assert last_document_number(engine, "粤医采", 2099) == 3
    assert last_document_number(engine, "苏医采", 2099) == 0


def test_concurrent_allocations_never_repeat(engine):
    # Separate engines, like separate processes drafting at the same time.
    url = engine.url.render_as_string(hide_password=False)
    engines = [make_engine(url, upgrade=False) for _ in range(4)]
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            taken = list(
                pool.map(lambda i: allocate_document_number(engines[i % 4], "粤医采", 2099), range(40))
            )
    finally:
        for other in engines:
            other.dispose()
    assert sorted(taken) == list(range(1, 41))


def test_a_rolled_back_session_frees_its_number(engine):
    with Session(engine) as session:
        assert allocate_document_number(session, "粤医采", 2099) == 1
        session.rollback()
    with Session(engine) as session, session.begin():
        assert allocate_document_number(session, "粤医采", 2099) == 1
    assert allocate_document_number(engine, "粤医采", 2099) == 2


@pytest.mark.parametrize("office", ["", None])
def test_an_office_must_be_named(engine, office):
    with pytest.raises(ValueError):
        allocate_document_number(engine, office, 2099)
