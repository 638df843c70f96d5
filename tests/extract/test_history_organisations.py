"""A party named in the history sentence, when the party block is missing, before words no
rule knows as a cause ("…胶葛一案"): the organisation the NLP pipeline names at the start of
the piece (parties.history_parties → nlp.organisation_starting_at). Invented texts."""

from __future__ import annotations

import pytest

from extract.parties import history_parties


def _read(text: str) -> list[tuple[str, str]]:
    found = history_parties(text, 0, len(text))
    for party in found:
        assert text[party.name_span[0] : party.name_span[1]] == party.name
        assert party.warnings  # read from the history: always said so
    return [(party.name, party.role_label) for party in found]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "parties"),
    [
        # the last name runs into words no cause rule knows
        (
            "上诉人澜川生物医药股份有限公司(简称澜川公司)因专利无效行政胶葛一案，不服一审判决。",
            [("澜川生物医药股份有限公司", "上诉人")],
        ),
        (
            "原告澜川生物医药有限公司诉被告青禾制药有限公司滥用专利权胶葛一案，本院于2097年受理。",
            [("澜川生物医药有限公司", "原告"), ("青禾制药有限公司", "被告")],
        ),
        (
            "上诉人澜川公司因与被上诉人青禾制药有限公司、原审被告丰禾医药有限公司专利侵权胶葛一案",
            [("澜川公司", "上诉人"), ("青禾制药有限公司", "被上诉人"), ("丰禾医药有限公司", "原审被告")],
        ),
        (
            "请求人泽远（南通）医药有限公司与被请求人北辰药业有限公司专利侵权争议一案，本局受理。",
            [("泽远（南通）医药有限公司", "请求人"), ("北辰药业有限公司", "被请求人")],
        ),
        # the rules read it already: unchanged
        (
            "原告澜川生物医药有限公司诉被告青禾制药有限公司侵害发明专利权纠纷一案，本院受理。",
            [("澜川生物医药有限公司", "原告"), ("青禾制药有限公司", "被告")],
        ),
        # no organisation at the piece's start: nothing is made up
        ("原告张某某诉被告李某某滥用专利权胶葛一案", [("张某某", "原告")]),
    ],
)
def test_history_parties_before_unknown_words(text, parties):
    assert _read(text) == parties
