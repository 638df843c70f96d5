"""The OpenAPI 3.1 document of the JSON API (`web/api.py`)."""

from __future__ import annotations

from typing import Any

from store.match_decisions import DECISIONS
from store.ruling_fields import SIDES
from web.security import MAX_ID

# (path, method, permission, summary, has JSON body)
OPERATIONS = [
    ("/api/csrf", "get", None, "CSRF token of this session (send it as X-CSRF-Token)", False),
    ("/api/cases", "get", "read", "Registered rulings, newest first (?page=)", False),
    ("/api/cases/{ruling_id}", "get", "read",
     "A ruling: current values (`ruling`, removed items left out), every item in its place (`editable`, removed "
     "ones marked `removed`; correction paths count in it), the extractor's reading, corrections", False),
    ("/api/cases/{ruling_id}/corrections", "post", "correct", "Correct one field: {field, value}", True),
    ("/api/cases/{ruling_id}/parties", "post", "correct",
     "Add a party the extractor missed: {name, role (plaintiff, defendant, …), uscc?, side? (rights_holder or accused; judged from the role when missing)}; 201 {index, ruling, editable}",
     True),
    ("/api/cases/{ruling_id}/products", "post", "correct",
     "Add an accused product the extractor missed: {name, specification?, approval_number?, manufacturer?}; "
     "201 {index, ruling, editable}", True),
    ("/api/cases/{ruling_id}/parties/{index}/removed", "post", "correct",
     "Remove {removed: true} or restore {removed: false} the party at `index` of `editable`", True),
    ("/api/cases/{ruling_id}/products/{index}/removed", "post", "correct",
     "Remove {removed: true} or restore {removed: false} the product at `index` of `editable`", True),
    ("/api/cases/{ruling_id}/effective", "post", "correct",
     "Mark the ruling effective (生效证明 received): a correction of `effective`", False),
    ("/api/upload", "post", "upload", "Upload files (multipart, field `files`); each is queued for reading", False),
    ("/api/jobs", "get", "upload", "States of ingestion jobs (?ids=1,2)", False),
    ("/api/cases/{ruling_id}/matches", "get", "read", "Candidates with scores, reasons, decisions; the actions", False),
    ("/api/cases/{ruling_id}/matches", "post", "match",
     "Confirm or reject a pairing: {product, province, catalogue_id, decision}", True),
    ("/api/cases/{ruling_id}/drafts", "post", "draft",
     "Draft the documents the actions call for (unapproved drafts replaced): {drafts: [ids], refused: [reasons]} — "
     "an item with an approved or issued document of the kind is refused until that one is withdrawn; 409 when "
     "someone drafted for the case at the same moment", False),
    ("/api/cases/{ruling_id}/documents", "get", "read", "The case's documents and their states", False),
    ("/api/drafts/{draft_id}/{step}", "post", "approve",
     "approve | issue | withdraw. approve takes {version: the document's `version`, the content hash of the "
     "version read}: 409 when it is not the newest; 403 for anyone who drafted or edited any version", True),
    ("/api/search", "get", "read", "Search (?q=&type=&year=&effective=&authority=&outcome=&party=&patent=&product=&case=&sort=date|case|relevance&page=); `indexed` false when no index is built (a database scan: party/product/patent read as text, outcome not applied)", False),
    ("/api/audit", "get", "audit", "The audit log, newest first (?action=&page=)", False),
    ("/api/deadlines", "get", "read",
     "Appeal periods of not-yet-effective findings (`appeal_periods`, earliest end first) and the objections' "
     "reply deadlines (`replies`)", False),
    ("/api/objections", "get", "read", "Objections (异议), oldest received first, with their letters", False),
    ("/api/objections", "post", "draft",
     "Register an objection: {objector, province, catalogue_id, patent?, received? (ISO date, default today), "
     "deadline? (default received + 30 days), note?}; 201", True),
    ("/api/objections/{objection_id}/drafts", "post", "draft",
     "Draft the opinion request (请求函) and the dispute guidance letter (告知书) of an objection", False),
]


