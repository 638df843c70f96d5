"""Related rulings of a case (store.ruling_search.related_rulings)."""

from __future__ import annotations

import copy

from store.audit import Actor
from store.desk_tables import StoredFile
from store.ruling_search import related_rulings
from store.rulings import add_ruling, get_ruling
from store.sessions import writing
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
