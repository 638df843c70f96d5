import datetime as dt

import pytest

from store.objections import add_objection, get_objection, list_objections


def test_objections_are_stored_and_listed_oldest_first(engine):
    later = add_objection(
        engine,
        objector="甲制药有限公司",
        province="广东省",
        catalogue_id="YP0012345",
        received_on=dt.date(2099, 3, 2),
        patent_number="ZL201911937865.X",
        reply_deadline=dt.date(2099, 4, 1),
        note="请求撤网",
    )
    earlier = add_objection(
        engine, objector="乙公司", province="江苏省", catalogue_id="J1", received_on=dt.date(2099, 1, 5)
    )
    assert get_objection(engine, later.id).patent_number == "ZL201911937865.X"
    assert get_objection(engine, later.id).reply_deadline == dt.date(2099, 4, 1)
    assert get_objection(engine, 10_000) is None
    assert [o.id for o in list_objections(engine)] == [earlier.id, later.id]


@pytest.mark.parametrize(
    "changes",
    [
        {"objector": ""},
        {"catalogue_id": ""},
        {"reply_deadline": dt.date(2098, 12, 31)},
    ],
)
def test_incomplete_objections_are_refused(engine, changes):
    fields = {
        "objector": "甲",
        "province": "广东省",
        "catalogue_id": "YP1",
        "received_on": dt.date(2099, 1, 1),
    } | changes
    with pytest.raises(ValueError):
        add_objection(engine, **fields)