# The path parameters' schemas: ids are the positive integers `<int:…>` matches (MAX_ID bounds
# them), `index` counts from 0 in `editable`, `step` is one of three.
_ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
PATH_PARAMETERS: dict[str, dict[str, Any]] = {
    "ruling_id": _ID,
    "draft_id": _ID,
    "objection_id": _ID,
    "index": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
    "step": {"type": "string", "enum": ["approve", "issue", "withdraw"]},
}

# The query parameters an operation reads (all optional strings; a value that does not fit is
# taken as absent or refused with 400, never an error of the server).
QUERY_PARAMETERS: dict[tuple[str, str], tuple[str, ...]] = {
    ("/api/cases", "get"): ("page",),
    ("/api/jobs", "get"): ("ids",),
    ("/api/search", "get"): ("q", "type", "year", "effective", "authority", "outcome", "party", "patent", "product",
                             "case", "sort", "page"),
    ("/api/audit", "get"): ("action", "page"),
}



def _object(required: tuple[str, ...], **properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(required), "properties": properties}


_TEXT: dict[str, Any] = {"type": "string"}
_REMOVED = _object(("removed",), removed={"type": "boolean"})
# The fields of the JSON bodies (the summaries say what each means); a body that does not fit
# is refused with 400 and the reason.
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("/api/cases/{ruling_id}/corrections", "post"): _object(("field", "value"), field=_TEXT, value=_TEXT),
    ("/api/cases/{ruling_id}/parties", "post"): _object(("name", "role"), name=_TEXT, role=_TEXT, uscc=_TEXT,
                                                        side={"type": "string", "enum": [value for value, _ in SIDES]}),
    ("/api/cases/{ruling_id}/products", "post"): _object(("name",), name=_TEXT, specification=_TEXT,
                                                         approval_number=_TEXT, manufacturer=_TEXT),
    ("/api/cases/{ruling_id}/parties/{index}/removed", "post"): _REMOVED,
    ("/api/cases/{ruling_id}/products/{index}/removed", "post"): _REMOVED,
    ("/api/cases/{ruling_id}/matches", "post"): _object(
        ("province", "catalogue_id", "decision"), product={"type": "integer", "minimum": 0, "maximum": MAX_ID},
        province=_TEXT, catalogue_id=_TEXT, decision={"type": "string", "enum": list(DECISIONS)}),
    ("/api/objections", "post"): _object(
        ("objector", "province", "catalogue_id"), objector=_TEXT, province=_TEXT, catalogue_id=_TEXT, patent=_TEXT,
        received={"type": "string", "format": "date"}, deadline={"type": "string", "format": "date"}, note=_TEXT),
}


def openapi_document() -> dict[str, Any]:
    """The API description: one operation per (path, method), with the role permission."""
    paths: dict[str, dict[str, Any]] = {}
    for path, method, permission, summary, has_body in OPERATIONS:
        operation: dict[str, Any] = {
            "summary": summary,
            "responses": {"200": {"description": "OK"}, "401": {"description": "not signed in"},
                          "403": {"description": "role not permitted"}},
            "parameters": [{"name": name, "in": "path", "required": True, "schema": schema}
                           for name, schema in PATH_PARAMETERS.items() if "{" + name + "}" in path]
            + [{"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
               for name in QUERY_PARAMETERS.get((path, method), ())],
        }
        if permission:
            operation["x-permission"] = permission
        if has_body:
            body = BODIES.get((path, method), {"type": "object"})
            operation["requestBody"] = {"content": {"application/json": {"schema": body}}}
            operation["responses"]["400"] = {"description": "the body does not fit: {error} says why, in Chinese"}
        paths.setdefault(path, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "rulingdesk 裁决处理台 API", "version": "1"},
        "components": {"securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "rulingdesk_session"}}},
        "security": [{"session": []}],
        "paths": paths,
    }
