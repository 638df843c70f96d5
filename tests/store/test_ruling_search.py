"""Related rulings of a case (store.ruling_search.related_rulings)."""

from __future__ import annotations

import copy

import pytest
from alembic import command
from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.companies import company_key
from store.audit import Actor
from store.desk_tables import RulingKey, StoredFile
from store.migrate import alembic_config
from store.ruling_keys import KeyKind, ruling_keys
from store.ruling_search import _related_query, related_rulings
from store.rulings import add_ruling, correct_field, get_ruling, set_removed
from store.sessions import writing
from store.users import create_user
from tests.store.test_search_index import sample

OFFICE = "26_js_office_vonoprazan_stop"  # 被请求人 常州汇元堂药业有限公司
OTHER = "01_bj_first_rivaroxaban_stop"  # other parties, another patent


def _register(engine, rulings: list[dict]) -> list[int]:
    ids = []
    with writing(engine) as session:
        for number, ruling in enumerate(rulings):
            sha = f"{number + 100:064x}"
            session.add(StoredFile(sha256=sha, kind="pdf", size=1, filename=f"{number}.pdf"))
            session.flush()
            ids.append(add_ruling(session, sha, ruling, Actor(None, "test")).id)
    return ids


def test_a_company_printed_with_another_legal_form_makes_rulings_related(engine):
    office = sample(OFFICE)
    later = copy.deepcopy(sample(OTHER))  # another case, where the same company is a defendant under a new form
    accused = next(p["name"] for p in office["parties"] if p["name"].startswith("常州汇元堂"))
    later["parties"][-1]["name"] = accused.replace("有限公司", "股份有限公司")
    later["parties"][-1]["kind"] = "company"
    first, second, unrelated = _register(engine, [office, later, sample("45_cq_office_apalutamide_withdrawn")])
    related = related_rulings(engine, first, get_ruling(engine, first).current)
    assert {r.hit.id: r.why for r in related} == {second: "涉及同一企业"}
    assert unrelated not in {r.hit.id for r in related}


def _related(engine, ruling_id) -> dict[int, str]:
    return {r.hit.id: r.why for r in related_rulings(engine, ruling_id, get_ruling(engine, ruling_id).current)}


def test_the_index_follows_a_corrected_patent_case_number_and_party(engine):
    clerk = create_user(engine, "clerk", "password123", "clerk")
    office, other = _register(engine, [sample(OFFICE), sample(OTHER)])
    assert _related(engine, office) == {}
    # the patent as the clerk reads it from the original: the office ruling's, printed with spaces
    assert correct_field(engine, other, "patents[0].number", "ZL 2089 2031 8846.3", clerk.actor)
    assert _related(engine, office) == {other: "同一专利"}
    # the other ruling corrected to cite the office ruling as its earlier instance
    assert correct_field(engine, other, "prior_case_numbers", "苏知裁字〔2098〕12号", clerk.actor)
    assert _related(engine, other) == {office: "前审"}
    # a correction away from the shared values leaves no stale key behind
    assert correct_field(engine, other, "patents[0].number", "ZL208810329348.9", clerk.actor)
    assert correct_field(engine, other, "prior_case_numbers", "", clerk.actor)
    assert _related(engine, office) == {} and _related(engine, other) == {}
    # a removed party no longer relates: the office's accused company named by the other ruling, then removed
    assert correct_field(engine, other, "parties[1].name", "常州汇元堂药业股份有限公司", clerk.actor)
    assert _related(engine, office) == {other: "涉及同一企业"}
    assert set_removed(engine, other, "parties", 1, True, clerk.actor)
    assert set_removed(engine, other, "products", 0, True, clerk.actor)
    assert _related(engine, office) == {}
    assert {(k.kind, k.key) for k in _keys(engine, other)} == ruling_keys(get_ruling(engine, other).current)


def _keys(engine, ruling_id) -> list[RulingKey]:
    with Session(engine) as session:
        return list(session.scalars(select(RulingKey).where(RulingKey.ruling_id == ruling_id)))


def test_the_migration_keys_the_rulings_registered_before_it(engine):
    clerk = create_user(engine, "clerk", "password123", "clerk")
    office, other = _register(engine, [sample(OFFICE), sample(OTHER)])
    assert correct_field(engine, other, "patents[0].number", "ZL208920318846.3", clerk.actor)
    config = alembic_config()
    with engine.begin() as connection:  # back to before the index, then forward again
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")  # the revision before 0009_ruling_keys
        command.upgrade(config, "head")
    assert _related(engine, office) == {other: "同一专利"}
    assert {(k.kind, k.key) for k in _keys(engine, other)} == ruling_keys(get_ruling(engine, other).current)


def test_keys_are_the_normal_forms_of_numbers_and_names():
    keys = ruling_keys({"case_number": " （2098）京73民初1206号 ", "prior_case_numbers": ["（2097）京73民初1号", ""],
                        "patents": [{"number": "ZL 2089 2031 8846.3"}, {"number": None}],
                        "parties": [{"name": "常州汇元堂药业股份有限公司"}, {"name": ""}],
                        "products": [{"name": "片", "manufacturer": "常州汇元堂药业（中国）有限公司"}]})
    assert keys == {(KeyKind.CASE, "（2098）京73民初1206号"), (KeyKind.CASE, "（2097）京73民初1号"),
                    (KeyKind.PATENT, "ZL208920318846.3"), (KeyKind.COMPANY, company_key("常州汇元堂药业有限公司"))}


def test_the_related_query_searches_the_key_index_not_every_key(engine):
    # Found by `python -m bench desk`: with `key IN (...)` alone, SQLite read every key (the
    # index leads with `kind`), 4 times slower at 2,000 rulings and growing with them.
    if engine.dialect.name != "sqlite":
        pytest.skip("the plan is read with SQLite's EXPLAIN QUERY PLAN")
    statement = _related_query(20).params(kinds=["case"], keys=["x"], ruling_id=1)
    sql = str(statement.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as connection:
        plan = " ".join(str(row[-1]) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    assert "USING INDEX ix_ruling_keys_kind_key (kind=? AND key=?)" in plan
