"""Deciding what the policy requires and drafting the documents.

Public surface:
- `decide(ruling, matches, prior=())` → the actions of contract §4 (pure);
- `draft_ruling(ruling, matches, settings, out_dir, allocate, today)` → decide and write the DOCX;
- `plan_objection_letter(kind, objection, item, settings)` + `draft(...)` for the two letters;
- `load_settings(home)` → the offices of settings.toml.
"""

from generate.decisions import decide
from generate.documents import plan_objection_letter
from generate.pipeline import draft_ruling, result_json
from generate.render import draft
from generate.settings import load_settings

__all__ = ["decide", "draft", "draft_ruling", "load_settings", "plan_objection_letter", "result_json"]
