"""The JSON API fuzzed from its own OpenAPI document (/api/openapi.json): schemathesis makes
requests for every operation — path ids, query strings and JSON bodies that fit the document and
ones that do not — and sends each signed in as an account whose role has the operation's
`x-permission`, with the CSRF header. No request may get a 5xx. Bounded and derandomized, so
that CI runs the same requests every time."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from tests.web.conftest import ACCOUNTS, import_sample_catalogue, log_in, make_app, register_sample  # noqa: E402
from web.api_spec import openapi_document  # noqa: E402
from web.security import CSRF_HEADER, PERMISSIONS  # noqa: E402

pytestmark = pytest.mark.slow

EXAMPLES = 12  # per operation: 22 operations, about 40 s of requests in all

# The document /api/openapi.json serves (test_api checks that it is served and covers every
# route), read at collection so that each operation is a test of its own; the requests go to the
# app of `fuzzed_app` through WSGI.
schema = schemathesis.openapi.from_dict(openapi_document())


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory):
    """A desk with the sample catalogue and the sample ruling (id 1), so that the small ids the
    fuzzer tries first name a real case and the requests reach the code behind the lookups."""
    folder = tmp_path_factory.mktemp("fuzz")
    app = make_app(folder / "home")
    import_sample_catalogue(app, folder)
    register_sample(app, folder)
    yield app
    app.extensions["desk"].close()


@pytest.fixture(scope="module")
def credentials(fuzzed_app) -> dict[str, dict[str, dict[str, str]]]:
    """role -> the cookies and headers of a signed-in session of that role (its session cookie,
    its CSRF token)."""
    found = {}
    for username, role in ACCOUNTS.items():
        if role in found:
            continue
        client = fuzzed_app.test_client()
        assert log_in(client, username).status_code == 302
        token = client.get("/api/csrf").get_json()["csrf_token"]
        cookie = client.get_cookie(fuzzed_app.config["SESSION_COOKIE_NAME"])
        found[role] = {"cookies": {cookie.key: cookie.value}, "headers": {CSRF_HEADER: token}}
    return found


def _role_for(operation) -> str:  # type: ignore[no-untyped-def]
    """A role with the operation's permission (the clerk's where it has it: it can do most)."""
    permission = operation.definition.raw.get("x-permission")
    if permission is None:
        return "clerk"
    allowed = PERMISSIONS[permission]
    return "clerk" if "clerk" in allowed else sorted(allowed)[0]


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_server_error(case, fuzzed_app, credentials):
    case.call_and_validate(app=fuzzed_app, **credentials[_role_for(case.operation)], checks=[not_a_server_error])
