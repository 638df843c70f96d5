"""The dosage forms: one list (extract/patterns/dosage_forms.tsv, extract/dosage_forms.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extract.dosage_forms import forms, prefixes, read_forms, split_form, suffixes

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "stem", "canonical"),
    [
        ("利伐沙班片", "利伐沙班", "片"),
        ("盐酸二甲双胍缓释片", "盐酸二甲双胍", "缓释片"),  # longest first: 缓释片, not 片
        ("注射用紫杉醇", "紫杉醇", "注射用无菌粉末"),  # a form that begins the name
        ("硝酸咪康唑阴道软胶囊", "硝酸咪康唑", "软胶囊"),  # a qualified form, read whole by extract
        ("利伐沙班", "利伐沙班", None),
        ("片", "片", None),  # a form alone is no name
    ],
)
def test_split_form(name, stem, canonical):
    found_stem, form = split_form(name)
    assert (found_stem, form.canonical if form else None) == (stem, canonical)


def test_prefixes_and_suffixes_are_every_form_once():
    assert sorted((*prefixes(), *suffixes())) == sorted(forms())
    assert prefixes() == ("注射用",)


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ("片\t片\t片", "expected written, canonical, family, kind"),
        ("片\t片\t片\tround", "expected written, canonical, family, kind"),
        ("tablet\t片\t片\tbase", "expected written, canonical, family, kind"),
        ("片剂\t片\t片\tbase", "given twice"),
        ("阴道片\t片\t胶囊\tqualified", "does not end with a plain form of its family"),
        ("口溶膜\t片\t片\tqualified", "does not end with a plain form of its family"),
    ],
)
def test_a_bad_line_is_named(line, complaint):
    with pytest.raises(ValueError, match=complaint):
        read_forms("# written\tcanonical\tfamily\tkind\n片\t片\t片\tbase\n片剂\t片\t片\tbase\n" + line + "\n")


def test_the_generated_pattern_file_is_the_table():
    """`dosage_forms.jsonl` (the span ruler's DOSAGE_FORM patterns) is written from the table by
    build_dictionaries.py: it holds every written form, and nothing else."""
    path = ROOT / "extract" / "patterns" / "dosage_forms.jsonl"
    patterns = [json.loads(line)["pattern"] for line in path.read_text(encoding="utf-8").splitlines()]
    assert patterns == sorted(forms())


def test_one_home_for_the_dosage_forms(spelled_in_code):
    """Issue 10 (4): the dosage forms are listed once, in patterns/dosage_forms.tsv; no code
    spells a list of them again (a regex alternation or a sequence of two forms)."""
    words = "|".join(re.escape(w) for w in sorted(forms(), key=len, reverse=True) if len(w) > 1)
    spelled = re.compile(rf"(?:{words})(?:\||[\"'],\s*[\"'])(?:{words})")  # 胶囊|注射液, "片剂", "胶囊"
    assert spelled_in_code(spelled) == []
