"""The templates: complete, reproducible from their build script, and robust to Word's editing."""

from __future__ import annotations

import copy
import datetime as dt
import io

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generate.model import DOCUMENT_KINDS
from generate.render import TemplateSet, issue
from templates import build_templates
from tests.generate.generate_builders import docx_text, sample_plans

PLANS = sample_plans()


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_every_template_variable_is_supplied(kind):
    _, values = issue(PLANS[kind], lambda prefix, year: 1, dt.date(2099, 3, 5))
    missing = TemplateSet().variables(kind) - set(values)
    assert missing == set()


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_committed_templates_match_the_build_script(kind, tmp_path):
    build_templates.main(tmp_path)
    committed = (build_templates.HERE / f"{kind}.docx").read_bytes()
    assert docx_text((tmp_path / f"{kind}.docx").read_bytes()) == docx_text(committed)


def _paragraphs(document):
    return list(document.paragraphs) + [p for t in document.tables for c in t._cells for p in c.paragraphs]


def _split_like_word(template: bytes, tag: str) -> bytes:
    """The template with the run holding `tag` cut into three runs and a proofing mark, as Word
    leaves a tag after an edit or a spelling check: `{{ ` | `proofErr` | `addres` | `see }}`."""
    document = docx.Document(io.BytesIO(template))
    run = next(r for p in _paragraphs(document) for r in p.runs if tag in r.text)
    text = run.text
    start = text.index(tag)
    cuts = [text[: start + 3], text[start + 3 : start + 8], text[start + 8 :]]
    run.text = cuts[0]
    anchor = run._r
    for piece in cuts[1:]:
        mark = OxmlElement("w:proofErr")
        mark.set(qn("w:type"), "spellStart")
        anchor.addnext(mark)
        clone = copy.deepcopy(run._r)
        for t in clone.findall(qn("w:t")):
            t.text = piece
        mark.addnext(clone)
        anchor = clone
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("kind", "tag", "expected"), [
    ("delisting_notice", "{{ addressee }}", "甲乙制药有限公司："),
    ("delisting_notice", "{{ row.code }}", "YP0012345 | 艾地骨化醇软胶囊"),
    ("opinion_request", "{{ reply_deadline }}", "请于2099年3月31日前函复我单位"),
])
def test_a_tag_split_across_runs_still_renders(kind, tag, expected, tmp_path):
    templates = TemplateSet()
    split = _split_like_word(templates.path(kind).read_bytes(), tag)
    document = docx.Document(io.BytesIO(split))
    runs = [r.text for p in _paragraphs(document) for r in p.runs]
    assert not any(tag in text for text in runs)  # the tag no longer sits in one run
    (tmp_path / f"{kind}.docx").write_bytes(split)
    _, values = issue(PLANS[kind], lambda prefix, year: 1, dt.date(2099, 3, 5))
    text = docx_text(TemplateSet(tmp_path).render(kind, values))
    assert expected in text
    assert "{{" not in text and "}}" not in text
